"""Candidate sites (services.py): imported by GeoNames id, idempotent, a bad file changes
nothing."""

import json

import pytest

from biomass.analysis.models import Site
from biomass.analysis.services import sites_import
from biomass.errors import InvalidInput
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def town(geonameid, name, lon, lat, population=20_000):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"geonameid": geonameid, "name": name, "population": population, "country": "CRI"},
    }


def write(path, *features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return path


def test_reimporting_the_towns_changes_nothing():
    before = sorted(Site.objects.values_list("geonameid", "name", "population"))
    assert sites_import(path=FIXTURES / "sites" / "towns.geojson") == len(before) == 1003
    assert sorted(Site.objects.values_list("geonameid", "name", "population")) == before


def test_a_town_is_created_then_updated_by_its_id(tmp_path):
    sites_import(path=write(tmp_path / "a.geojson", town(1, "Villa Nueva", -84.1, 9.9)))
    sites_import(path=write(tmp_path / "b.geojson", town(1, "Villa Nueva", -84.1, 9.9, population=25_000)))
    site = Site.objects.get(geonameid=1)
    assert site.population == 25_000 and (site.point.x, site.point.y) == (-84.1, 9.9)


@pytest.mark.parametrize(
    "features, message",
    [
        (
            (
                town(2, "A", -84, 10),
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}},
            ),
            "feature 2",
        ),
        ((town(3, "B", -84, 100),), "feature 1: coordinates out of range"),
        (({"type": "Feature", "geometry": {"type": "LineString"}, "properties": {}},), "a Point"),
    ],
)
def test_a_bad_file_changes_nothing(tmp_path, features, message):
    before = Site.objects.count()
    with pytest.raises(InvalidInput, match=message):
        sites_import(path=write(tmp_path / "bad.geojson", *features))
    assert Site.objects.count() == before
    with pytest.raises(InvalidInput, match="cannot read"):
        sites_import(path=tmp_path / "missing.geojson")
