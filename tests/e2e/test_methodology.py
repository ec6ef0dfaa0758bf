"""The methodology page and the country report, in a real browser: Spanish (es-MX) and
English (en-US), desktop and phone, no sideways scroll, the links from the header and the
country page, and the PDF served from the link."""

import io

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, collect_errors

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def open_page(browser, locale: str, device: dict):
    """A page in this language and viewport that records console errors."""
    context = browser.new_context(locale=locale, **device)
    # Base-map tiles come from the internet; offline they fail, which is not a page error.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    collect_errors(page, errors)
    return context, page, errors


@pytest.mark.parametrize(
    "locale, heading, nav, section",
    [
        ("es-MX", "Cómo se calculan las cifras", "Metodología", "Incertidumbre: P10–P90"),
        ("en-US", "How the numbers are computed", "Methodology", "Uncertainty: P10–P90"),
    ],
)
@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_methodology_page_renders_in_each_language_without_sideways_scroll(
    server, browser, locale, heading, nav, section, device
):
    context, page, errors = open_page(browser, locale, device)
    page.goto(server.url + "/compare/")
    page.get_by_role("link", name=nav, exact=True).click()  # from the header
    page.wait_for_url("**/methodology/")
    assert page.inner_text("h1") == heading
    assert page.get_by_role("heading", name=section).is_visible()
    assert page.locator("#methodology-parameters tbody tr").count() > 20
    assert page.get_attribute("html", "lang") == locale[:2]
    width = device["viewport"]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"methodology-{locale}-{width}.png"))
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    "locale, link, expected",
    [
        ("es-MX", "Informe (PDF)", "Informe del potencial de biomasa"),
        ("en-US", "Report (PDF)", "Biomass potential report"),
    ],
)
def test_the_country_page_links_to_its_report_and_the_methodology(server, browser, locale, link, expected):
    context, page, errors = open_page(browser, locale, PHONE)
    page.goto(server.url + "/countries/CRI/")
    report = page.get_by_role("link", name=link)
    assert report.is_visible()
    # fetched by the page itself, with the browser's language, as a click would
    fetched = page.evaluate(
        """async (href) => {
          const r = await fetch(href);
          const bytes = new Uint8Array(await r.arrayBuffer());
          return {status: r.status, type: r.headers.get("content-type"), bytes: Array.from(bytes)};
        }""",
        report.get_attribute("href"),
    )
    assert fetched["status"] == 200 and fetched["type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(fetched["bytes"]))).pages)
    assert expected in text and "Costa Rica" in text
    page.locator("#methodology-note a").click()
    page.wait_for_url("**/methodology/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
    assert errors == []


def test_a_catchment_links_to_its_site_report(server, page):
    page.goto(server.url + "/?view=13.7,-89.2,8")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    page.fill("#radius", "40")
    page.fill("#plant", "5")
    page.click("#site-mode")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    link = page.get_by_role("link", name="Report (PDF)")
    assert link.is_visible()
    href = link.get_attribute("href")
    assert href.startswith("/sites/report.pdf?") and "radius_km=40" in href and "plant_mw=5" in href
    fetched = page.evaluate(
        """async (href) => {
          const r = await fetch(href);
          const bytes = new Uint8Array(await r.arrayBuffer());
          return {status: r.status, bytes: Array.from(bytes)};
        }""",
        href,
    )
    assert fetched["status"] == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(fetched["bytes"]))).pages)
    assert "Site report" in text and "Radius needed for 5 MW" in text
