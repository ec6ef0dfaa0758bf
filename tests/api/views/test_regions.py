"""The region endpoints: GeoJSON FeatureCollections (RFC 7946), filters, bounding box, simplified geometries by zoom, errors."""

import pytest

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
