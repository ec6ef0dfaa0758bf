"""The GeoPackage and GeoParquet writers on a hand-made table: types kept, nulls kept, units
recorded, EPSG:4326, nothing left behind (the HTTP side is in tests/api/views/)."""

import io
import json
import sqlite3
import subprocess

import geopandas
import pyarrow.parquet as pq
import pyogrio
import pytest
from django.contrib.gis.geos import GEOSGeometry

from biomass.api.formats import Field, GeoTable, to_geopackage, to_geoparquet

SQUARE = GEOSGeometry("POLYGON((-90 14, -89 14, -89 15, -90 15, -90 14))", srid=4326)
TWO = GEOSGeometry(
    "MULTIPOLYGON(((-91 15, -90.5 15, -90.5 15.5, -91 15)), ((-88 13, -87 13, -87 14, -88 13)))", srid=4326
)
FIELDS = (Field("code", str), Field("mass", float, "t DM/yr"), Field("version", int), Field("note", str))
ROWS = [
    {"code": "GT-PE", "mass": 0.1 + 0.2, "version": 3, "note": "Petén"},
    {"code": "GT-QC", "mass": None, "version": None, "note": None},
]
TABLE = GeoTable("demo", FIELDS, ROWS, [SQUARE, TWO])


def test_the_geopackage_keeps_types_nulls_units_and_the_crs(tmp_path):
    path = tmp_path / "demo.gpkg"
    path.write_bytes(to_geopackage(TABLE))
    frame = geopandas.read_file(path)
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == ["code", "mass", "version", "note", "geometry"]
    assert frame["mass"][0] == 0.30000000000000004 and frame["mass"].isna()[1]  # the last digit; null
    assert frame["version"].tolist()[0] == 3 and frame["version"].isna()[1]
    assert frame["note"][0] == "Petén" and frame["note"].isna()[1]
    with sqlite3.connect(path) as db:  # stored as NULL, not as 0 or as a text "nan"
        assert db.execute(
            "SELECT mass IS NULL, version IS NULL, note IS NULL FROM demo WHERE code = 'GT-QC'"
        ).fetchone() == (1, 1, 1)
    # a Polygon is promoted to a MultiPolygon with the same coordinates (longitude first)
    assert frame.geometry[0].geom_type == "MultiPolygon" and frame.geometry[0].bounds == (-90, 14, -89, 15)
    assert frame.geometry[1].equals_exact(geopandas.GeoSeries.from_wkt([TWO.wkt])[0], 0)
    meta = pyogrio.read_info(path)["layer_metadata"]
    assert meta["mass_unit"] == "t DM/yr" and "mass: t DM/yr" in meta["DESCRIPTION"]
    info = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    )
    assert (
        "Feature Count: 2" in info.stdout
        and "mass: Real" in info.stdout
        and "version: Integer" in info.stdout
    )
    assert "mass_unit=t DM/yr" in info.stdout and 'ID["EPSG",4326]' in info.stdout
    assert "Warning" not in info.stderr  # GeoPackage 1.2: older GDALs read it without a warning


def test_the_geoparquet_keeps_types_nulls_units_and_the_crs():
    data = to_geoparquet(TABLE)
    frame = geopandas.read_parquet(io.BytesIO(data))
    assert frame.crs.to_epsg() == 4326
    assert frame["mass"][0] == 0.30000000000000004 and frame["mass"].isna()[1]
    assert str(frame["version"].dtype) == "Int64" and frame["version"].isna()[1]
    assert frame["note"][0] == "Petén" and frame["note"].isna()[1]
    assert frame.geometry[1].equals_exact(geopandas.GeoSeries.from_wkt([TWO.wkt])[0], 0)
    schema = pq.read_schema(io.BytesIO(data))
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["version"] == "1.0.0" and geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    assert geo["columns"]["geometry"]["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    assert json.loads(schema.metadata[b"units"]) == {"mass": "t DM/yr"}
    assert schema.field("mass").metadata == {b"unit": b"t DM/yr"} and schema.field("code").metadata is None


@pytest.mark.parametrize(
    "write, read", [(to_geopackage, geopandas.read_file), (to_geoparquet, geopandas.read_parquet)]
)
def test_an_empty_table_is_a_file_with_its_columns(write, read, tmp_path):
    path = tmp_path / ("empty.gpkg" if write is to_geopackage else "empty.parquet")
    path.write_bytes(write(GeoTable("empty", FIELDS, [], [])))
    frame = read(path)
    assert len(frame) == 0 and list(frame.columns) == ["code", "mass", "version", "note", "geometry"]
