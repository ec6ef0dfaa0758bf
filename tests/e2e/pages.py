"""Pages in a given language and screen for the browser tests: es-MX or en-US, a desktop
(1280 × 800) or a phone (390 × 844); a console error (and, when asked, a 404) fails the test,
as with the `page` fixture; a screenshot of each page goes to tests/e2e/artifacts/. Also the
geometry the layout tests share: element boxes, what lies on top, overlaps; and the search."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, collect_errors

SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

# An element's box as [left, top, right, bottom]; null when there is no such element.
BOX = """(sel) => { const e = document.querySelector(sel); if (!e) return null; const r = e.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom]; }"""
# Is the element's top middle (12 px down, or its middle if lower) covered by nothing but itself?
ON_TOP = """(sel) => { const e = document.querySelector(sel); const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
  return !!hit && e.contains(hit); }"""


def overlap(a, b) -> bool:
    """Do two boxes [left, top, right, bottom] overlap?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def search(page, text):
    """Types ``text`` in the map's search box and chooses the first match with Enter."""
    page.click("#search")
    page.fill("#search", "")
    page.keyboard.type(text)
    page.wait_for_selector("#search-results [role='option'][data-key]")
    page.keyboard.press("Enter")


@pytest.fixture
def open_page(browser, request):
    """open_page(locale="en-US", screen="desktop", *, fail_on_404=False, **context_options)
    -> a new page in its own context (context_options go to browser.new_context)."""
    contexts, errors = [], []

    def make(locale: str = "en-US", screen: str = "desktop", *, fail_on_404: bool = False, **context_options):
        phone = screen == "phone"
        options = {"viewport": SCREENS[screen], "is_mobile": phone, "has_touch": phone, **context_options}
        context = browser.new_context(locale=locale, **options)
        context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        collect_errors(page, errors, prefix=f"{locale} {screen}: ")
        if fail_on_404:
            page.on("response", lambda r: r.status == 404 and errors.append(f"404 {r.url}"))
        return page

    yield make
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", request.node.name)
    for i, context in enumerate(contexts):
        for j, page in enumerate(context.pages):
            page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}.png"))
        context.close()
    assert not errors, f"browser console errors: {errors}"
