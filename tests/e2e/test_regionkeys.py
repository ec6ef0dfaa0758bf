"""The regions of the map with the keyboard (static/biomass/js/regionkeys.js; issue 15,
keyboard): one region in the tab order (a roving tabindex, as WAI-ARIA's composite widgets),
arrow keys in alphabetical order, Home and End; the map's description says so; in site mode
Enter does what a click does (analyses the site at a point inside the region)."""

import re
import unicodedata

import pytest
from shapely.geometry import Point, shape

from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

LOCALES = ["es-MX", "en-US"]
FOCUSED = "document.activeElement.dataset.code || null"
TAB_STOPS = "() => Array.from(document.querySelectorAll('path[data-code]')).filter(p => p.tabIndex >= 0).map(p => p.dataset.code)"


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize("locale", LOCALES)
def test_tab_reaches_one_region_and_the_arrow_keys_go_through_them_by_name(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/?level=admin1")
    page.wait_for_selector("#map[data-ready='true'][data-level='admin1']", timeout=30000)
    names = dict(
        page.eval_on_selector_all("path[data-code]", "ps => ps.map(p => [p.dataset.code, p.ariaLabel])")
    )
    assert len(names) > 100
    assert len(page.evaluate(TAB_STOPS)) == 1  # hundreds of regions, one stop
    page.focus("#search")
    for _ in range(60):  # Tab from the search box to the map's region
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED):
            break
    first = page.evaluate(FOCUSED)
    assert first and page.evaluate("document.activeElement.getAttribute('role')") == "button"
    page.keyboard.press("Tab")  # one more press leaves the regions
    assert page.evaluate(FOCUSED) is None
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == first
    by_name = sorted(names, key=lambda code: fold(names[code]))
    page.keyboard.press("Home")
    assert page.evaluate(FOCUSED) == by_name[0]
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED) == by_name[1]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED) == by_name[2]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(FOCUSED) == by_name[0]
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED) == by_name[-1]
    assert page.evaluate(TAB_STOPS) == [by_name[-1]]  # the stop moves with the focus
    page.keyboard.press("ArrowRight")  # round to the first
    assert page.evaluate(FOCUSED) == by_name[0]
    # The focused region is in view (the map pans to it) and the page did not scroll.
    assert page.evaluate(
        """() => { const r = document.activeElement.getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect();
                   return r.right > m.left && r.left < m.right && r.bottom > m.top && r.top < m.bottom && document.getElementById('map').scrollTop === 0; }"""
    )
    description = page.evaluate(
        "document.getElementById(document.getElementById('map').getAttribute('aria-describedby')).textContent"
    )
    assert ("flechas" if locale.startswith("es") else "arrow keys") in description


@pytest.mark.parametrize("locale", LOCALES)
def test_in_site_mode_enter_on_a_region_analyses_a_site_inside_it(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/?view=9.9,-84.1,7")
    page.wait_for_selector("#map[data-ready='true'][data-level='country']", timeout=30000)
    page.click("#site-mode")
    assert page.get_attribute("#site-mode", "aria-pressed") == "true"
    page.focus("path[data-code='CRI']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert page.locator("#panel").is_hidden()  # not the region's panel
    title = page.inner_text("#analysis-title")
    assert title.startswith("Sitio" if locale.startswith("es") else "Site")  # as a click names it
    lat, lon = (float(x) for x in re.findall(r"-?\d+\.\d+", title)[:2])
    region = page.request.get(server.url + "/api/regions/?code=CRI&zoom=8").json()["features"][0]
    assert shape(region["geometry"]).contains(Point(lon, lat))
    assert page.evaluate("document.activeElement.id") == "analysis"
    # Out of site mode, Enter opens the region's panel again.
    page.keyboard.press("Escape")
    page.click("#site-mode")
    page.focus("path[data-code='CRI']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CRI']")
