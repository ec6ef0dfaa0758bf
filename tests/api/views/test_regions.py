"""The region endpoints: GeoJSON FeatureCollections (RFC 7946), GeoPackage and GeoParquet with
the same values, filters, bounding box, simplified geometries by zoom, errors."""

import io
import json
import subprocess

import geopandas
import pyarrow.parquet as pq
import pytest
import shapely
from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db


def test_regions_api_returns_geojson(client):
    response = client.get("/api/regions/", {"level": "country"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in collection["features"]} == {
        "MEX",
        "GTM",
        "BLZ",
        "HND",
        "SLV",
        "NIC",
        "CRI",
        "PAN",
        "DOM",
    }
    mexico = next(f for f in collection["features"] if f["properties"]["code"] == "MEX")
    lon, lat = mexico["geometry"]["coordinates"][0][0][0]
    assert -118.5 < lon < -86 and 14 < lat < 33  # longitude first (RFC 7946)


def test_regions_api_filters_and_simplifies(client):
    def count_coords(collection):
        return sum(
            len(ring)
            for f in collection["features"]
            for poly in f["geometry"]["coordinates"]
            for ring in poly
        )

    full = client.get("/api/regions/", {"parent": "CRI"}).json()
    coarse = client.get("/api/regions/", {"parent": "CRI", "zoom": 4}).json()
    assert len(full["features"]) == len(coarse["features"]) == 7
    assert count_coords(coarse) < count_coords(full) / 2


def test_regions_api_errors_are_json(client):
    response = client.get("/api/regions/", {"level": "planet"})
    assert response.status_code == 400 and response.json()["field"] == "level"
    response = client.get("/api/regions/", {"zoom": "far"})
    assert response.status_code == 400 and response.json()["field"] == "zoom"
    response = client.get("/api/regions/ATL/")
    assert response.status_code == 404 and "ATL" in response.json()["message"]
    assert client.get("/api/regions/MX-CMX/").json()["properties"]["name_en"] == "Mexico City"


def test_filters_and_one_region(client):
    assert len(client.get("/api/regions/", {"parent": "CRI"}).json()["features"]) == 7
    assert [
        f["properties"]["code"] for f in client.get("/api/regions/", {"code": "MX-CMX"}).json()["features"]
    ] == ["MX-CMX"]
    in_box = client.get("/api/regions/", {"level": "country", "bbox": "-87,12,-85,14"}).json()["features"]
    assert {f["properties"]["code"] for f in in_box} == {"NIC", "HND"}
    one = client.get("/api/regions/CRI/").json()
    assert one["type"] == "Feature" and one["properties"]["name_es"] == "Costa Rica"
    rows = client.get(
        "/api/potentials/", {"category": "forest", "scenario": "high", "level": "country"}
    ).json()
    assert rows["count"] == 9 and {r["resource"] for r in rows["results"]} == {"forest-residues"}


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_regions_as_geopackage_and_geoparquet_carry_the_geojson(client, tmp_path, fmt):
    params = {"parent": "CRI", "language": "es"}
    features = client.get("/api/regions/", params, HTTP_ACCEPT_LANGUAGE="es").json()["features"]
    response = client.get("/api/regions/", params | {"format": fmt}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == f'attachment; filename="regions-CRI.{fmt}"'
    path = tmp_path / f"regions.{fmt}"
    path.write_bytes(response.content)
    frame = geopandas.read_file(path) if fmt == "gpkg" else geopandas.read_parquet(path)
    assert frame.crs.to_epsg() == 4326 and len(frame) == len(features) == 7
    assert list(frame.columns) == [*features[0]["properties"], "geometry"]
    for record, geometry, feature in zip(
        frame.drop(columns="geometry").to_dict("records"), frame.geometry, features, strict=True
    ):
        assert record == feature["properties"]  # text exactly, area_km2 to the last digit
        assert geometry.equals_exact(shapely.geometry.shape(feature["geometry"]), 0)
    if fmt == "gpkg":
        info = subprocess.run(
            ["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "Feature Count: 7" in info and "area_km2: Real" in info and "code: String" in info
        assert "area_km2_unit=km²" in info and 'ID["EPSG",4326]' in info
    else:
        assert json.loads(pq.read_schema(path).metadata[b"units"]) == {"area_km2": "km²"}


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_region_files_follow_the_filters_and_the_zoom(client, fmt):
    def read(params):
        response = client.get("/api/regions/", params | {"format": fmt})
        assert response.status_code == 200, response.content
        data = io.BytesIO(response.content)
        return geopandas.read_file(data) if fmt == "gpkg" else geopandas.read_parquet(data)

    in_box = read({"level": "country", "bbox": "-87,12,-85,14"})
    assert set(in_box["code"]) == {"NIC", "HND"} and in_box["parent"].isna().all()  # no parent: null
    coarse, full = read({"code": "CRI", "zoom": 4}), read({"code": "CRI"})
    assert shapely.get_num_coordinates(coarse.geometry[0]) < shapely.get_num_coordinates(full.geometry[0]) / 2
    assert read({"parent": "MX-JAL"}).empty  # an admin-1 unit has no children: an empty file
    for params, field in (({"format": "shp"}, "format"), ({"format": fmt, "level": "planet"}, "level")):
        refused = client.get("/api/regions/", params)
        assert refused.status_code == 400 and refused.json()["field"] == field


def test_region_files_are_rate_limited_like_the_other_exports(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "2/min"})
    cache.clear()
    by_parameter = client.get("/api/regions/", {"code": "CRI", "format": "gpkg"})
    by_header = client.get("/api/regions/", {"code": "CRI"}, HTTP_ACCEPT="application/geopackage+sqlite3")
    assert by_header["Content-Type"] == "application/geopackage+sqlite3"
    assert by_parameter.status_code == 200  # (a GeoPackage records when it was written: not byte-equal)
    assert geopandas.read_file(io.BytesIO(by_header.content))["code"].tolist() == ["CRI"]
    refused = client.get("/api/regions/", {"code": "CRI", "format": "parquet"})
    assert refused.status_code == 429 and refused["Content-Type"] == "application/json"
    assert client.get("/api/regions/", {"code": "CRI"}).status_code == 200  # the map's GeoJSON is not
    cache.clear()
