"""What the map paints beneath and around the regions: the offline base map (land, borders,
places) with no network at all, OpenStreetMap as a choice, the scale bar, and the legend of an
empty view saying why it is empty, in English and Spanish, on a desktop and a phone."""

import re

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_map import wait_ready

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def offline(page, server) -> list[str]:
    """Every request that leaves the server is refused and recorded, as with no network."""
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^(?!" + re.escape(server.url) + r").*"), refuse)
    return outside


def basemap_drawn(page):
    wait_until(page, "document.querySelector('#map').dataset.basemap === 'ready'")
    return page.locator(".leaflet-basemap-pane path").count()


def test_the_base_map_is_drawn_with_no_network_beneath_the_regions(server, page):
    outside = offline(page, server)
    page.goto(server.url + "/")
    wait_ready(page, "country")
    # Land of the nine countries and their neighbours (the United States, Cuba, Colombia…).
    assert basemap_drawn(page) > 30
    # The raster overlay's pane and Leaflet's own overlay pane (the regions) share a class.
    z = page.evaluate(
        "['basemap', 'overlay', 'basemap-labels'].map(n => Array.from("
        "document.querySelectorAll('.leaflet-' + n + '-pane'), p => Number(getComputedStyle(p).zIndex)))"
    )
    assert max(z[0]) < min(z[1]) and sorted(z[1]) == [350, 400] and max(z[1]) < min(z[2])
    assert page.locator(".leaflet-overlay-pane path[data-code]").count() == 9
    assert page.locator(".leaflet-basemap-labels-pane .place:visible", has_text="Mexico City").count() == 1
    assert page.locator(".leaflet-basemap-labels-pane .place:visible", has_text="Belmopan").count() == 0
    assert "Natural Earth" in page.inner_text(".leaflet-control-attribution")
    assert "GeoNames" in page.inner_text(".leaflet-control-attribution")
    assert re.fullmatch(r"\d+ km", page.inner_text(".leaflet-control-scale-line").strip())
    # The OpenStreetMap choice is there, off: no tile was asked for.
    labels = page.locator(".leaflet-control-layers-base label").all_text_contents()
    assert [label.strip() for label in labels] == ["Offline map (Natural Earth)", "OpenStreetMap (online)"]
    assert page.is_checked(".leaflet-control-layers-base label:first-child input")
    assert outside == []
    # Zoomed in, the smaller places show.
    page.goto(server.url + "/?view=17.25,-88.76,7")
    wait_ready(page)
    basemap_drawn(page)
    assert page.locator(".leaflet-basemap-labels-pane .place:visible", has_text="Belmopan").count() == 1


def test_openstreetmap_is_a_choice_of_the_layer_switch(server, page):
    outside = offline(page, server)
    page.goto(server.url + "/")
    wait_ready(page)
    basemap_drawn(page)
    page.hover(".leaflet-control-layers")
    page.click("text=OpenStreetMap (online)")
    wait_until(page, "!document.querySelector('.leaflet-basemap-pane path')")
    assert any(url.startswith("https://tile.openstreetmap.org/") for url in outside)
    page.click("text=Offline map (Natural Earth)")
    wait_until(page, "document.querySelectorAll('.leaflet-basemap-pane path').length > 30")


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_the_base_map_and_scale_on_a_phone(server, browser, locale):
    context = browser.new_context(locale=locale, **PHONE)
    page = context.new_page()
    outside = offline(page, server)
    page.goto(server.url + "/")
    wait_ready(page)
    assert basemap_drawn(page) > 30
    assert page.locator(".leaflet-control-scale-line").is_visible()
    capital = "Ciudad de México" if locale == "es-MX" else "Mexico City"
    assert page.locator(".leaflet-basemap-labels-pane .place", has_text=capital).count() == 1
    toggle = page.get_attribute(".leaflet-control-layers-toggle", "aria-label")
    assert toggle == ("Mapa base" if locale == "es-MX" else "Base map")
    assert outside == []
    context.close()


def economic_zero(page, server):
    page.goto(server.url + "/?resource=banana-pseudostem&kind=economic&scenario=low")
    wait_ready(page)
    values = page.eval_on_selector_all(
        ".leaflet-overlay-pane path[data-code]", "ps => ps.map(p => p.dataset.value)"
    )
    assert len(values) == 9 and {float(v) for v in values} == {0.0}  # the view is all zero
    return page.inner_text("#legend-note")


def test_an_all_zero_view_says_why_in_english(server, page):
    note = economic_zero(page, server)
    # Low: price 45, collection 25 USD/t DM; 0.2 USD/t/km × 1.5 / 5 % dry matter = 6 USD/t DM/km.
    assert note.startswith(
        "The economic potential is 0 in every region: in the Low scenario the price (45 USD/t DM)"
    )
    assert "leaves 20 USD/t DM" in note and "costs 6 USD/t DM per km" in note
    assert "pays for 3.3 km, less than the first distance step (5 km)" in note
    assert page.get_attribute("#legend", "data-empty") == "zero"
    assert "≥" not in page.inner_text("#legend")


def test_an_all_zero_view_says_why_in_spanish(server, browser):
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    offline(page, server)
    note = economic_zero(page, server)
    assert note.startswith(
        "El potencial económico es 0 en todas las regiones: en el escenario Bajo el precio"
    )
    assert re.search(r"el precio paga 3[.,]3 km, menos que el primer tramo de distancia \(5 km\)", note)
    context.close()


def test_a_view_without_data_says_so(server, page):
    # A scenario whose potentials are not stored yet (being computed): the API has no row.
    page.route(
        re.compile(r".*/api/potentials/\?.*scenario=central.*"),
        lambda route: route.fulfill(json={"count": 0, "next": None, "previous": None, "results": []}),
    )
    page.goto(server.url + "/?resource=forest-residues")
    wait_ready(page)
    assert page.locator(".leaflet-overlay-pane path[data-code][data-value='']").count() == 9
    note = page.inner_text("#legend-note")
    assert note == "No data for Forest residues in the Central scenario: no region has a value."
    assert page.get_attribute("#legend", "data-empty") == "missing"
    assert page.locator("#legend li").count() == 1  # only the no-data class


ALPHA = """() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 256;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let clear = 0, opaque = 0;
  for (const img of document.querySelectorAll('.leaflet-overlay-pane img.leaflet-tile-loaded')) {
    context.clearRect(0, 0, 256, 256);
    context.drawImage(img, 0, 0, 256, 256);
    const data = context.getImageData(0, 0, 256, 256).data;
    for (let i = 3; i < data.length; i += 4) data[i] === 0 ? clear++ : data[i] === 255 && opaque++;
  }
  return [clear, opaque];
}"""


def test_the_sea_and_land_without_the_resource_are_clear_on_a_raster_overlay(server, page):
    layers = page.request.get(server.url + "/api/layers/").json()
    forest = next(layer for layer in layers if layer["slug"] == "forest-residues")
    page.goto(server.url + "/?view=15.5,-88,6")
    wait_ready(page)
    page.select_option("#overlay", str(forest["id"]))
    wait_until(page, "Number(document.querySelector('#map').dataset.overlayTiles || 0) >= 6")
    page.wait_for_load_state("networkidle")
    clear, opaque = page.evaluate(ALPHA)
    # 96 % of the layer's cells are 0 t DM/ha/yr (sea, and land without forest): clear; the
    # forests of Guatemala, Belize and Honduras are painted.
    assert clear > 2 * opaque > 0
    assert "0 and no data: not drawn" in page.inner_text(".overlay-legend")
    # The regions beneath show through: under the cleared pixels the choropleth is drawn.
    assert page.locator(".leaflet-overlay-pane path[data-code]").count() == 9
