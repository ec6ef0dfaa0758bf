"""The committed boundaries: counts, codes, validity and areas against official figures."""

import json
import re

import pytest
import shapely

from biomass.regions.models import Region
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

COUNTRIES = {"MEX", "GTM", "BLZ", "HND", "SLV", "NIC", "CRI", "PAN", "DOM"}
# Official numbers of first-level units (Natural Earth 10m; Panama without Panamá Oeste,
# created in 2014 and not separated in the source).
ADMIN1_PER_COUNTRY = {
    "MEX": 32,
    "GTM": 22,
    "BLZ": 6,
    "HND": 18,
    "SLV": 14,
    "NIC": 17,
    "CRI": 7,
    "PAN": 12,
    "DOM": 32,
}
ALPHA2 = {
    "MEX": "MX",
    "GTM": "GT",
    "BLZ": "BZ",
    "HND": "HN",
    "SLV": "SV",
    "NIC": "NI",
    "CRI": "CR",
    "PAN": "PA",
    "DOM": "DO",
}


def test_the_nine_countries_are_loaded():
    countries = Region.objects.filter(level=Region.Level.COUNTRY)
    assert set(countries.values_list("code", flat=True)) == COUNTRIES
    assert all(c.parent is None for c in countries)
    names = dict(countries.values_list("code", "name_es"))
    assert names["MEX"] == "México" and names["DOM"] == "República Dominicana"
    assert dict(countries.values_list("code", "name_en"))["PAN"] == "Panama"


def test_admin1_counts_per_country():
    counts = {
        code: Region.objects.filter(level=Region.Level.ADMIN1, parent__code=code).count()
        for code in COUNTRIES
    }
    assert counts == ADMIN1_PER_COUNTRY
    assert Region.objects.filter(level=Region.Level.ADMIN1).count() == 160


def test_admin1_codes_are_iso_3166_2_of_their_country():
    for region in Region.objects.filter(level=Region.Level.ADMIN1).select_related("parent"):
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", region.code), region.code
        assert region.code.startswith(ALPHA2[region.parent.code] + "-"), region.code
        assert region.name_es and region.name_en


def test_documented_quirks_are_resolved():
    codes = set(Region.objects.values_list("code", flat=True))
    assert "MX-DIF" not in codes and "MX-X01~" not in codes
    cdmx = Region.objects.get(code="MX-CMX")
    assert (cdmx.name_es, cdmx.name_en) == ("Ciudad de México", "Mexico City")
    hasc = [h for h in Region.objects.exclude(hasc="").values_list("hasc", flat=True)]
    assert len(hasc) == len(set(hasc)), "HASC codes must be unique"
    assert Region.objects.get(code="PA-8").hasc == "PA.PM"
    assert Region.objects.get(code="PA-1").name_es == "Bocas del Toro"
    # The Alacranes reef (22.4N, 89.7W) belongs to Yucatán.
    yucatan = shapely.from_wkb(bytes(Region.objects.get(code="MX-YUC").geom.wkb))
    assert yucatan.intersects(shapely.Point(-89.69, 22.48).buffer(0.05))


def test_every_geometry_is_a_valid_multipolygon_in_wgs84():
    for region in Region.objects.all():
        for field in ("geom", "geom_medium", "geom_coarse"):
            geom = getattr(region, field)
            assert geom.srid == 4326
            assert geom.geom_type == "MultiPolygon", (region.code, field)
            assert geom.valid, (region.code, field, geom.valid_reason)
        minx, miny, maxx, maxy = region.geom.extent
        assert -118.5 < minx < maxx < -68 and 5 < miny < maxy < 33, region.code


@pytest.mark.parametrize("code, official_km2", [("MEX", 1_964_375), ("CRI", 51_100)])
def test_geodesic_area_is_close_to_the_official_area(code, official_km2):
    area = Region.objects.get(code=code).area_km2
    assert area == pytest.approx(official_km2, rel=0.02)


def test_admin1_units_tile_their_country():
    for country in Region.objects.filter(level=Region.Level.COUNTRY):
        units = sum(r.area_km2 for r in country.children.all())
        assert units == pytest.approx(country.area_km2, rel=0.01), country.code


def test_simplified_geometries_are_lighter():
    mexico = Region.objects.get(code="MEX")
    assert mexico.geom_coarse.num_coords < mexico.geom_medium.num_coords < mexico.geom.num_coords


def test_fixture_files_are_rfc7946_and_carry_provenance():
    for name in ("countries.geojson", "admin1.geojson"):
        data = json.loads((FIXTURES / "regions" / name).read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection" and "crs" not in data
        for feature in data["features"]:
            props = feature["properties"]
            assert props["source"].startswith("Natural Earth 1:10m")
            assert props["licence"] == "Public domain (Natural Earth)"
            assert "type_en" not in props
