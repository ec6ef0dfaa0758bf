"""The map explorer, the country, comparison and layer pages, in a real browser."""

import json
import subprocess

import pytest

from tests.e2e.conftest import collect_errors, wait_until
from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e


def wait_ready(page, level=None):
    selector = "#map[data-ready='true']" + (f"[data-level='{level}']" if level else "")
    page.wait_for_selector(selector, timeout=20000)


def fills(page):
    return page.eval_on_selector_all(
        ".leaflet-overlay-pane path[data-code]", "ps => ps.map(p => [p.dataset.code, p.getAttribute('fill')])"
    )


def export(server, *args):
    out = subprocess.run(
        [*server.manage, "export_potentials", *args],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def test_map_draws_all_countries_and_admin1_units(server, page):
    page.goto(server.url + "/")
    wait_ready(page, "country")
    assert page.get_attribute("#map", "data-count") == "9"
    assert page.locator(".leaflet-overlay-pane path[data-code]").count() == 9
    page.select_option("#level", "admin1")
    wait_ready(page, "admin1")
    assert page.locator(".leaflet-overlay-pane path[data-code]").count() == 160
    assert "level=admin1" in page.url  # the state is in the URL


def test_choosing_another_resource_changes_colours_and_legend(server, page):
    page.goto(server.url + "/?level=admin1")
    wait_ready(page, "admin1")
    before_fills, before_legend = fills(page), page.inner_text("#legend")
    page.select_option("#resource", "forest-residues")
    wait_until(page, "document.querySelector('#legend').innerText.includes('Forest')")
    wait_ready(page, "admin1")
    after_fills, after_legend = fills(page), page.inner_text("#legend")
    assert before_legend != after_legend and "Forest residues" in after_legend
    assert sum(a != b for a, b in zip(before_fills, after_fills, strict=True)) > 20
    assert "resource=forest-residues" in page.url


def test_clicking_mexico_opens_the_panel_with_the_exported_numbers(server, page):
    page.goto(server.url + "/")
    wait_ready(page, "country")
    page.locator(".leaflet-overlay-pane path[data-code='MEX']").click()
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']")
    assert page.inner_text("#panel-title") == "Mexico"
    shown = page.eval_on_selector_all(
        "#panel tbody tr",
        "rs => rs.map(r => [r.dataset.resource, Number(r.cells[1].dataset.value), "
        "Number(r.cells[2].dataset.value)])",
    )
    exported = json.loads(export(server, "--region", "MEX", "--scenario", "central", "--format", "json"))[
        "results"
    ]
    expected = sorted([r["resource"], r["theoretical_pj"], r["technical_pj"]] for r in exported)
    assert sorted(shown) == expected and len(shown) == len(exported) > 10
    assert "region=MEX" in page.url


def test_a_shared_url_restores_the_view(server, page):
    page.goto(
        server.url + "/?level=admin1&resource=maize-stover&kind=theoretical&unit=t&scenario=high"
        "&region=MX-JAL&view=20.5,-103.5,6"
    )
    wait_ready(page, "admin1")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MX-JAL']")
    assert page.input_value("#kind") == "theoretical" and page.input_value("#unit") == "t"
    assert page.input_value("#scenario") == "high"
    assert "t DM/yr" in page.inner_text("#legend")
    assert page.evaluate("document.querySelector('#map') && true")


def test_a_region_can_be_chosen_with_the_keyboard(server, page):
    page.goto(server.url + "/")
    wait_ready(page)
    page.focus("#search")
    page.keyboard.type("costa")
    page.wait_for_selector("#search-results [data-key='region:CRI']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel[data-ready='true'][data-code='CRI']")
    assert page.evaluate("document.activeElement.id") == "panel"


def test_raster_tiles_are_png_with_cache_headers_and_the_overlay_shows(server, page):
    layers = page.request.get(server.url + "/api/layers/").json()
    land_cover = next(layer for layer in layers if layer["slug"] == "land-cover")
    response = page.request.get(server.url + f"/tiles/{land_cover['id']}/5/7/14.png")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "max-age" in response.headers["cache-control"] and response.headers["etag"]
    page.goto(server.url + "/")
    wait_ready(page)
    page.select_option("#overlay", str(land_cover["id"]))
    wait_until(page, "Number(document.querySelector('#map').dataset.overlayTiles || 0) > 0")
    assert page.locator(".leaflet-overlay-pane img, .leaflet-pane img.leaflet-tile-loaded").count() > 0
    assert "Cropland" in page.inner_text(".overlay-legend")


def test_first_load_of_the_map_transfers_under_1_5_mb(server, page):
    page.goto(server.url + "/")
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    total = page.evaluate(
        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".reduce((sum, e) => sum + (e.transferSize || 0), 0)"
    )
    assert 0 < total < 1.5e6, total


def test_country_page_chart_and_tables_render(server, page):
    page.goto(server.url + "/countries/MEX/")
    assert page.inner_text("h1").startswith("Mexico")
    stored = page.request.get(server.url + "/api/potentials/?region=MEX&scenario=central").json()
    assert (
        page.locator("#resource-chart .bar-row").count()
        == page.locator("#resource-table tbody tr").count()
        == stored["count"]
        > 10
    )
    # the trend year by year: drawn, with its key and its numbers (1961-2020) behind a summary
    assert page.locator("#trend-chart svg.trend path.line.total").is_visible()
    assert page.locator("#trend-chart .legend-lines li").count() >= 3
    page.click("#trend-chart + p + details summary")
    assert page.locator("#trend-table tbody tr").count() == 60
    assert "mean 2016–2020" in page.inner_text("#resource-table")
    assert page.locator("#admin1-table tbody tr").count() == 32
    page.wait_for_selector("#country-map[data-ready='true']")
    assert page.locator("#country-map path").count() >= 32
    page.click("#admin1-table thead th:nth-child(3) button")  # sort by PJ/yr
    values = page.eval_on_selector_all(
        "#admin1-table tbody tr td:nth-child(3)", "cs => cs.map(c => Number(c.dataset.value))"
    )
    assert values == sorted(values)
    assert page.locator("table.params .badge.assumption").count() > 0
    csv_link = page.get_attribute("a[href*='format=csv']", "href")
    assert page.request.get(server.url + csv_link).headers["content-type"].startswith("text/csv")


def test_language_switch_turns_the_page_into_spanish_and_back(server, page):
    page.goto(server.url + "/countries/GTM/")
    assert page.inner_text("nav.main-nav").split()[0] == "Map"
    page.select_option("#language-select", "es")
    page.wait_for_selector("html[lang='es']")
    page.wait_for_load_state()  # the selector's script (a module) runs once the page is parsed
    assert "Comparar países" in page.inner_text("nav.main-nav")
    assert "Potencial técnico por recurso" in page.inner_text("main")
    assert "t MS/año" in page.inner_text("#resource-table")
    page.select_option("#language-select", "en")
    page.wait_for_selector("html[lang='en']")
    assert "Compare countries" in page.inner_text("nav.main-nav")


def test_spanish_is_the_default_for_a_spanish_browser(server, browser):
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(server.url + "/")
    wait_ready(page)
    assert page.get_attribute("html", "lang") == "es"
    assert page.inner_text("label[for='resource']") == "Recurso"
    assert "PJ/año" in page.inner_text("#legend")
    context.close()


def test_comparison_and_layer_pages(server, page):
    page.goto(server.url + "/compare/")
    assert page.locator("#compare-table thead th").count() == 1 + 9
    resources = {
        r["resource"]
        for r in page.request.get(server.url + "/api/potentials/?level=country&limit=10000").json()["results"]
    }
    assert page.locator("#compare-table tbody tr").count() == len(resources) > 10
    page.goto(server.url + "/layers/")
    assert (
        page.locator(".layer-card").count() == len(page.request.get(server.url + "/api/layers/").json()) == 20
    )
    for image in page.locator("img.preview").all():  # previews load lazily, when scrolled to
        image.scroll_into_view_if_needed()
    wait_until(
        page,
        "Array.from(document.querySelectorAll('img.preview')).every(i => i.complete && i.naturalWidth > 0)",
    )
    assert "FAOSTAT food balances, mean 2016–2020" in page.inner_text("main")


def test_the_map_is_usable_on_a_phone(server, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-US"
    )
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(server.url + "/")
    wait_ready(page)
    box = page.locator("#map").bounding_box()
    assert box["width"] >= 380 and box["height"] > 300
    page.click("#controls-toggle")  # the settings are in a drawer
    assert page.locator("#resource").is_visible()
    page.screenshot(
        path=str(__import__("tests.e2e.conftest", fromlist=["ARTIFACTS"]).ARTIFACTS / "phone.png")
    )
    page.goto(server.url + "/countries/MEX/")
    tracks = page.eval_on_selector_all(
        ".chart .bar-row .bar-track", "ts => ts.map(t => t.getBoundingClientRect().width)"
    )
    assert tracks and min(tracks) >= 300  # the bars span the phone's width, readable
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    context.close()


def test_healthz_reports_the_database(server, page):
    response = page.goto(server.url + "/healthz")
    assert response.status == 200
    assert response.json()["regions"] == 169


HOSTILE = "<img src=x onerror=window.__xss=1>"


def test_names_from_the_api_are_shown_as_text_not_markup(server, page):
    """A region, resource or label name with HTML in it is shown literally: in the tooltip,
    the search's list, the panel and its table, the legend; nothing of it runs."""

    def regions(route):
        collection = route.fetch().json()
        for feature in collection["features"]:
            if feature["properties"]["code"] == "MEX":
                feature["properties"]["name"] = HOSTILE
        route.fulfill(json=collection)

    def potentials(route):
        data = route.fetch().json()
        for row in data["results"]:
            row["resource_name"] = "<b>" + row["resource_name"] + "</b>"
            row["label"] = HOSTILE
        route.fulfill(json=data)

    def resources(route):
        data = route.fetch().json()
        for resource in data:
            resource["name"] = "<i>" + resource["name"] + "</i>"
        route.fulfill(json=data)

    page.route("**/api/regions/?level=country*", regions)
    page.route("**/api/potentials/?region=MEX*", potentials)
    page.route("**/api/resources/", resources)
    page.goto(server.url + "/")
    wait_ready(page, "country")
    mexico = page.locator(".leaflet-overlay-pane path[data-code='MEX']")
    mexico.hover()
    page.wait_for_selector(".leaflet-tooltip")
    assert page.inner_text(".leaflet-tooltip").startswith(HOSTILE + " (MEX): ")
    page.fill("#search", "<img")
    page.wait_for_selector("#search-results [data-key='region:MEX']")
    assert page.inner_text("#search-results [data-key='region:MEX']").startswith(HOSTILE)
    page.keyboard.press("Escape")
    mexico.click()
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']")
    assert page.inner_text("#panel-title") == HOSTILE
    first = page.locator("#panel tbody th").first.inner_text()
    assert first.startswith("<b>") and "</b> (" + HOSTILE + ")" in first
    page.select_option("#resource", "forest-residues")
    wait_until(
        page, "document.querySelector('#legend strong').textContent.endsWith('<i>Forest residues</i>')"
    )
    assert (
        page.locator(
            "#panel img, #panel b, #search-results img, .leaflet-tooltip img, #legend i, #map img[src='x']"
        ).count()
        == 0
    )
    assert page.evaluate("window.__xss") is None


def test_the_gj_per_ha_legend_and_values_come_from_the_columns_of_the_page(server, browser):
    """In Spanish, the legend shows the unit label the page declares (translated on the
    server) and the regions carry the API's technical_gj_ha, summed over resources; an old
    link's unit=gjha still works."""
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    errors = []
    collect_errors(page, errors)
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(server.url + "/?unit=gjha")
    wait_ready(page, "country")
    declared = json.loads(page.text_content("#potential-columns"))
    assert declared["technical_gj_ha"]["label"] == "GJ/ha/año"
    assert page.evaluate("gettext('GJ/ha/yr')") == "GJ/ha/yr"  # not in the JavaScript catalog
    assert page.inner_text("#legend .legend-unit") == declared["technical_gj_ha"]["label"]
    assert page.input_value("#unit") == "gj_ha" and "unit=gj_ha" in page.url
    rows = page.request.get(server.url + "/api/potentials/?level=country&scenario=central&limit=10000").json()
    expected = sum(
        r["technical_gj_ha"] for r in rows["results"] if r["region_code"] == "GTM" and r["coverage"] > 0
    )
    shown = page.get_attribute(".leaflet-overlay-pane path[data-code='GTM']", "data-value")
    assert float(shown) == pytest.approx(expected)
    page.select_option("#unit", "t")
    wait_until(page, "document.querySelector('#legend .legend-unit').textContent === 't MS/año'")
    context.close()
    assert not errors, errors


def region_value(page, code):
    return float(page.get_attribute(f".leaflet-overlay-pane path[data-code='{code}']", "data-value"))


def test_what_if_recomputes_every_region_and_goes_back(server, page):
    page.goto(server.url + "/?resource=maize-stover&unit=t")
    wait_ready(page, "country")
    before = region_value(page, "MEX")
    page.click("#whatif summary")
    assert page.get_attribute("#wi-availability", "placeholder") == "0.4"
    page.fill("#wi-availability", "0.8")
    page.click("#wi-apply")
    page.wait_for_selector("#map[data-whatif='on'][data-ready='true']")
    wait_until(page, "document.querySelector('#wi-status').innerText.includes('not stored')")
    assert region_value(page, "MEX") == pytest.approx(before * 2, rel=1e-9)  # availability 0.4 → 0.8
    assert "What-if (not stored)" in page.inner_text("#legend")
    page.locator(".leaflet-overlay-pane path[data-code='MEX']").click()  # the panel shows the what-if
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']")
    assert "What-if (not stored)" in page.inner_text("#panel-caption")
    assert page.inner_text("#panel-economic") == "Economic (t DM/yr)"
    # a what-if has no percentiles
    assert (
        page.inner_text("#panel tr[data-resource='maize-stover'] td:nth-child(5)")
        == "not computed for a what-if"
    )
    stover = page.get_attribute("#panel tr[data-resource='maize-stover'] td:nth-child(3)", "data-value")
    assert float(stover) == pytest.approx(before * 2, rel=1e-9)
    page.click("#panel-close")
    page.select_option("#resource", "all")  # the stover's what-if availability stays in force
    wait_until(page, "document.querySelector('#legend').innerText.includes('All resources')")
    wait_ready(page, "country")
    totals = page.request.get(server.url + "/api/potentials/totals/?region=MEX&scenario=central").json()
    assert region_value(page, "MEX") == pytest.approx(totals["results"][0]["technical_t"] + before, rel=1e-9)
    page.select_option("#resource", "maize-stover")
    wait_ready(page, "country")
    assert page.input_value("#wi-availability") == "0.8"
    page.fill("#wi-tortuosity", "9")  # above 3: refused before it is sent, naming the field
    page.click("#wi-apply")
    wait_until(
        page,
        "document.querySelector('#wi-status').innerText.includes('Tortuosity (road km per straight-line km)')",
    )
    assert page.evaluate("document.activeElement.id") == "wi-tortuosity"
    page.click("#wi-reset")
    page.wait_for_selector("#map[data-whatif='off'][data-ready='true']")
    assert region_value(page, "MEX") == before


def test_the_country_page_shows_the_uncertainty_and_what_drives_it(server, page):
    page.goto(server.url + "/countries/MEX/")
    header = page.inner_text("#resource-table thead")
    assert "P10–P90" in header
    bars = page.locator("#sensitivity-chart .bar-row")
    assert bars.count() >= 3
    first = page.inner_text("#sensitivity-chart .bar-row >> nth=0")
    assert "PJ/yr" in first and "·" in first
    total = page.inner_text("#resource-table tfoot")
    assert "no data" not in total.lower()


def test_a_difference_map_between_two_scenarios(server, page):
    page.goto(server.url + "/?unit=t")
    wait_ready(page, "country")
    page.select_option("#scenario", "high")
    page.select_option("#compare", "low")
    page.wait_for_selector("#map[data-compare='low'][data-ready='true']")
    rows = page.request.get(server.url + "/api/potentials/totals/?level=country").json()["results"]
    total = {(r["region_code"], r["scenario"]): r["technical_t"] for r in rows}
    expected = total["MEX", "high"] - total["MEX", "low"]
    assert region_value(page, "MEX") == pytest.approx(expected, rel=1e-9) and expected > 0
    assert page.get_attribute("#legend", "data-diverging") == "true"
    breaks = json.loads(page.get_attribute("#legend", "data-breaks"))
    assert breaks == sorted(breaks) and breaks[0] == -breaks[-1] and len(breaks) == 4
    page.hover(".leaflet-overlay-pane path[data-code='MEX']")
    assert "(High − Low)" in page.inner_text(".leaflet-tooltip") and ": +" in page.inner_text(
        ".leaflet-tooltip"
    )
    assert "High − Low" in page.inner_text("#legend")
    assert "compare=low" in page.url
    page.select_option("#compare", "high")  # the same scenario: said, not silently ignored
    wait_until(page, "document.querySelector('#map-status').innerText.includes('two different scenarios')")


@pytest.mark.parametrize(
    "locale, label, message",
    [
        ("es-MX", "Precio que paga la planta", "el valor debe ser al menos 0"),
        ("en-US", "Price paid by the plant", "the value must be at least 0"),
    ],
)
def test_a_what_if_value_out_of_range_is_refused_in_the_language(server, open_page, locale, label, message):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/?resource=maize-stover")
    wait_ready(page, "country")
    page.click("#whatif summary")
    slope = page.inner_text("label[for='wi-slope']")
    assert "0.5" in slope and "0,5" not in slope  # the platform writes 0.5 in Spanish too
    page.fill("#wi-price", "-5")
    page.click("#wi-apply")
    wait_until(page, "document.querySelector('#wi-status').innerText.length > 0")
    status = page.inner_text("#wi-status")
    assert status.startswith(label) and message in status, status
    assert "Value must" not in status and page.evaluate("document.activeElement.id") == "wi-price"


@pytest.mark.parametrize(
    "locale, note", [("es-MX", "El potencial económico es 0"), ("en-US", "The economic potential is 0")]
)
def test_an_all_zero_what_if_legend_shows_just_zero_and_why(server, open_page, locale, note):  # noqa: F811
    page = open_page(locale)
    page.goto(server.url + "/?resource=maize-stover&kind=economic")
    wait_ready(page, "country")
    assert len(json.loads(page.get_attribute("#legend", "data-breaks"))) > 0  # the stored view has classes
    page.click("#whatif summary")
    page.fill("#wi-price", "0")  # nothing pays for its collection
    page.click("#wi-apply")
    page.wait_for_selector("#map[data-whatif='on'][data-ready='true']")
    page.wait_for_selector("#legend[data-empty='zero']")
    classes = page.eval_on_selector_all("#legend li", "items => items.map(li => li.innerText.trim())")
    assert classes[0] == "0" and len(classes) == 2, classes  # "0" and "no data", not the old classes
    assert page.inner_text("#legend-note").startswith(note)


def test_on_a_phone_the_what_if_keeps_its_error_and_closes_for_its_result(server, open_page):  # noqa: F811
    page = open_page("en-US", "phone")
    page.goto(server.url + "/?resource=maize-stover&unit=t")
    wait_ready(page, "country")
    before = region_value(page, "MEX")
    page.click("#controls-toggle")  # the settings, the what-if with them, are in a drawer
    page.click("#whatif summary")
    page.fill("#wi-price", "-5")
    page.click("#wi-apply")  # refused: the drawer stays open, its message and the field in view
    wait_until(page, "document.querySelector('#wi-status').innerText.length > 0")
    assert page.get_attribute(".explorer", "data-drawer") == "open"
    assert page.locator("#wi-status").is_visible(), "the refusal is hidden with the drawer"
    assert "the value must be at least 0" in page.inner_text("#wi-status")
    assert page.evaluate("document.activeElement.id") == "wi-price"
    page.fill("#wi-price", "")
    page.fill("#wi-availability", "0.8")
    page.click("#wi-apply")  # a good value: the drawer gives way to the map with the what-if
    page.wait_for_selector("#map[data-whatif='on'][data-ready='true']")
    wait_until(page, "document.querySelector('.explorer').dataset.drawer === 'closed'")
    assert page.locator("#map").is_visible()
    assert region_value(page, "MEX") == pytest.approx(before * 2, rel=1e-9)  # availability 0.4 → 0.8
    assert "What-if (not stored)" in page.text_content("#legend")  # folded on a phone until opened
