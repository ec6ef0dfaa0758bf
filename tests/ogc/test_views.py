"""The OGC API's views: JSON unless HTML is asked for with ?f=html, read-only, processes rate
limited with the API's analyses."""

import json

import pytest
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_json_by_default_and_html_when_asking(client):
    response = client.get("/ogc/collections", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "regions" in [c["id"] for c in json.loads(response.content)["collections"]]
    response = client.get("/ogc/collections?f=html", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_every_page_answers(client):
    for url in ("/ogc/", "/ogc/conformance", "/ogc/openapi", "/ogc/collections/regions/queryables"):
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200, url
    conformance = client.get("/ogc/conformance?f=json").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance
    assert client.get("/ogc/collections/nothing?f=json").status_code == 404


def test_read_only(client):
    assert (
        client.post("/ogc/collections/regions/items", {}, content_type="application/json").status_code == 405
    )
    assert client.delete("/ogc/collections/regions/items/CRI").status_code == 405


def test_processes_share_the_api_rate_limit(client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "1/min"})
    from django.core.cache import cache

    cache.clear()
    body = json.dumps({"inputs": {"lon": -84, "lat": 10, "radius_km": 1}})
    first = client.post("/ogc/processes/catchment/execution", body, content_type="application/json")
    second = client.post("/ogc/processes/catchment/execution", body, content_type="application/json")
    cache.clear()
    assert first.status_code == 200 and second.status_code == 429
