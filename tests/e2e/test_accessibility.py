"""axe-core (the copy that the PyPI package axe-playwright-python 0.1.8 ships: axe-core
4.12.1) finds no violation on the project's own pages — the map (also with a region's panel
open), a country, the comparison, the layers — in Spanish and English, on a desktop and on a
phone. The pages forbid inline scripts and eval: axe's source goes in through the DevTools
protocol (page.evaluate), which the policy does not govern."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

AXE = Axe()
PAGES = {
    "map": ("/", "#map[data-ready='true']"),
    "country": ("/countries/MEX/", "#country-map[data-ready='true']"),
    "compare": ("/compare/", "#compare-table"),
    "layers": ("/layers/", "#resources"),
}


def violations(page) -> list[str]:
    results = AXE.run(page).response
    assert results["testEngine"]["version"] == "4.12.1"
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_axe_finds_no_violation_on_the_pages(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    for name, (path, ready) in PAGES.items():
        page.goto(server.url + path)
        page.wait_for_selector(ready, timeout=20000)
        assert violations(page) == [], name


def test_axe_finds_no_violation_with_the_panel_and_the_trend_table_open(server, open_page):  # noqa: F811
    page = open_page("es-MX")
    page.goto(server.url + "/?region=MEX")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']", timeout=20000)
    assert violations(page) == []
    phone = open_page("es-MX", "phone")
    phone.goto(server.url + "/countries/GTM/")
    phone.wait_for_selector("#country-map[data-ready='true']", timeout=20000)
    phone.click("section[aria-labelledby='trend'] summary")
    assert phone.is_visible("#trend-table")
    assert violations(phone) == []


def test_axe_reports_what_it_should(server, open_page):  # noqa: F811
    """The check itself works: a nameless button and a small map named as an image around
    interactive shapes (the country map as it was) are reported."""
    page = open_page("en-US")
    page.goto(server.url + "/countries/MEX/")
    page.wait_for_selector("#country-map[data-ready='true']", timeout=20000)
    page.evaluate(
        "document.querySelector('h1').append(document.createElement('button'));"
        "document.querySelector('#country-map').setAttribute('role', 'img')"
    )
    found = violations(page)
    assert any(v.startswith("button-name (critical)") for v in found)
    assert any(v.startswith("nested-interactive (serious)") for v in found), found
