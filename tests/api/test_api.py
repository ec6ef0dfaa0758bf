"""The REST API: formats agree with the command line, GeoJSON follows RFC 7946, errors are
JSON with the parameter named, caching, CORS, rate limits and the OpenAPI schema."""

import csv
import io
import subprocess

import pytest
from django.core.management import call_command
from rasterio.io import MemoryFile

from biomass.models import Layer, Potential

pytestmark = pytest.mark.django_db


def export_cli(*args) -> str:
    out = io.StringIO()
    call_command("export_potentials", *args, stdout=out)
    return out.getvalue()


def ring_area(ring):
    """Signed area by the shoelace formula: positive when counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def assert_rfc7946(collection, *, lon=(-120, -60), lat=(4, 34)):
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                assert len(ring) >= 4 and ring[0] == ring[-1], "rings are closed"
                for x, y in ring:  # longitude first, within the region
                    assert lon[0] <= x <= lon[1] and lat[0] <= y <= lat[1], (x, y)
                # RFC 7946 right-hand rule: exteriors counterclockwise, holes clockwise
                assert (ring_area(ring) > 0) == (i == 0), feature["properties"].get("code")


def test_the_four_formats_carry_the_same_totals(client):
    cli = list(csv.DictReader(io.StringIO(export_cli("--level", "admin1", "--scenario", "central"))))
    api_csv = client.get("/api/potentials/", {"level": "admin1", "scenario": "central", "format": "csv"})
    assert api_csv["Content-Type"].startswith("text/csv")
    rows_csv = list(csv.DictReader(io.StringIO(api_csv.content.decode("utf-8"))))
    rows_json = client.get(
        "/api/potentials/", {"level": "admin1", "scenario": "central", "limit": 10000}
    ).json()
    geo = client.get("/api/potentials/", {"level": "admin1", "scenario": "central", "format": "geojson"})
    assert geo["Content-Type"].startswith("application/geo+json")
    features = geo.json()["features"]
    for field in ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj"):
        total_cli = sum(float(r[field]) for r in cli)
        assert sum(float(r[field]) for r in rows_csv) == total_cli
        assert sum(r[field] for r in rows_json["results"]) == pytest.approx(total_cli, rel=1e-12)
        assert sum(f["properties"][field] for f in features) == pytest.approx(total_cli, rel=1e-12)
    assert rows_json["count"] == len(cli) == len(features) == 320
    assert list(rows_json["results"][0])[:10] == list(cli[0])[:10]
    assert rows_json["units"]["technical_t"] == "t DM/yr"


def test_regions_and_potentials_geojson_follow_rfc_7946(client):
    for zoom in (4, 8, None):
        params = {"level": "admin1"} | ({"zoom": zoom} if zoom else {})
        assert_rfc7946(client.get("/api/regions/", params).json())
    assert_rfc7946(client.get("/api/potentials/", {"level": "country", "format": "geojson"}).json())


def test_gdal_reads_the_geojson_export(client, tmp_path):
    path = tmp_path / "potentials.geojson"
    path.write_bytes(
        client.get("/api/potentials/", {"level": "country", "scenario": "low", "format": "geojson"}).content
    )
    info = subprocess.run(
        ["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Feature Count: 18" in info and "technical_pj: Real" in info and "EPSG" in info or "WGS 84" in info


def test_csv_with_bom_keeps_accents_for_spreadsheets(client):
    response = client.get(
        "/api/potentials/", {"region": "MEX", "format": "csv", "bom": "true", "language": "es"}
    )
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert "México" in text and 'filename="potentials-MEX.csv"' in response["Content-Disposition"]


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


def test_pagination_is_stable(client):
    first = client.get("/api/potentials/", {"limit": 50}).json()
    second = client.get("/api/potentials/", {"limit": 50, "offset": 50}).json()
    everything = client.get("/api/potentials/", {"limit": 10000}).json()["results"]
    key = [(r["region_code"], r["resource"], r["scenario"]) for r in everything]
    assert [
        (r["region_code"], r["resource"], r["scenario"]) for r in first["results"] + second["results"]
    ] == key[:100]
    assert first["count"] == Potential.objects.count() and "offset=50" in first["next"]


def test_resources_scenarios_and_layers_are_documented(client):
    resources = client.get("/api/resources/").json()
    maize = next(r for r in resources if r["slug"] == "maize-stover")
    rpr = next(p for p in maize["parameters"] if p["name"] == "rpr")
    assert rpr["low"] <= rpr["central"] <= rpr["high"] and "IPCC" in rpr["source"]
    scenarios = client.get("/api/scenarios/").json()
    assert [s["slug"] for s in scenarios] == ["low", "central", "high"]
    assert (
        scenarios[1]["units"]["transport_cost_usd_t_km"] == "USD/(t DM·km)"
        and scenarios[1]["sources"]["tortuosity"]
    )
    layers = client.get("/api/layers/").json()
    crop = next(layer for layer in layers if layer["slug"] == "crop-residues-demo")
    assert crop["label"] == "demo estimate from land cover" and crop["current_version"]["epsg"] == 4326


def test_layer_download_and_clip(client):
    layer = Layer.objects.get(slug="crop-residues-demo")
    download = client.get(f"/api/layers/{layer.pk}/download")
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "image/tiff" and body[:4] == b"II*\x00"
    import hashlib

    assert hashlib.sha256(body).hexdigest() == layer.current_version.checksum
    clip = client.get(f"/api/layers/{layer.pk}/clip", {"region": "CRI"})
    assert clip.status_code == 200 and 'CRI.tif"' in clip["Content-Disposition"]
    with MemoryFile(clip.content) as memfile, memfile.open() as ds:
        west, south, east, north = ds.bounds
        assert -87.2 <= west < east <= -82.5 and 5.4 <= south < north <= 11.3  # Costa Rica with Cocos Island
        data = ds.read(1, masked=True)
        assert data.mask.any() and not data.mask.all()  # the sea around it is nodata


# A bad parameter value is 400, an unknown code or slug given as a parameter too; an unknown
# object named by the path is 404.
BAD_REQUESTS = [
    ("/api/regions/", {"level": "planet"}, 400, "level"),
    ("/api/regions/", {"zoom": "far"}, 400, "zoom"),
    ("/api/regions/", {"parent": "ATL"}, 400, "parent"),
    ("/api/regions/", {"code": "ATL"}, 400, "code"),
    ("/api/regions/", {"bbox": "1,2,three"}, 400, "bbox"),
    ("/api/regions/", {"bbox": "10,2,5,300"}, 400, "bbox"),
    ("/api/regions/ATL/", {}, 404, "region"),
    ("/api/potentials/", {"region": "ATL"}, 400, "region"),
    ("/api/potentials/", {"resource": "unobtainium"}, 400, "resource"),
    ("/api/potentials/", {"scenario": "utopia"}, 400, "scenario"),
    ("/api/potentials/", {"scenario": "utopia", "format": "csv"}, 400, "scenario"),
    ("/api/potentials/", {"region": "ATL", "format": "geojson"}, 400, "region"),
    ("/api/potentials/", {"level": "planet"}, 400, "level"),
    ("/api/potentials/", {"category": "minerals"}, 400, "category"),
    ("/api/potentials/", {"limit": "-5"}, 400, "limit"),
    ("/api/potentials/", {"offset": "many"}, 400, "offset"),
    ("/api/resources/unobtainium/", {}, 404, "resource"),
    ("/api/scenarios/utopia/", {}, 404, "scenario"),
    ("/api/layers/99999/", {}, 404, "layer"),
    ("/api/layers/99999/download", {}, 404, "layer"),
    ("/api/layers/1/clip", {}, 400, "region"),
    ("/api/layers/1/clip", {"region": "ATL"}, 400, "region"),
    ("/api/layers/99999/clip", {"region": "CRI"}, 404, "layer"),
    ("/tiles/99999/3/1/1.png", {}, 404, "layer"),
    ("/tiles/1/3/9/1.png", {}, 400, "z"),
]


@pytest.mark.parametrize("url, params, status, field", BAD_REQUESTS)
def test_errors_are_json_with_the_parameter_named(client, url, params, status, field):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    if status >= 400:
        body = response.json()
        assert body["message"] and body["error"]
        if field:
            assert body.get("field") == field, body


def test_conditional_get_answers_304(client):
    first = client.get("/api/scenarios/")
    assert first["ETag"] and "no-cache" in first["Cache-Control"]
    again = client.get("/api/scenarios/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    regions = client.get("/api/regions/", {"level": "country", "zoom": 4})
    assert "max-age=3600" in regions["Cache-Control"] and regions["ETag"]
    assert (
        client.get(
            "/api/regions/", {"level": "country", "zoom": 4}, HTTP_IF_NONE_MATCH=regions["ETag"]
        ).status_code
        == 304
    )


def test_cors_allows_reading_from_any_origin_and_nothing_else(client):
    response = client.get("/api/resources/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/layers/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN="https://example.org")


def test_expensive_exports_are_rate_limited(client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "2/min"})
    try:
        codes = [
            client.get("/api/potentials/", {"format": "csv", "region": "CRI"}).status_code for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        limited = client.get("/api/potentials/", {"format": "csv", "region": "CRI"})
        assert limited.json()["error"] == "throttled" and int(limited["Retry-After"]) > 0
        assert (
            client.get("/api/potentials/", {"region": "CRI"}).status_code == 200
        )  # the map's JSON is not limited
    finally:
        cache.clear()


def test_openapi_schema_and_documentation_page(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/regions/", "/api/potentials/", "/api/layers/{id}/clip"} <= set(schema["paths"])
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "https://" not in docs.split("<body")[0]


def test_tiles_are_png_cacheable_and_revalidated(client):
    layer = Layer.objects.get(slug="land-cover")
    first = client.get(f"/tiles/{layer.pk}/5/7/14.png")
    assert (
        first.status_code == 200 and first["Content-Type"] == "image/png" and first.content[:4] == b"\x89PNG"
    )
    assert "max-age=86400" in first["Cache-Control"]
    assert client.get(f"/tiles/{layer.pk}/5/7/14.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    far = client.get(f"/tiles/{layer.pk}/5/0/0.png")  # outside the layer: a transparent tile
    assert far.status_code == 200 and far.content[:4] == b"\x89PNG" and far["ETag"] != first["ETag"]
    preview = client.get(f"/layers/{layer.pk}/preview.png")
    assert preview.status_code == 200 and preview.content[:4] == b"\x89PNG"
