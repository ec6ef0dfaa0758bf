"""The OGC API's views: JSON unless HTML is asked for with ?f=html, read-only, processes rate
limited with the API's analyses."""

import json

import numpy as np
import pytest
import rasterio
from rest_framework.throttling import ScopedRateThrottle

from biomass.layers.models import Layer

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    "language, words", [("es", "no se ofrece en esta OGC API"), ("en", "is not offered by this OGC API")]
)
def test_a_browser_gets_json_and_html_is_refused_naming_f(client, language, words):
    response = client.get("/ogc/collections", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "regions" in [c["id"] for c in json.loads(response.content)["collections"]]
    for url in ("/ogc/", "/ogc/collections", "/ogc/collections/regions/items", "/ogc/processes"):
        refused = client.get(url, {"f": "html", "language": language}, HTTP_ACCEPT=BROWSER)
        assert refused.status_code == 406 and refused["Content-Type"] == "application/json", url
        assert refused.json()["description"].startswith("f: ") and words in refused.json()["description"]


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


def test_each_current_layer_version_is_a_coverage_with_its_own_cells(client):
    from biomass.layers.selectors import layers_list

    layers = [layer for layer in layers_list() if layer.current_version and layer.current_version.file]
    listed = [c["id"] for c in client.get("/ogc/collections?f=json").json()["collections"]]
    assert [i for i in listed if i.startswith("layer-")] == [f"layer-{layer.slug}" for layer in layers]
    layer = next(layer for layer in layers if layer.role == "resource")
    response = client.get(f"/ogc/collections/layer-{layer.slug}/coverage?f=GTiff")
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff"
    with rasterio.MemoryFile(response.content) as memory, memory.open() as served:
        with rasterio.open(layer.current_version.path) as stored:
            assert served.crs == stored.crs and served.transform == stored.transform
            assert np.array_equal(served.read(1, masked=True), stored.read(1, masked=True))
    covjson = client.get(f"/ogc/collections/layer-{layer.slug}/coverage?f=json").json()
    assert covjson["type"] == "Coverage"


def test_a_coverage_above_the_clip_limit_is_a_413_naming_the_bbox(client, settings):
    from biomass.layers.selectors import layers_list

    layer = next(layer for layer in layers_list() if layer.role == "resource" and layer.current_version)
    with rasterio.open(layer.current_version.path) as stored:
        settings.CLIP_MAX_PIXELS = stored.width * stored.height - 1
        west, south, east, north = stored.bounds
    url = f"/ogc/collections/layer-{layer.slug}/coverage"
    response = client.get(url, {"f": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response.json()["field"] == "bbox"
    corner = f"{west},{south},{west + (east - west) / 4},{south + (north - south) / 4}"
    assert client.get(url, {"f": "json", "bbox": corner}).status_code == 200


@pytest.mark.parametrize("name", ["lang", "language"])
def test_the_language_parameter_chooses_the_language(client, name):
    spanish = {"HTTP_ACCEPT": "application/json", "HTTP_ACCEPT_LANGUAGE": "es"}
    assert client.get("/ogc/collections/regions", **spanish).json()["title"] == "Regiones"
    assert client.get(f"/ogc/collections/regions?{name}=en", **spanish).json()["title"] == "Regions"
    response = client.get(f"/ogc/collections/regions?{name}=fr", **spanish)
    assert response.status_code == 400 and name in response.content.decode()


def test_a_coverage_names_its_band_with_the_layer_unit(client):
    layer = Layer.objects.filter(versions__isnull=False).exclude(units="").first()
    accept = {"HTTP_ACCEPT": "application/json", "HTTP_ACCEPT_LANGUAGE": "en"}
    schema = client.get(f"/ogc/collections/layer-{layer.slug}/schema?f=json", **accept).json()
    (field,) = schema["properties"].values()
    assert field["title"] == layer.name and field["x-ogc-unit"] == layer.units
    covjson = client.get(f"/ogc/collections/layer-{layer.slug}/coverage?f=json", **accept)
    assert covjson.status_code == 200, covjson.content[:300]
    ((name, parameter),) = covjson.json()["parameters"].items()
    assert name == layer.slug and parameter["unit"]["symbol"] == layer.units
