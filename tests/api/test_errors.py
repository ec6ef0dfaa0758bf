"""The one error table: JSON errors naming the parameter (400 for a bad parameter value, 404 for an unknown object in the path), conditional GET, CORS, rate limits, the OpenAPI page."""

import pytest

from biomass.api.errors import error_body, status_for
from biomass.errors import (
    Conflict,
    InvalidGeometry,
    InvalidInput,
    InvalidRaster,
    InvalidVector,
    NotFound,
    TooLarge,
)
from biomass.layers.models import Layer

pytestmark = pytest.mark.django_db


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
    ("/api/potentials/", {"format": "xml"}, 400, "format"),
    ("/api/analysis/catchment", {"lon": -84, "lat": 10, "radius_km": 10, "format": "pdf"}, 400, "format"),
    ("/api/sites/", {"country": "ATL"}, 400, "country"),
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
    # Nothing inline for the Content-Security-Policy: the start-up script comes from a URL.
    assert "<style" not in docs and "<script>" not in docs and 'src="/api/docs/?script="' in docs
    script = client.get("/api/docs/", {"script": ""})
    assert (
        script["Content-Type"].startswith("application/javascript") and b"SwaggerUIBundle" in script.content
    )


@pytest.mark.parametrize(
    "error, status",
    [
        (NotFound("x"), 404),
        (Conflict("x"), 409),
        (TooLarge("x"), 413),
        (InvalidInput("x"), 400),
        (InvalidRaster("x"), 400),
        (InvalidGeometry("x"), 400),
        (InvalidVector("x"), 400),
    ],
)
def test_the_one_table_from_errors_to_statuses(error, status):
    assert status_for(error) == status
    assert error_body(error)["error"] == error.code and error_body(error)["message"] == "x"


def test_pages_and_tiles_use_the_same_table(client):
    page = client.get("/countries/ATL/", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        page.status_code == 404
        and "text/html" in page["Content-Type"]
        and "Not found" in page.content.decode()
    )
    tile = client.get("/tiles/99999/3/1/1.png")
    assert tile.status_code == 404 and tile.json() == {
        "error": "not_found",
        "message": "unknown layer 99999",
        "field": "layer",
    }
    bad = client.get(f"/tiles/{Layer.objects.get(slug='land-cover').pk}/30/1/1.png")
    assert bad.status_code == 400 and bad.json()["field"] == "z"
