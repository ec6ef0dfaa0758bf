"""The region panel and the focus (static/biomass/js/panel.js; issue 15, keyboard): the panel
of a shared link does not take the focus from the top of the page; the user's own opening
does, and Escape gives it back to the region or the search box that opened the panel."""

import pytest

from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

LOCALES = ["es-MX", "en-US"]
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
    page.wait_for_timeout(300)  # anything that would still move the focus
    assert page.evaluate(ACTIVE) == "body"
    page.keyboard.press("Tab")  # the first stop of the page, not one inside the panel
    assert page.evaluate("document.activeElement.className") == "skip-link"
    # A change of scenario refreshes the panel; the focus stays on the select.
    if screen == "phone":
        page.click("#controls-toggle")  # the settings are in a drawer
    page.focus("#scenario")
    page.select_option("#scenario", "high")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']")
    page.wait_for_timeout(300)
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
