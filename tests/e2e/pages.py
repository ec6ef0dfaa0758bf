"""Pages in a given language and screen for the browser tests: es-MX or en-US, a desktop
(1280 × 800) or a phone (390 × 844); a console error fails the test, as with the `page`
fixture."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import collect_errors

SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def open_page(browser):
    """open_page(locale, screen="desktop") -> a new page in its own context."""
    contexts, errors = [], []

    def make(locale: str, screen: str = "desktop"):
        context = browser.new_context(
            viewport=SCREENS[screen], locale=locale, is_mobile=screen == "phone", has_touch=screen == "phone"
        )
        context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        collect_errors(page, errors, prefix=f"{locale} {screen}: ")
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"browser console errors: {errors}"
