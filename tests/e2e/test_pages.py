"""The country and comparison pages and the region panel in a real browser, in Spanish
(es-MX) and English (en-US): missing data reads "no data", never 0; the coverage says what
it means; the small map has a legend; the chart's range key is drawn as the range is; the
comparison is in order of the potential and sortable; the panel has an economic column with
units; the site has an icon."""

import json
import re

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.pages import BOX, ON_TOP, open_page, overlap  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

WORDS = {
    "es-MX": {
        "no data": "Sin datos",
        "legend": "Potencial técnico de todos los recursos",
        "unit": "PJ/año",
        "coverage": "Cobertura de las capas",
        "economic": "Económico (PJ/año)",
        "cell no data": "sin datos",
    },
    "en-US": {
        "no data": "No data",
        "legend": "Technical potential of all resources",
        "unit": "PJ/yr",
        "coverage": "Coverage of the layers",
        "economic": "Economic (PJ/yr)",
        "cell no data": "no data",
    },
}


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_country_page_has_a_map_legend_a_range_key_and_a_meaningful_coverage(server, open_page, locale):  # noqa: F811
    words = WORDS[locale]
    page = open_page(locale)
    page.goto(server.url + "/countries/MEX/")
    page.wait_for_selector("#country-map[data-ready='true']", timeout=20000)
    coverage = page.inner_text("#coverage")
    assert coverage.startswith(words["coverage"]) and "0,0 %" not in coverage and "0.0 %" not in coverage
    assert re.search(r"> 99[.,]9 %", coverage)  # every layer covers Mexico: not rounded up to 100 %
    # the small map: a named region (no image around interactive shapes) with a legend
    assert page.get_attribute("#country-map", "role") == "region"
    legend = page.inner_text("#country-legend #legend")
    assert words["legend"] in legend and words["unit"] in legend and words["no data"] in legend
    classes = page.eval_on_selector_all("#country-legend #legend li", "ls => ls.length")
    assert classes >= 3  # classes of the potential and one for no data
    fills = set(
        page.eval_on_selector_all(
            ".leaflet-overlay-pane path.leaflet-interactive", "ps => ps.map(p => p.getAttribute('fill'))"
        )
    )
    swatches = set(
        page.eval_on_selector_all(
            "#country-legend #legend .swatch", "ss => ss.map(s => getComputedStyle(s).backgroundColor)"
        )
    )
    assert len(fills) >= 3 and len(swatches) == classes
    # the key of the P10–P90 range is an error bar as in the chart, not a stray dash
    key = page.locator("svg.range-key").bounding_box()
    assert key["width"] >= 20 and key["height"] >= 10
    assert page.eval_on_selector_all("svg.range-key line.range", "ls => ls.length") == 3
    assert (
        page.eval_on_selector_all(
            "#resource-chart .bar-row[data-resource='maize-stover'] line.range", "ls => ls.length"
        )
        == 3
    )
    page.screenshot(path=str(server_artifact(f"country-legend-{locale}.png")), full_page=False)


def server_artifact(name):
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_comparison_is_in_order_of_the_potential_and_sorts(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/compare/")
    page.wait_for_selector("#scenario-table button.sort")
    totals = page.request.get(server.url + "/api/potentials/totals/?level=country&scenario=central").json()
    expected = [t["region_code"] for t in sorted(totals["results"], key=lambda t: -t["technical_pj"])]
    columns = page.eval_on_selector_all("#compare-table tfoot td", "ts => ts.map(t => t.dataset.country)")
    assert columns == expected and columns[0] == "MEX"
    shown = page.eval_on_selector_all("#compare-table tfoot td", "ts => ts.map(t => Number(t.dataset.value))")
    assert shown == sorted(shown, reverse=True)

    def rows():
        return page.eval_on_selector_all("#scenario-table tbody tr", "rs => rs.map(r => r.dataset.country)")

    assert rows() == expected
    page.click("#scenario-table th[scope='col']:nth-child(2) button")  # the first scenario, ascending
    assert page.get_attribute("#scenario-table th[scope='col']:nth-child(2)", "aria-sort") == "ascending"
    values = page.eval_on_selector_all(
        "#scenario-table tbody tr td:nth-of-type(1)", "ts => ts.map(t => Number(t.dataset.value))"
    )
    assert values == sorted(values) and rows() != expected


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_region_panel_has_an_economic_column_and_says_no_data(server, open_page, locale):  # noqa: F811
    """The panel's economic column holds the stored economic potential; a resource whose layer
    has no valid cell in the region (coverage 0, as the API could send) reads "no data", and
    the total leaves it out instead of adding 0."""
    words = WORDS[locale]
    page = open_page(locale)
    stored = page.request.get(server.url + "/api/potentials/?region=CRI&scenario=central&limit=1000").json()[
        "results"
    ]

    def without_bagasse(route):
        response = route.fetch()
        body = response.json()
        for row in body["results"]:
            if row["resource"] == "sugarcane-bagasse":
                row["coverage"] = 0
                row["economic_pj"] = None
        route.fulfill(response=response, body=json.dumps(body))

    page.route(re.compile(r".*/api/potentials/\?.*region=CRI.*"), without_bagasse)
    page.goto(server.url + "/?region=CRI")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CRI']", timeout=20000)
    assert page.inner_text("#panel-economic") == words["economic"]
    economic = dict(
        page.eval_on_selector_all(
            "#panel tbody tr", "rs => rs.map(r => [r.dataset.resource, r.cells[3].dataset.value])"
        )
    )
    expected = {r["resource"]: r["economic_pj"] for r in stored if r["resource"] != "sugarcane-bagasse"}
    assert {k: float(v) for k, v in economic.items() if k != "sugarcane-bagasse"} == pytest.approx(expected)
    bagasse = page.eval_on_selector_all(
        "#panel tr[data-resource='sugarcane-bagasse'] td", "ts => ts.map(t => t.innerText)"
    )
    assert bagasse[:3] == [words["cell no data"]] * 3 and "0" not in bagasse[:3]
    technical_total = page.inner_text("#panel tfoot td:nth-of-type(2)")
    others = sum(r["technical_pj"] for r in stored if r["resource"] != "sugarcane-bagasse")
    shown = float(technical_total.replace(",", "."))  # about 8 PJ/yr: three digits, no grouping
    assert shown == pytest.approx(others, rel=0.01)  # the bagasse is not added as 0


def test_the_site_icon_is_served_by_the_platform(server, open_page):  # noqa: F811
    page = open_page("es-MX")
    page.goto(server.url + "/layers/")
    href = page.get_attribute("link[rel='icon']", "href")
    icon = page.request.get(server.url + href)
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    legacy = page.request.get(server.url + "/favicon.ico")  # asked for by browsers and tools
    assert legacy.status == 200 and legacy.body() == icon.body()


# The overflow of the cells of a table past a box.
CELLS_PAST = """([table, box]) => { const edge = document.querySelector(box).getBoundingClientRect().right;
  return Array.from(document.querySelectorAll(table + ' th, ' + table + ' td, ' + table + ' small'))
    .filter(c => c.getBoundingClientRect().right > edge + 0.5 || c.scrollWidth > c.clientWidth + 1).map(c => c.textContent); }"""
# The words of the table's headings that are broken across lines.
BROKEN_WORDS = """() => Array.from(document.querySelectorAll('#panel-table thead th')).flatMap(th => {
  const text = th.firstChild; const broken = []; let at = 0;
  for (const word of text.textContent.split(' ')) { const range = document.createRange();
    range.setStart(text, at); range.setEnd(text, at + word.length); at += word.length + 1;
    if (word && range.getClientRects().length > 1) broken.push(word); }
  return broken; })"""


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_region_panel_table_fits_and_the_legend_stays_in_view(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    page.goto(server.url + "/?region=MEX")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']", timeout=20000)
    panel = page.locator("#panel")
    assert panel.evaluate("p => p.scrollWidth <= p.clientWidth")  # no sideways scroll in the panel
    assert page.evaluate(CELLS_PAST, ["#panel-table", "#panel"]) == []  # every cell, note and range inside
    assert page.evaluate(BOX, "#panel-table")[2] <= page.evaluate(BOX, "#panel")[2]
    assert page.evaluate(BROKEN_WORDS) == []  # "Theoretical", "Económico" whole
    # the P10–P90 column is whole: its heading and a range are in the panel
    assert page.locator("#panel-range").is_visible() and "P10" in page.inner_text("#panel-range")
    # the legend is not under the panel: beside it on a desktop, above the sheet on a phone
    # (where the legend area starts folded: one tap opens it)
    if screen == "phone":
        assert page.evaluate("document.getElementById('legend-dock').open") is False
        page.click("#legend-dock > summary")
    legend, box = page.evaluate(BOX, "#legend"), page.evaluate(BOX, "#panel")
    assert not overlap(legend, box) and page.evaluate(ON_TOP, "#legend")
    mapbox = page.evaluate(BOX, "#map")
    assert (
        mapbox[0] <= legend[0]
        and legend[2] <= mapbox[2]
        and mapbox[1] <= legend[1]
        and legend[3] <= mapbox[3]
    )


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_trend_chart_and_its_axis_fit_a_phone(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "phone")
    page.goto(server.url + "/countries/MEX/")
    page.wait_for_selector("#trend-chart svg.trend")
    chart = page.locator("#trend-chart svg.trend")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    ticks = page.eval_on_selector_all(
        "#trend-chart svg.trend .tick",
        "ts => ts.map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; })",
    )
    assert len(ticks) >= 4 and all(
        0 <= left and right <= 390 for left, right in ticks
    )  # both axes on the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def luminance(rgb):
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def rgb(hex_colour):
    return [int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]


def test_town_dots_stand_out_on_the_land_of_the_base_map(server, open_page):  # noqa: F811
    page = open_page("en-US")
    page.goto(server.url + "/?view=15.5,-88,6")
    page.wait_for_selector("#map[data-ready='true'][data-basemap='ready']", timeout=20000)
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    land = page.get_attribute(".leaflet-basemap-pane path", "fill")
    dot = page.locator("path[data-town]").first
    fill, opacity = dot.get_attribute("fill"), float(dot.get_attribute("fill-opacity"))
    seen = [
        opacity * f + (1 - opacity) * g for f, g in zip(rgb(fill), rgb(land), strict=True)
    ]  # over the land
    high, low = sorted([luminance(rgb(land)), luminance(seen)], reverse=True)
    assert (high + 0.05) / (low + 0.05) >= 3
    assert dot.get_attribute("stroke") == "#fff"  # ringed, to be seen on the darkest regions too


@pytest.mark.parametrize(
    "locale, hint",
    [
        ("es-MX", "Deslice la tabla hacia un lado para ver todas las columnas."),
        ("en-US", "Slide the table sideways to see every column."),
    ],
)
def test_a_table_wider_than_a_phone_says_it_scrolls_and_scrolls_by_keyboard(server, open_page, locale, hint):  # noqa: F811
    page = open_page(locale, "phone")
    page.goto(server.url + "/countries/MEX/")
    box = page.locator("#resource-table").locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table is wider than the phone
    shown = page.locator(".scroll-hint:visible")
    assert shown.count() >= 1 and shown.first.inner_text() == hint
    assert box.evaluate("b => b.previousElementSibling.matches('.scroll-hint:not([hidden])')")
    assert "radial-gradient" in box.evaluate("b => getComputedStyle(b).backgroundImage")  # the side shadows
    box.focus()
    page.keyboard.press("ArrowRight")
    wait_until(page, "document.querySelector('#resource-table').parentElement.scrollLeft > 0")
    # On a desktop the same table fits: no hint.
    wide = open_page(locale, "desktop")
    wide.goto(server.url + "/countries/MEX/")
    assert wide.locator("#resource-table").locator("xpath=..").evaluate("b => b.scrollWidth <= b.clientWidth")
    assert wide.locator(".scroll-hint:visible").count() == 0


# The boxes of the region paths drawn on the small map, and the map's box.
PATH_BOXES = """() => Array.from(document.querySelectorAll('#country-map .leaflet-overlay-pane path.leaflet-interactive'))
  .map(p => { const r = p.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_small_map_shows_the_whole_country_and_its_legend_covers_no_region(
    server,
    open_page,  # noqa: F811
    locale,
    screen,
):
    page = open_page(locale, screen)
    page.goto(server.url + "/countries/MEX/")
    page.wait_for_selector("#country-map[data-ready='true']", timeout=20000)
    page.locator("#country-map").scroll_into_view_if_needed()
    # the fit's zoom done: every state drawn, their paths all in the frame
    wait_until(page, f"(() => {{ const m = ({BOX})('#country-map'); const ps = ({PATH_BOXES})();"
               " return ps.length >= 30 && ps.every(p => p[0] >= m[0] - 1 && p[2] <= m[2] + 1"
               " && p[1] >= m[1] - 1 && p[3] <= m[3] + 1); })()")  # fmt: skip
    paths, mapbox = page.evaluate(PATH_BOXES), page.evaluate(BOX, "#country-map")
    assert len(paths) >= 30  # Mexico's 32 states
    bounds = [
        min(p[0] for p in paths),
        min(p[1] for p in paths),
        max(p[2] for p in paths),
        max(p[3] for p in paths),
    ]
    assert mapbox[0] - 1 <= bounds[0] and bounds[2] <= mapbox[2] + 1  # the whole country in the frame
    assert mapbox[1] - 1 <= bounds[1] and bounds[3] <= mapbox[3] + 1
    assert (bounds[2] - bounds[0]) > 0.6 * (mapbox[2] - mapbox[0]) or (bounds[3] - bounds[1]) > 0.6 * (
        mapbox[3] - mapbox[1]
    )  # fitted, not a speck
    legend = page.evaluate(BOX, "#country-legend #legend")
    assert WORDS[locale]["legend"] in page.inner_text("#country-legend #legend")
    assert [p for p in paths if overlap(legend, p)] == [] and not overlap(legend, mapbox)
    page.screenshot(path=str(server_artifact(f"country-map-{locale}-{screen}.png")), full_page=False)


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_country_page_shows_the_chosen_scenario(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/countries/CRI/")
    page.select_option("#scenario-select", "high")  # submits on change
    page.wait_for_url("**/countries/CRI/?scenario=high")
    label = {"es-MX": "Escenario", "en-US": "Scenario"}[locale]
    assert page.inner_text("label[for='scenario-select']") == label
    assert page.eval_on_selector("#scenario-select", "s => s.value") == "high"
    # the numbers are the API's for that scenario, resource by resource, and so is the total
    api = page.request.get(server.url + "/api/potentials/?level=country&scenario=high&region=CRI").json()
    rows = api.get("results") or [f["properties"] for f in api.get("features", [])]
    expected = {r["resource"]: r["technical_pj"] for r in rows}
    shown = dict(
        page.eval_on_selector_all(
            "#resource-table tbody tr",
            "rs => rs.map(r => [r.dataset.resource, Number(r.cells[5].dataset.value)])",
        )
    )
    assert shown and shown == pytest.approx(expected, rel=1e-9)
    totals = page.request.get(server.url + "/api/potentials/totals/?level=country&scenario=high").json()
    total = next(t for t in totals["results"] if t["region_code"] == "CRI")
    admin1 = page.eval_on_selector_all(
        "#admin1-table tbody td:nth-child(3)", "ts => ts.map(t => Number(t.dataset.value))"
    )
    assert sum(admin1) == pytest.approx(total["technical_pj"], rel=1e-6)
    name = page.text_content("#scenario-select option[value='high']")
    assert f"({name})" in page.inner_text("#resource-table caption")
    assert page.get_attribute("#report-link", "href").endswith("?scenario=high")
    # an unknown scenario: a 400 naming it in the page's language (fetched, not shown: the
    # browser would report the 400 as a console error)
    headers = {"Accept-Language": locale.split("-")[0]}
    response = page.request.get(server.url + "/countries/CRI/?scenario=foo", headers=headers)
    words = {"es-MX": "Escenario desconocido &#x27;foo&#x27;", "en-US": "unknown scenario &#x27;foo&#x27;"}[
        locale
    ]
    assert response.status == 400 and words in response.text()


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_trend_chart_has_its_unit_on_the_y_axis_and_the_full_width(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/countries/MEX/")
    chart = page.locator("#trend-chart svg.trend")
    chart.scroll_into_view_if_needed()
    assert page.text_content("#trend-chart svg.trend .axis-title") == WORDS[locale]["unit"]
    heading = page.evaluate(BOX, "#trend")  # the heading spans its section's width, and the chart too
    width = page.evaluate(
        "() => document.querySelector('#trend').parentElement.getBoundingClientRect().width"
    )
    assert heading[2] - heading[0] >= 0.95 * width
    assert chart.bounding_box()["width"] >= 0.95 * (heading[2] - heading[0])


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_comparison_writes_a_minus_sign(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/compare/")
    text = page.inner_text("#scenario-table tbody")
    assert re.search("\u2212[\\d]", text) and not re.search(r"(^|\s)-\d", text)
    assert all(
        d.startswith("-") or d[0].isdigit()
        for d in page.eval_on_selector_all(
            "#scenario-table td[data-value]", "ts => ts.map(t => t.dataset.value)"
        )
        if d
    )  # data keep a hyphen
