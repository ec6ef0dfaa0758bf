"""The region panel and the focus (static/biomass/js/panel.js; issue 15, keyboard): the panel
of a shared link does not take the focus from the top of the page; the user's own opening
does, and Escape gives it back to the region or the search box that opened the panel."""

import json

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.pages import BOX, ON_TOP, open_page, search  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

LOCALES = ["es-MX", "en-US"]
# The panel shown again for the scenario chosen in #scenario.
REFRESHED = """document.querySelector('#panel').dataset.ready === 'true' && document.querySelector('#panel-caption')
  .textContent.includes(document.querySelector('#scenario').selectedOptions[0].text)"""
ACTIVE = "document.activeElement === document.body ? 'body' : (document.activeElement.id || document.activeElement.dataset.code || document.activeElement.className)"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_panel_of_a_shared_link_leaves_the_focus_at_the_top_of_the_page(
    server,
    open_page,  # noqa: F811
    locale,
    screen,
):
    page = open_page(locale, screen)
    page.goto(server.url + "/?level=admin1&region=MX-JAL")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']", timeout=30000)
    wait_until(
        page, "document.querySelector('#map').dataset.ready === 'true'"
    )  # drawn: nothing left to move the focus
    assert page.evaluate(ACTIVE) == "body"
    page.keyboard.press("Tab")  # the first stop of the page, not one inside the panel
    assert page.evaluate("document.activeElement.className") == "skip-link"
    # A change of scenario refreshes the panel; the focus stays on the select.
    if screen == "phone":
        page.click("#controls-toggle")  # the settings are in a drawer
    page.focus("#scenario")
    page.select_option("#scenario", "high")
    wait_until(page, REFRESHED)  # the panel focuses itself, if it does, as it becomes ready
    assert page.evaluate(ACTIVE) == "scenario"


@pytest.mark.parametrize("locale", LOCALES)
def test_escape_gives_the_focus_back_to_the_region_that_opened_the_panel(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true'][data-level='country']", timeout=30000)
    # By the keyboard: the region in the tab order, Enter, Escape.
    page.focus(".leaflet-overlay-pane path[tabindex='0']")
    code = page.evaluate("document.activeElement.dataset.code")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#panel[data-ready='true'][data-code='{code}']")
    assert page.evaluate(ACTIVE) == "panel"
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert page.evaluate(ACTIVE) == code  # not the map's container
    # By the mouse: the region clicked gets the focus back, and is the one in the tab order.
    page.click(".leaflet-overlay-pane path[data-code='GTM']")
    page.wait_for_selector("#panel[data-ready='true'][data-code='GTM']")
    assert page.evaluate(ACTIVE) == "panel"
    page.keyboard.press("Escape")
    assert page.evaluate(ACTIVE) == "GTM"
    assert page.eval_on_selector_all(
        "path[data-code][tabindex='0']", "ps => ps.map(p => p.dataset.code)"
    ) == ["GTM"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_escape_gives_the_focus_back_to_the_search_box_that_opened_the_panel(
    server,
    open_page,  # noqa: F811
    locale,
    screen,
):
    page = open_page(locale, screen)
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=30000)
    page.click("#search")
    page.keyboard.type("queretaro")
    page.wait_for_selector("#search-results [data-key='region:MX-QUE']")
    page.keyboard.press("Enter")  # the map goes to admin-1 and is drawn again
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-QUE']", timeout=30000)
    assert page.evaluate(ACTIVE) == "panel"
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert page.evaluate(ACTIVE) == "search"


CIRCLE = ".leaflet-overlay-pane path[stroke='#d95f02']"


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_desktop_the_panel_leaves_the_catchment_and_the_map_controls_in_view(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=30000)
    search(page, "tegucigalpa")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    wait_until(
        page,
        f"(() => {{ const c = ({BOX})({json.dumps(CIRCLE)}); return !!c && c[2] <= ({BOX})('#analysis')[0]; }})()",
    )
    panel, circle, mapbox = (page.evaluate(BOX, sel) for sel in ("#analysis", CIRCLE, "#map"))
    # the whole catchment circle is on the map, beside the panel (was half under it)
    assert circle[0] >= mapbox[0] and circle[1] >= mapbox[1] and circle[3] <= mapbox[3]
    assert circle[2] <= panel[0], (circle, panel)
    # the base map switch and the sources are beside the panel, under nothing: the switch opens
    for sel in (".leaflet-control-layers", ".leaflet-control-attribution"):
        box = page.evaluate(BOX, sel)
        assert box[2] <= panel[0] + 1 and page.evaluate(ON_TOP, sel), (sel, box, panel)
    page.hover(".leaflet-control-layers")
    page.wait_for_selector(".leaflet-control-layers-expanded")
    # the same beside a region's panel; closed, the controls go back to the map's edge
    page.mouse.move(400, 400)
    search(page, "San José")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CR-SJ']", timeout=30000)
    panel = page.evaluate(BOX, "#panel")
    assert page.evaluate(BOX, ".leaflet-control-layers")[2] <= panel[0] + 1
    assert page.evaluate(ON_TOP, ".leaflet-control-layers")
    page.click("#panel-close")
    assert page.evaluate(BOX, ".leaflet-control-layers")[2] >= mapbox[2] - 20


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_phone_a_search_closes_the_drawer_and_the_sheet_opens_at_its_title(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "phone")
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=30000)
    for text, sheet, title in (
        ("San José", "#panel", "#panel-title"),
        ("tegucigalpa", "#analysis", "#analysis-title"),
    ):
        page.click("#controls-toggle")  # «Ajustes del mapa» open
        assert page.get_attribute("#controls-toggle", "aria-expanded") == "true"
        search(page, text)
        page.wait_for_selector(sheet + "[data-ready='true']", timeout=30000)
        wait_until(page, "!document.querySelector('#controls').checkVisibility({visibilityProperty: true})")
        assert page.get_attribute("#controls-toggle", "aria-expanded") == "false"
        assert page.locator("#controls").is_hidden()
        # the sheet at its top, its title in view inside it
        assert page.evaluate(f"document.querySelector('{sheet}').scrollTop") == 0
        box, head = page.evaluate(BOX, sheet), page.evaluate(BOX, title)
        assert box[1] <= head[1] and head[3] <= box[3] and head[3] <= 844, (box, head)
        assert page.evaluate(ON_TOP, title)
        # the legend area stays folded over the map above the sheet
        assert page.locator("#legend").is_hidden()
