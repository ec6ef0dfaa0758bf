"""What the map paints beneath and around the regions: the offline base map (land, borders,
places) with no network at all, OpenStreetMap as a choice, the scale bar, and the legend of an
empty view saying why it is empty, in English and Spanish, on a desktop and a phone."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.pages import ON_TOP, open_page, overlap  # noqa: F401 (a fixture)
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


TILE = (  # a 1 × 1 PNG, as an OpenStreetMap tile served when "online"
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x9d\xa6\x00\x00\x00\x00IEND\xaeB`\x82"
)
OSM_WORDS = {
    "en-US": (
        "OpenStreetMap (online)",
        "Offline map (Natural Earth)",
        "OpenStreetMap contributors",
        "OpenStreetMap cannot be reached (no connection?): the offline base map is shown.",
    ),
    "es-MX": (
        "OpenStreetMap (en línea)",
        "Mapa sin conexión (Natural Earth)",
        "colaboradores de OpenStreetMap",
        "No se puede acceder a OpenStreetMap (¿sin conexión?): se muestra el mapa base sin conexión.",
    ),
}


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_openstreetmap_is_kept_in_the_url_and_falls_back_offline(server, open_page, locale):  # noqa: F811
    osm, offline_name, contributors, notice = OSM_WORDS[locale]
    page = open_page(locale)
    page.route(
        "https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=TILE, content_type="image/png")
    )
    page.goto(server.url + "/?view=15.5,-88,6")
    wait_ready(page)
    basemap_drawn(page)
    page.hover(".leaflet-control-layers")
    page.click(f"text={osm}")
    wait_until(page, "!document.querySelector('.leaflet-basemap-pane path')")
    wait_until(page, "location.search.includes('basemap=osm')")
    assert contributors in page.inner_text(".leaflet-control-attribution")
    # the shared link opens on OpenStreetMap
    page.goto(page.url)
    wait_ready(page)
    wait_until(page, "document.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded').length > 0")
    assert page.is_checked(".leaflet-control-layers-base label:nth-child(2) input")
    assert page.locator(".leaflet-basemap-pane path").count() == 0
    assert page.inner_text("#basemap-notice") == ""
    # offline: the tiles fail, a notice in the page's language, the offline map comes back
    page.unroute("https://tile.openstreetmap.org/**")  # the context refuses them
    page.goto(page.url)
    wait_ready(page)
    wait_until(page, "document.querySelectorAll('.leaflet-basemap-pane path').length > 30")
    assert page.inner_text("#basemap-notice") == notice and page.locator("#basemap-notice").is_visible()
    assert page.is_checked(".leaflet-control-layers-base label:first-child input")
    assert "basemap=" not in page.url
    assert [t.strip() for t in page.locator(".leaflet-control-layers-base label").all_text_contents()] == [
        offline_name,
        osm,
    ]


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


# Boxes of elements, as [left, top, right, bottom]; null for one not shown.
BOXES = """(selectors) => selectors.map(sel => { const e = document.querySelector(sel); if (!e) return null;
  const r = e.getBoundingClientRect(); return r.width ? [r.left, r.top, r.right, r.bottom] : null; })"""


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_on_a_phone_the_legends_stack_and_the_scale_and_sources_stay_readable(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "phone")
    layers = page.request.get(server.url + "/api/layers/", headers={"Accept-Language": locale}).json()
    cover = next(
        layer for layer in layers if layer["quantity"] == "categorical" and layer["tiles"]
    )  # land cover
    page.goto(server.url + f"/?overlay={cover['id']}")
    wait_ready(page)
    page.wait_for_selector(".overlay-legend", state="attached")
    # the legend area starts folded on a phone (it would cover the map above a sheet); one tap opens it
    assert page.locator("#legend").is_hidden() and page.get_attribute("#legend-dock", "open") is None
    page.click("#legend-dock > summary")
    page.wait_for_selector(".overlay-legend")
    legend, raster, dock, scale, mapbox = page.evaluate(
        BOXES, ["#legend", ".overlay-legend", "#legend-dock", ".leaflet-control-scale", "#map"]
    )
    # one legend area: the two legends one above the other, inside it, not over each other
    assert legend[3] <= raster[1] + 1 and not overlap(legend, raster)
    assert page.evaluate(
        "document.querySelector('#legend-dock').contains(document.querySelector('.overlay-legend'))"
    )
    assert dock[3] - dock[1] <= 0.45 * (mapbox[3] - mapbox[1])  # no more than 45 % of the map's height
    assert dock[2] - dock[0] <= 0.65 * (mapbox[2] - mapbox[0])
    # the scale bar is in view, under nothing
    assert not overlap(dock, scale) and page.evaluate(ON_TOP, ".leaflet-control-scale-line")
    # the sources are behind their "i" button, whole, and do not cover the scale when closed
    assert page.locator(".leaflet-control-attribution").is_hidden()
    page.click(".attribution-toggle")
    attribution = page.locator(".leaflet-control-attribution")
    assert attribution.is_visible()
    assert cover["source"] in attribution.inner_text()  # not cut
    box = page.evaluate(BOXES, [".leaflet-control-attribution"])[0]
    assert box[0] >= mapbox[0] and box[2] <= mapbox[2]
    assert page.evaluate(
        "(e => e.scrollWidth <= e.clientWidth)(document.querySelector('.leaflet-control-attribution'))"
    )
    # the legend area folds away
    page.click("#legend-dock > summary")
    assert page.locator("#legend").is_hidden() and page.locator("#legend-dock > summary").is_visible()


PLACES = """() => Array.from(document.querySelectorAll('.leaflet-basemap-labels-pane .place'))
  .filter(e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; })"""
REGIONS_BOX = """() => { const bs = Array.from(document.querySelectorAll('.leaflet-overlay-pane path[data-code]'),
  p => p.getBoundingClientRect()); return [Math.min(...bs.map(b => b.left)), Math.min(...bs.map(b => b.top)),
  Math.max(...bs.map(b => b.right)), Math.max(...bs.map(b => b.bottom))]; }"""


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_first_view_fits_the_land_and_place_names_never_overlap(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen)
    page.goto(server.url + "/")
    wait_ready(page, "country")
    basemap_drawn(page)
    mapbox = page.evaluate(BOXES, ["#map"])[0]
    regions = page.evaluate(REGIONS_BOX)
    width = mapbox[2] - mapbox[0]
    # the nine countries, from Baja California to the Dominican Republic, fill the map's width
    assert regions[0] >= mapbox[0] - 2 and regions[2] <= mapbox[2] + 2
    if screen == "phone":
        assert regions[2] - regions[0] >= 0.9 * width  # was 72 % (zoom 3)
        # the land's far ends are in view: Isla Guadalupe (118.4° W), Punta Espada (68.32° W)
        lat, lon, zoom = (float(v) for v in parse_qs(urlsplit(page.url).query)["view"][0].split(","))
        half = width / 2 * 360 / (256 * 2**zoom)
        assert lon - half <= -118.4 and lon + half >= -68.32, (lon, zoom, half)
    places = page.evaluate(PLACES)
    assert len(places) >= 8
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            assert not overlap(a, b), f"{a[4]} overlaps {b[4]}"
    capital = "Ciudad de México" if locale == "es-MX" else "Mexico City"
    assert any(capital in p[4] for p in places)  # the most important name is kept
    for level in ("view=15.5,-88,6", "view=15.5,-88,8"):  # zoomed in, still no overlap
        page.goto(server.url + "/?" + level)
        wait_ready(page)
        basemap_drawn(page)
        shown = page.evaluate(PLACES)
        assert all(not overlap(a, b) for i, a in enumerate(shown) for b in shown[i + 1 :])


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_the_country_page_map_has_the_offline_base_map(server, open_page, locale):  # noqa: F811
    page = open_page(locale)
    outside = offline(page, server)
    page.goto(server.url + "/countries/GTM/")
    page.wait_for_selector("#country-map[data-ready='true'][data-basemap='ready']", timeout=20000)
    assert page.locator("#country-map .leaflet-basemap-pane path").count() > 30  # land of the neighbours
    assert "Natural Earth" in page.inner_text("#country-map .leaflet-control-attribution")
    z = page.evaluate(
        "['basemap', 'overlay'].map(n => Number(getComputedStyle(document.querySelector('#country-map .leaflet-' + n + '-pane')).zIndex))"
    )
    assert z[0] < z[1]  # beneath the units
    assert outside == []
