"""import_regions: formats, reprojection, repair, idempotence, and every bad input."""

import json
import os
import subprocess
import sys

import pytest
import shapely
from django.core.management.base import CommandError

from biomass.engine.geometry import geodesic_area_m2
from biomass.regions.models import Region
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.django_db


def square(x0, y0, size):
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def snapshot():
    """Everything a failed import must leave untouched."""
    return sorted(
        (r.code, r.level, r.name_es, r.name_en, r.parent_id, r.updated_at, r.geom.wkb.tobytes())
        for r in Region.objects.all()
    )


@pytest.fixture
def two_units(tmp_path):
    return write_geojson(
        tmp_path / "units.geojson",
        [
            feature(
                {"code": "ZZ-A", "name_es": "Unidad A", "name_en": "Unit A", "parent": "MEX"},
                {"type": "Polygon", "coordinates": square(-100, 20, 0.5)},
            ),
            feature(
                {"code": "ZZ-B", "name_es": "Unidad B", "name_en": "Unit B", "parent": "MEX"},
                {"type": "Polygon", "coordinates": square(-99.5, 20, 0.5)},
            ),
        ],
    )


def test_reimporting_the_fixtures_changes_nothing(call):
    before = snapshot()
    out, _ = call("import_regions", str(FIXTURES / "regions" / "admin1.geojson"), "--level", "admin1")
    assert "160 regions read: 0 created, 0 updated, 160 unchanged" in out
    out, _ = call("import_regions", str(FIXTURES / "regions" / "countries.geojson"), "--level", "country")
    assert "9 regions read: 0 created, 0 updated, 9 unchanged" in out
    assert snapshot() == before


def test_import_creates_then_updates_by_code(call, two_units, tmp_path):
    out, _ = call("import_regions", str(two_units), "--level", "admin1")
    assert "2 created" in out
    a = Region.objects.get(code="ZZ-A")
    assert a.parent.code == "MEX" and a.name_en == "Unit A"
    # 0.5 degree square at 20-20.5N: geodesic area on paper is about 2,900 km²
    assert a.area_km2 == pytest.approx(geodesic_area_m2(shapely.box(-100, 20, -99.5, 20.5)) / 1e6, rel=1e-9)
    assert a.area_km2 == pytest.approx(2903, rel=0.01)

    data = json.loads(two_units.read_text())
    data["features"][0]["properties"]["name_es"] = "Unidad A renombrada"
    two_units.write_text(json.dumps(data))
    b_before = Region.objects.get(code="ZZ-B").updated_at
    out, _ = call("import_regions", str(two_units), "--level", "admin1")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Region.objects.get(code="ZZ-A").name_es == "Unidad A renombrada"
    assert Region.objects.get(code="ZZ-B").updated_at == b_before


def test_geopackage_in_utm_is_reprojected(call, tmp_path):
    # A 10 km x 10 km square in UTM zone 14N (EPSG:32614), written as a GeoPackage by GDAL.
    src = write_geojson(
        tmp_path / "utm.geojson",
        [
            feature(
                {"clave": "ZZ-U", "nombre": "Cuadro UTM"},
                {"type": "Polygon", "coordinates": square(500000, 2200000, 10000)},
            )
        ],
    )
    gpkg = tmp_path / "utm.gpkg"
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG", "-a_srs", "EPSG:32614", str(gpkg), str(src)],
        check=True,
        capture_output=True,
    )
    out, _ = call(
        "import_regions", str(gpkg), "--level", "admin1", "--code-field", "clave", "--name-field", "nombre"
    )
    region = Region.objects.get(code="ZZ-U")
    assert region.name_es == region.name_en == "Cuadro UTM"
    lon, lat = region.geom.centroid.coords
    assert lon == pytest.approx(-98.95, abs=0.01) and lat == pytest.approx(19.94, abs=0.01)
    # UTM distorts areas by the scale factor (0.9996 at the central meridian): ~100 km².
    assert region.area_km2 == pytest.approx(100 / 0.9996**2, rel=0.002)


def test_shapefile_without_crs_needs_srid(call, tmp_path):
    src = write_geojson(
        tmp_path / "plain.geojson",
        [
            feature(
                {"code": "ZZ-S", "name": "Sin CRS"}, {"type": "Polygon", "coordinates": square(-90, 15, 1)}
            )
        ],
    )
    shp = tmp_path / "plain.shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(shp), str(src)], check=True, capture_output=True)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(CommandError, match="no coordinate reference system; pass --srid"):
        call("import_regions", str(shp), "--level", "admin1")
    call("import_regions", str(shp), "--level", "admin1", "--srid", "4326")
    assert Region.objects.get(code="ZZ-S").name_es == "Sin CRS"


def test_self_intersecting_polygon_is_repaired(call, tmp_path):
    bowtie = [[[-90, 15], [-89, 16], [-89, 15], [-90, 16], [-90, 15]]]
    path = write_geojson(
        tmp_path / "bowtie.geojson",
        [feature({"code": "ZZ-X", "name": "Moño"}, {"type": "Polygon", "coordinates": bowtie})],
    )
    call("import_regions", str(path), "--level", "admin1")
    region = Region.objects.get(code="ZZ-X")
    assert region.geom.valid and region.geom.geom_type == "MultiPolygon"
    assert len(region.geom) == 2  # the two triangles of the bow tie
    assert region.geom.area == pytest.approx(0.5)


BAD_INPUTS = {
    "missing file": (None, "file not found"),
    "unreadable format": ("garbage", "cannot read"),
    "missing code field": (
        [feature({"clave": "ZZ-A", "name": "A"}, {"type": "Polygon", "coordinates": square(-100, 20, 1)})],
        "code field 'code' not found",
    ),
    "missing name field": (
        [feature({"code": "ZZ-A", "nombre": "A"}, {"type": "Polygon", "coordinates": square(-100, 20, 1)})],
        "no name field found",
    ),
    "duplicate codes": (
        [
            feature({"code": "ZZ-A", "name": "A"}, {"type": "Polygon", "coordinates": square(-100, 20, 1)}),
            feature(
                {"code": "ZZ-A", "name": "A bis"}, {"type": "Polygon", "coordinates": square(-99, 20, 1)}
            ),
        ],
        "duplicate code 'ZZ-A': features 1 and 2",
    ),
    "non-polygon geometry": (
        [
            feature({"code": "ZZ-A", "name": "A"}, {"type": "Polygon", "coordinates": square(-100, 20, 1)}),
            feature({"code": "ZZ-P", "name": "Punto"}, {"type": "Point", "coordinates": [-99, 20]}),
        ],
        "feature 2 (code 'ZZ-P'): the geometry is a Point, not a polygon",
    ),
    "unknown parent code": (
        [
            feature(
                {"code": "ZZ-A", "name": "A", "parent": "MEX"},
                {"type": "Polygon", "coordinates": square(-100, 20, 1)},
            ),
            feature(
                {"code": "ZZ-B", "name": "B", "parent": "ATL"},
                {"type": "Polygon", "coordinates": square(-99, 20, 1)},
            ),
        ],
        "unknown parent code 'ATL'",
    ),
    "empty layer": ([], "the layer is empty"),
    "empty code": (
        [feature({"code": " ", "name": "A"}, {"type": "Polygon", "coordinates": square(-100, 20, 1)})],
        "the code field 'code' is empty",
    ),
    "no geometry": ([feature({"code": "ZZ-A", "name": "A"}, None)], "has no geometry"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gives_a_clear_error_and_changes_nothing(call, tmp_path, case):
    content, message = BAD_INPUTS[case]
    path = tmp_path / "input.geojson"
    if content == "garbage":
        path.write_bytes(b"\x89PNG\r\n\x1a\n not a vector file at all")
    elif content is not None:
        write_geojson(path, content)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call("import_regions", str(path), "--level", "admin1")
    assert message in str(error.value)
    assert "nothing was changed" in str(error.value)
    assert snapshot() == before


def test_moving_a_code_to_another_level_is_refused(call):
    before = snapshot()
    with pytest.raises(CommandError, match="already exists at level 'country'"):
        call("import_regions", str(FIXTURES / "regions" / "countries.geojson"), "--level", "admin1")
    assert snapshot() == before


def test_cli_exits_non_zero_with_the_message_on_stderr(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"spatialite:///{tmp_path / 'cli.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_regions", str(tmp_path / "nowhere.gpkg"), "--level", "country"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "file not found" in result.stderr
