"""Spanish everywhere a user reads, and one number format per language (issue 15, items 7
and 8), in a real browser asking for es-MX or en-US: layer names, units, towns, the drawing
tool, server messages; the same numbers written the same way on the map and on the pages."""

import re

import pytest

from tests.e2e.conftest import collect_errors

pytestmark = pytest.mark.e2e

# English texts that came from stored data or the server and must not reach a Spanish page.
ENGLISH = (
    "FAOSTAT food balances",
    "demo estimate",
    "t DM",
    "t/yr",
    "Land cover, MODIS",
    "Slope, 9 km",
    "Distance to the nearest town",
    "Guatemala City",
    "mean 2016",
)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_page(browser, locale, **options):
    context = browser.new_context(locale=locale, **({"viewport": {"width": 1280, "height": 800}} | options))
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    errors = []
    collect_errors(page, errors)
    return context, page, errors


def map_ready(page, level=None):
    selector = "#map[data-ready='true']" + (f"[data-level='{level}']" if level else "")
    page.wait_for_selector(selector, timeout=20000)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_the_spanish_map_has_no_english_layer_names_units_towns_or_tooltips(server, browser):
    context, page, errors = open_page(browser, "es-MX")
    page.goto(server.url + "/?view=14.6,-90.5,9")
    map_ready(page)
    assert page.get_attribute("html", "lang") == "es"
    overlay = page.inner_text("#overlay")
    assert "Cobertura del suelo, MODIS MCD12C1 2019 (IGBP)" in overlay and "Residuos forestales" in overlay
    forest = page.eval_on_selector(
        "#overlay", "s => [...s.options].find(o => o.text.startsWith('Residuos forestales')).value"
    )
    page.select_option("#overlay", forest)
    page.wait_for_selector(".overlay-legend")
    assert "t MS/ha/año" in page.inner_text(".overlay-legend")
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    assert page.locator("path[data-town='Ciudad de Guatemala']").count() == 1
    assert page.locator("path[data-town='Guatemala City']").count() == 0
    page.click("#draw-area")
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".leaflet-draw-tooltip")
    assert "Haga clic para empezar a dibujar el área" in page.inner_text(".leaflet-draw-tooltip")
    page.keyboard.press("Escape")
    text = page.inner_text("body")
    assert english_in(text) == [], text
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    "locale, expected",
    [
        (
            "es-MX",
            "Se esperaba un polígono o un multipolígono (o un elemento o una colección de elementos con uno solo); "
            "se recibió 'punto'",
        ),
        (
            "en-US",
            "expected a Polygon or MultiPolygon (or a Feature or FeatureCollection of one), got 'Point'",
        ),
    ],
)
def test_server_messages_come_in_the_browsers_language(server, browser, locale, expected):
    context, page, errors = open_page(browser, locale)
    page.goto(server.url + "/")
    map_ready(page)
    body = page.evaluate(
        """() => fetch('/api/analysis/area', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({geometry: {type: 'Point', coordinates: [-84, 10]}})}).then(r => r.json())"""
    )
    note = page.evaluate(
        "() => fetch('/api/analysis/catchment?lon=-84.08&lat=9.93&radius_km=10&plant_mw=100000')"
        ".then(r => r.json()).then(b => b.radius_for_plant.note)"
    )
    context.close()
    assert body["message"] == expected
    assert note == (
        "la oferta económica dentro de 300 km no alcanza para 100,000 MW"
        if locale == "es-MX"
        else "the economic supply within 300 km does not support 100,000 MW"
    )


@pytest.mark.parametrize("path", ["/countries/GTM/", "/layers/", "/compare/"])
def test_spanish_pages_have_no_english_data_texts(server, browser, path):
    context, page, errors = open_page(browser, "es-MX")
    page.goto(server.url + path)
    text = page.inner_text("main")
    context.close()
    assert english_in(text) == [], path
    assert errors == []


@pytest.mark.parametrize("path", ["/countries/GTM/", "/layers/", "/compare/"])
def test_english_pages_have_no_spanish_units(server, browser, path):
    context, page, errors = open_page(browser, "en-US")
    page.goto(server.url + path)
    text = page.inner_text("main")
    context.close()
    assert "t MS" not in text and "/año" not in text
    assert errors == []


GROUPED = re.compile(r"\b\d{1,3}(,\d{3})+(\.\d+)?\b")


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_numbers_are_written_the_same_on_the_map_and_the_country_page(server, browser, locale, device):
    context, page, errors = open_page(browser, locale, **(PHONE if device == "phone" else {}))
    page.goto(server.url + "/countries/MEX/")
    area = re.search(r"(\d[\d,.]*) km²", page.inner_text("main")).group(1)
    country = dict(
        page.eval_on_selector_all(
            "#resource-table tbody tr", "rs => rs.map(r => [r.dataset.resource, r.cells[3].innerText.trim()])"
        )
    )
    page.goto(server.url + "/?region=MEX&unit=t")  # the panel in t DM/yr, as the country table
    map_ready(page, "country")
    page.wait_for_selector("#panel[data-ready='true'][data-code='MEX']")
    meta = page.inner_text("#panel-meta")
    panel = dict(
        page.eval_on_selector_all(
            "#panel tbody tr", "rs => rs.map(r => [r.dataset.resource, r.cells[2].innerText.trim()])"
        )
    )
    context.close()
    # Mexico's conventions in Spanish too: 1,957,847 km² (not 1.957.847 nor 1 957 847).
    assert GROUPED.fullmatch(area) and area.startswith("1,957,8") and f"{area} km²" in meta
    shared = sorted(set(country) & set(panel))
    assert len(shared) > 10
    assert {r: panel[r] for r in shared} == {r: country[r] for r in shared}
    four_digits = [v for v in country.values() if GROUPED.fullmatch(v)]
    assert four_digits, country  # large numbers are grouped with commas, points for decimals
    assert errors == []
