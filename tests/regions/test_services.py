"""Writes for regions (services.py): a changed geometry brings its area, its simplified
copies and the stored potentials along."""

import json

import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry

from biomass.engine.geometry import as_valid_multipolygon, geodesic_area_m2
from biomass.errors import InvalidGeometry
from biomass.regions.models import Region
from biomass.regions.reading import RegionFile
from biomass.regions.services import checked_geometry, region_save, regions_import
from tests.conftest import queued_work
from tests.uploads import technical

pytestmark = pytest.mark.django_db


def half_of(region: Region) -> shapely.MultiPolygon:
    """The western half of a region's geometry."""
    geom = shapely.from_wkb(bytes(region.geom.wkb))
    minx, miny, maxx, maxy = geom.bounds
    return as_valid_multipolygon(shapely.clip_by_rect(geom, minx, miny, (minx + maxx) / 2, maxy))


def test_a_new_geometry_brings_its_area_copies_and_potentials_along(django_capture_on_commit_callbacks):
    region = Region.objects.get(code="CR-C")
    before = (region.area_km2, technical("CR-C", "forest-residues").theoretical_t)
    region.geom = GEOSGeometry(half_of(region).wkt, srid=4326)
    with django_capture_on_commit_callbacks(execute=True):
        region_save(region=region, changed=["geom"])
    region.refresh_from_db()
    assert region.area_km2 == pytest.approx(geodesic_area_m2(shapely.from_wkb(bytes(region.geom.wkb))) / 1e6)
    assert 0.2 * before[0] < region.area_km2 < 0.8 * before[0]
    assert (
        region.geom_coarse.within(region.geom.buffer(0.05))
        and region.geom_medium.num_coords <= region.geom.num_coords
    )
    after = technical("CR-C", "forest-residues").theoretical_t
    assert after < before[1] and after > 0


def test_a_name_change_recomputes_nothing(django_capture_on_commit_callbacks):
    region = Region.objects.get(code="CR-C")
    region.name_en = "Cartago province"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        region_save(region=region, changed=["name_en"])
    assert queued_work(queued) == [] and len(queued) == 1  # only the published data's new generation
    assert Region.objects.get(code="CR-C").name_en == "Cartago province"


def test_a_reimport_with_a_changed_geometry_recomputes_at_once(tmp_path):
    region = Region.objects.get(code="SV-SS")
    before = technical("SV-SS", "forest-residues").theoretical_t
    feature = {
        "type": "Feature",
        "properties": {
            "code": "SV-SS",
            "name_es": region.name_es,
            "name_en": region.name_en,
            "parent": "SLV",
        },
        "geometry": shapely.geometry.mapping(half_of(region)),
    }
    path = tmp_path / "ss.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    report = regions_import(
        spec=RegionFile(path=path, source=region.source, licence=region.licence), level="admin1"
    )
    assert report.updated == ["SV-SS"]
    assert technical("SV-SS", "forest-residues").theoretical_t < before


def test_geometries_are_repaired_or_refused():
    bow_tie = GEOSGeometry("MULTIPOLYGON (((-90 15, -89 16, -89 15, -90 16, -90 15)))", srid=4326)
    assert checked_geometry(bow_tie).is_valid
    with pytest.raises(InvalidGeometry) as refused:
        checked_geometry(GEOSGeometry("MULTIPOLYGON (((200 15, 201 15, 201 16, 200 15)))", srid=4326))
    assert refused.value.field == "geom"
    with pytest.raises(InvalidGeometry):
        checked_geometry(None)


def test_a_country_with_a_new_geometry_keeps_its_statistic_exactly(tmp_path):
    belize = Region.objects.get(code="BLZ")
    cane = technical("BLZ", "sugarcane-bagasse").theoretical_t
    feature = {
        "type": "Feature",
        "properties": {"code": "BLZ", "name_es": belize.name_es, "name_en": belize.name_en},
        "geometry": shapely.geometry.mapping(half_of(belize)),
    }
    path = tmp_path / "belize.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    regions_import(spec=RegionFile(path=path, source=belize.source, licence=belize.licence), level="country")
    assert Region.objects.get(code="BLZ").area_km2 < 0.7 * belize.area_km2
    # Belize's production is spread over its new outline again: its total is still its statistic
    after = technical("BLZ", "sugarcane-bagasse")
    assert after.theoretical_t == pytest.approx(cane, rel=1e-9)
    assert after.layer_version.provenance["statistics"]["dataset"] == "faostat-fbs"
