"""The one error table: JSON errors naming the parameter (400 for a bad parameter value, 404 for an unknown object in the path), conditional GET, CORS, rate limits, the OpenAPI page."""

import json

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
    ("/api/potentials/", {"offset": str(10**30)}, 400, "offset"),
    ("/api/potentials/", {"limit": str(10**30)}, 400, "limit"),
    ("/api/potentials/", {"zoom": "nan"}, 400, "zoom"),
    ("/api/sites/", {"min_population": str(10**30)}, 400, "min_population"),
    ("/api/regions/", {"bbox": "nan,1,2,3"}, 400, "bbox"),
    ("/api/regions/", {"bbox": "1,inf,2,3"}, 400, "bbox"),
    ("/api/regions/", {"format": "\x00garbage"}, 400, "format"),
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
    tile = client.get("/tiles/99999/3/1/1.png", HTTP_ACCEPT_LANGUAGE="en")
    assert tile.status_code == 404 and tile.json() == {
        "error": "not_found",
        "message": "unknown layer 99999",
        "field": "layer",
    }
    bad = client.get(f"/tiles/{Layer.objects.get(slug='land-cover').pk}/30/1/1.png")
    assert bad.status_code == 400 and bad.json()["field"] == "z"


# ----------------------------------------------- every number of every operation is bounded
NUMBERS = ("number", "integer")


def _numbers_in(schema: dict, components: dict, where: str):
    """(where, schema) of every number in a JSON schema, following $ref, oneOf, properties,
    items and additionalProperties."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("type") in NUMBERS:
        yield where, schema
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _numbers_in(sub, components, f"{where}[{i}]")
    for name, sub in schema.get("properties", {}).items():
        yield from _numbers_in(sub, components, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _numbers_in(schema[key], components, f"{where}.{key}")


def test_every_number_an_operation_takes_has_a_documented_range(client):
    """Query and path parameters and request bodies, of every operation in the schema: each
    number has a minimum and a maximum (the server refuses what lies outside, below)."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    unbounded, seen = [], 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            inputs = [(f"{p['in']} {p['name']}", p["schema"]) for p in operation.get("parameters", [])]
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                inputs.append((f"body {media}", content["schema"]))
            for name, sub in inputs:
                for where, number in _numbers_in(sub, components, name):
                    seen += 1
                    if "minimum" not in number or "maximum" not in number:
                        unbounded.append(f"{method.upper()} {path} {where}")
    assert seen > 10 and unbounded == []


UNREADABLE = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", str(10**30), str(-(10**30))]
REQUIRED = {
    "lon": "-84",
    "lat": "10",
    "radius_km": "10",
    "region": "CRI",
    "technology": "steam-power",
    "mw": "5",
}


def _numeric_query_parameters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = operation.get("parameters", [])
            if method != "get" or any(p["in"] == "path" for p in parameters):
                continue
            for p in parameters:
                if p["in"] == "query" and p["schema"].get("type") in NUMBERS:
                    required = {q["name"]: REQUIRED[q["name"]] for q in parameters if q.get("required")}
                    yield path, p["name"], required


def test_no_numeric_query_parameter_takes_nan_infinity_or_a_huge_number(client, unthrottled):
    """Each number a GET takes, given NaN, infinity, a float that overflows to infinity, and
    integers far beyond any database's: a 400 naming it, never a 500 or an answer."""
    checked = set()
    for path, name, required in _numeric_query_parameters(client):
        for value in UNREADABLE:
            response = client.get(path, {**required, name: value})
            assert response.status_code == 400, (path, name, value, response.content)
            assert response.json()["field"] == name, (path, name, value)
        checked.add(name)
    assert {
        "lon",
        "lat",
        "radius_km",
        "plant_mw",
        "limit",
        "offset",
        "zoom",
        "min_population",
        "mw",
        "sizes",
    } <= checked


def test_a_body_over_the_size_limit_is_the_json_413(client, settings, unthrottled):
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when the view reads it: the 413
    of the error table, as JSON naming the body (not Django's HTML 400)."""
    body = b'{"geometry": "' + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
    response = client.post("/api/analysis/area", body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "too_large" and response.json()["field"] == "body"


def test_a_body_over_the_size_limit_outside_the_api_is_a_413_page(client, settings):
    """A view that is not DRF's (the language switch reads its form) gets the same status,
    through the 400 handler; JSON under /api/ and /tiles/, the page elsewhere."""
    body = "language=en&next=/&pad=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post("/i18n/setlang/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "text/html" in response["Content-Type"]


def test_the_400_handler_answers_json_under_the_api(rf):
    from django.core.exceptions import RequestDataTooBig, SuspiciousOperation

    from biomass.api.errors import bad_request

    too_big = bad_request(rf.post("/api/analysis/area"), RequestDataTooBig("x"))
    assert too_big.status_code == 413 and json.loads(too_big.content)["field"] == "body"
    suspicious = bad_request(rf.get("/tiles/1/1/1/1.png"), SuspiciousOperation("x"))
    assert suspicious.status_code == 400 and json.loads(suspicious.content)["error"] == "bad_request"
