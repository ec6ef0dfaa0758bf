"""Reaching everything on a phone and with the keyboard alone; the search; the language
switch keeping the view (issue 15, items 6, 9, 10 and 13). In es-MX and en-US, on a desktop
(1280 × 800) and a phone (390 × 844)."""

import re

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.pages import SCREENS, open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

LOCALES = ["es-MX", "en-US"]
PAGES = ["/", "/countries/MEX/", "/countries/GTM/", "/compare/", "/layers/", "/methodology/", "/api/docs/"]


def wait_ready(page, level=None):
    selector = "#map[data-ready='true']" + (f"[data-level='{level}']" if level else "")
    page.wait_for_selector(selector, timeout=20000)


# The element at the centre of each header link and of the language selector is that element.
HEADER_REACHABLE = """() => Array.from(document.querySelectorAll(
    '.site-header a.brand, .site-header nav a, #language-select')).map(e => {
  const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return [e.textContent.trim().slice(0, 30), r.width > 0 && (hit === e || e.contains(hit))];
})"""


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_page_fits_the_screen_and_its_header_can_be_used(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    for path in PAGES:
        page.goto(server.url + path)
        if path == "/":
            wait_ready(page)
        page.wait_for_load_state("networkidle")
        # (a phone's browser widens its layout to fit what overflows: the screen's width is the rule)
        width = SCREENS[screen]["width"]
        widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= width and widths[1] == width, f"{path} scrolls sideways: {widths}"
        if path != "/api/docs/":  # Swagger's page has no header of ours
            reachable = page.evaluate(HEADER_REACHABLE)
            # the brand, four links (map, compare, layers, methodology) and the language selector
            assert len(reachable) == 6 and all(ok for _, ok in reachable), (path, reachable)


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_phone_the_settings_are_a_drawer_and_the_panel_leaves_the_map_in_view(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "phone")
    page.goto(server.url + "/?compare=central")  # a difference with itself: the map says why not
    wait_ready(page, "country")
    assert page.locator("#map-status").is_visible()  # the map's message shows with the drawer closed
    toggle = page.locator("#controls-toggle")
    assert toggle.get_attribute("aria-expanded") == "false" and not page.locator("#resource").is_visible()
    map_box = page.locator("#map").bounding_box()
    assert map_box["width"] >= 380 and map_box["height"] >= 600  # the map takes the screen
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#resource").is_visible()
    assert all(ok for _, ok in page.evaluate(HEADER_REACHABLE))  # the open drawer leaves the header
    page.select_option("#level", "admin1")
    wait_ready(page, "admin1")
    page.keyboard.press("Escape")  # Escape closes the drawer, the focus goes back to its toggle
    assert toggle.get_attribute("aria-expanded") == "false" and not page.locator("#resource").is_visible()
    assert page.evaluate("document.activeElement.id") == "controls-toggle"
    page.locator(".leaflet-overlay-pane path[data-code='MX-JAL']").dispatch_event("click")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']")
    panel = page.locator("#panel").bounding_box()
    assert panel["height"] <= 0.5 * map_box["height"] + 1  # a sheet at the bottom
    assert panel["y"] >= map_box["y"] + 0.5 * map_box["height"] - 1


def luminance(colour):
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


# The focused element's outline and the first opaque background behind it (its parents', or
# its own when the ring is drawn inside it).
FOCUS_RING = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  let node = parseFloat(style.outlineOffset) < 0 ? e : e.parentElement, background = 'rgb(255, 255, 255)';
  while (node) {
    const b = getComputedStyle(node).backgroundColor;
    if (b && b !== 'transparent' && !b.startsWith('rgba(0, 0, 0, 0)')) { background = b; break; }
    node = node.parentElement;
  }
  return {tag: e.tagName, id: e.id, code: e.dataset ? e.dataset.code : null, town: e.dataset.town || null,
          outline: style.outlineColor, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle,
          background};
}"""


def tab_until_region(page, limit=80):
    """Presses Tab until a region has the focus; returns the rings seen on the way."""
    rings = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        rings.append(ring)
        if ring["code"]:
            return rings
    raise AssertionError(f"no region reached in {limit} presses of Tab: {rings[-5:]}")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_keyboard_only_walk_opens_and_closes_a_region_with_a_visible_focus(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "desktop")
    page.goto(server.url + "/?view=9.93,-84.08,8")
    wait_ready(page, "country")
    page.check("#towns")  # 1,003 towns on the map, none in the tab order
    page.wait_for_selector("#map[data-towns='1003']")
    towns = page.eval_on_selector_all("path[data-town]", "ps => ps.map(p => [p.tabIndex, p.ariaHidden])")
    assert len(towns) == 1003 and all(t == [-1, "true"] for t in towns)
    page.focus("#towns")
    rings = tab_until_region(page)
    assert len(rings) < 30 and not any(r["town"] for r in rings)
    page.goto(server.url + "/")  # from the top of the page
    wait_ready(page, "country")
    rings = tab_until_region(page)
    assert len(rings) < 40  # 24 on 2026-12-02: skip link, header, search, the settings, the map
    region = rings[-1]["code"]
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#panel[data-ready='true'][data-code='{region}']")
    assert page.evaluate("document.activeElement.id") == "panel"
    rings.append(page.evaluate(FOCUS_RING))  # the panel's ring
    page.keyboard.press("Tab")
    rings.append(page.evaluate(FOCUS_RING))  # the panel's close button
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden() and "region=" not in page.url
    for ring in rings:
        assert ring["styleName"] != "none" and ring["width"] >= 2, ring
        assert contrast(ring["outline"], ring["background"]) >= 3, ring


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_search_finds_a_region_without_accents_zooms_outlines_and_opens_it(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    page.goto(server.url + "/")
    wait_ready(page, "country")
    zoom_before = page.evaluate("Number(new URLSearchParams(location.search).get('view').split(',')[2])")
    page.click("#search")
    page.keyboard.type("queretaro")
    page.wait_for_selector("#search-results [role='option'][data-key='region:MX-QUE']")
    assert page.get_attribute("#search", "aria-expanded") == "true"
    assert page.inner_text("#search-results [role='option']:first-child").startswith("Querétaro")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#search", "aria-activedescendant") == "search-option-0"
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-QUE']")
    wait_ready(page, "admin1")  # the map went to the region's level
    wait_until(
        page, "Number(new URLSearchParams(location.search).get('view').split(',')[2]) > " + str(zoom_before)
    )
    wait_ready(page, "admin1")  # redrawn at the finer detail of the new zoom
    assert page.get_attribute(".leaflet-overlay-pane path[data-code='MX-QUE']", "data-selected") == "true"
    assert page.get_attribute(".leaflet-overlay-pane path[data-code='MX-QUE']", "stroke-width") == "4"
    assert page.input_value("#search") == "Querétaro"  # the choice stays shown
    assert page.input_value("#level") == "admin1"  # the settings say what the map shows
    assert "region=MX-QUE" in page.url and page.evaluate("document.activeElement.id") == "panel"
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    wait_until(page, "document.querySelector(\"path[data-code='MX-QUE']\").dataset.selected === 'false'")


@pytest.mark.parametrize("locale", LOCALES)
def test_search_finds_a_town_and_analyses_it(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "desktop")
    page.goto(server.url + "/")
    wait_ready(page, "country")
    page.fill("#search", "san jose")
    page.wait_for_selector("#search-results [data-kind='town']")
    town = page.inner_text("#search-results [data-kind='town']")
    assert ("habitantes" if locale.startswith("es") else "inhabitants") in town
    options = page.eval_on_selector_all(
        "#search-results [role='option']", "os => os.map(o => o.dataset.kind)"
    )
    index = options.index("town")
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    assert page.get_attribute(f"#search-option-{index}", "aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert "San José" in page.inner_text("#analysis-title")
    page.keyboard.press("Escape")  # the focus is on the results: Escape closes them
    assert page.locator("#analysis").is_hidden()
    page.fill("#search", "zzzz")
    assert page.locator("#search-results .search-empty").is_visible()
    page.keyboard.press("Escape")  # the list closes, nothing else
    assert page.locator("#search-results").is_hidden()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_language_switch_keeps_the_view_of_the_map(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "desktop")
    page.goto(
        server.url + "/?level=admin1&resource=maize-stover&scenario=high&region=MX-JAL&view=20.5,-103.5,6"
    )
    wait_ready(page, "admin1")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']")
    other = "en" if locale.startswith("es") else "es"
    page.select_option("#language-select", other)
    page.wait_for_selector(f"html[lang='{other}']")
    wait_ready(page, "admin1")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']")
    assert page.input_value("#scenario") == "high" and page.input_value("#resource") == "maize-stover"
    for part in ("level=admin1", "scenario=high", "region=MX-JAL", "view=20.5"):
        assert part in page.url
