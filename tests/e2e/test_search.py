"""The search box of the map (static/biomass/js/search.js and finder.js; issue 15, search):
a choice made before the map and the names are ready waits for them and is carried out; the
first search says it is loading (aria-busy, a live region); the names are fetched ahead,
once the map is drawn, so that the first search is quick."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.pages import open_page, search  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

LOCALES = ["es-MX", "en-US"]
LOADING = {"es-MX": "Cargando…", "en-US": "Loading…"}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_choice_made_before_the_data_is_ready_is_carried_out(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    held = []  # the catalogue (the map waits for it) and the admin-1 names, held back

    def holds(url):
        return "/api/resources/" in url or ("/api/regions/" in url and "level=admin1" in url)

    page.context.route(holds, lambda route: held.append(route))
    page.goto(server.url + "/")
    page.click("#search")
    page.keyboard.type("queretaro")
    page.wait_for_selector("#search-results .search-loading")
    assert page.inner_text("#search-results .search-loading") == LOADING[locale]
    assert page.get_attribute("#search-results", "aria-busy") == "true"
    assert page.inner_text("#search-status") == LOADING[locale]  # the live region says it too
    page.keyboard.press("Enter")  # nothing is ready yet
    assert page.get_attribute("#map", "data-ready") is None and held
    page.context.unroute(holds)  # the block of OpenStreetMap's tiles stays
    for route in held:
        route.continue_()
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-QUE']", timeout=30000)
    page.wait_for_selector("#map[data-ready='true'][data-level='admin1']", timeout=30000)
    assert "region=MX-QUE" in page.url and page.evaluate("document.activeElement.id") == "panel"
    assert page.input_value("#search") == "Querétaro"
    assert page.locator("#search-results").is_hidden()  # no list comes back after the choice
    assert page.get_attribute("#search-results", "aria-busy") == "false"
    assert page.inner_text("#search-status") == ""


# Records whether a "Loading…" item is ever added to the list of results.
SAW_LOADING = """() => { window.sawLoading = false;
  new MutationObserver(() => { if (document.querySelector('#search-results .search-loading')) window.sawLoading = true; })
    .observe(document.querySelector('#search-results'), {childList: true, subtree: true}); }"""


@pytest.mark.parametrize("locale", LOCALES)
def test_the_names_are_fetched_once_the_map_is_drawn_and_the_first_search_is_quick(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=30000)
    # the finder's three reads (countries, admin-1 units, towns), whichever comes last
    fetched = (
        "['/api/regions/?level=country', '/api/regions/?level=admin1', '/api/sites/'].every(part =>"
        " performance.getEntriesByType('resource').some(e => e.name.includes(part) && e.responseEnd > 0))"
    )
    wait_until(page, fetched)  # without a keystroke in the search box
    asked = []
    page.on("request", lambda request: "level=admin1" in request.url and asked.append(request.url))
    page.evaluate(SAW_LOADING)
    page.click("#search")
    page.keyboard.type("queretaro")
    page.wait_for_selector("#search-results [data-key='region:MX-QUE']")
    # the names were there: no "Loading…" item ever, and no second request for them
    assert page.evaluate("window.sawLoading") is False and asked == []


@pytest.mark.parametrize("locale", LOCALES)
def test_a_region_chosen_before_the_map_is_drawn_opens_once_it_is(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    held = []  # the catalogue: the map waits for it, the search does not

    def holds(url):
        return "/api/resources/" in url

    page.context.route(holds, lambda route: held.append(route))
    page.goto(server.url + "/")
    page.click("#search")
    page.keyboard.type("costa rica")
    page.wait_for_selector("#search-results [data-key='region:CRI']", timeout=30000)
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('#search-results').hidden")  # the choice is made
    assert page.input_value("#search") == "Costa Rica"
    assert page.get_attribute("#map", "data-ready") is None and page.locator("#panel").is_hidden()
    page.context.unroute(holds)
    for route in held:
        route.continue_()
    page.wait_for_selector("#panel[data-ready='true'][data-code='CRI']", timeout=30000)
    assert "region=CRI" in page.url and page.evaluate("document.activeElement.id") == "panel"


def query(page) -> dict:
    return dict(parse_qsl(urlsplit(page.url).query))


SHOWN = """() => ({panel: document.querySelector('#panel').hidden ? null : document.querySelector('#panel').dataset.code,
  analysis: document.querySelector('#analysis').hidden ? null : document.querySelector('#analysis').dataset.key})"""


@pytest.mark.parametrize("locale", LOCALES)
def test_the_url_holds_exactly_the_panel_or_the_site_shown_and_opens_it_again(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=30000)
    # a region, then a town: the URL names the site (5 decimals, radius) and no longer the region
    search(page, "San José")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CR-SJ']", timeout=30000)
    assert query(page)["region"] == "CR-SJ" and "site" not in query(page)
    search(page, "tegucigalpa")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    q = query(page)
    assert "region" not in q and q["radius"] == "50", q
    lon, lat = q["site"].split(",")
    assert len(lon.split(".")[1]) == 5 and len(lat.split(".")[1]) == 5
    assert -87.3 < float(lon) < -87.1 and 14.0 < float(lat) < 14.2  # Tegucigalpa
    shown = page.evaluate(SHOWN)
    assert (
        shown["panel"] is None and f"lon={lon}" in shown["analysis"] and "radius_km=50" in shown["analysis"]
    )
    # the shared link opens the same analysis, not San José's panel
    url = page.url
    again = open_page(locale)
    again.goto(url)
    again.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert again.evaluate(SHOWN) == shown and query(again) == q
    # a changed radius is kept; the region panel again replaces the site in the URL
    page.fill("#radius", "30")
    page.dispatch_event("#radius", "change")
    page.wait_for_selector("#analysis[data-ready='true'][data-key*='radius_km=30']", timeout=30000)
    assert query(page)["radius"] == "30"
    search(page, "San José")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CR-SJ']", timeout=30000)
    assert query(page)["region"] == "CR-SJ" and "site" not in query(page) and "radius" not in query(page)
    assert page.evaluate(SHOWN) == {"panel": "CR-SJ", "analysis": None}  # the analysis gave way
    again = open_page(locale)
    again.goto(page.url)
    again.wait_for_selector("#panel[data-ready='true'][data-code='CR-SJ']", timeout=30000)
    assert again.locator("#analysis").is_hidden()
    # closing the analysis takes the site out of the URL
    again.goto(url)
    again.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    again.click("#analysis-close")
    assert "site" not in query(again) and "region" not in query(again)
