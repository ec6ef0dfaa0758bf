"""The pygeoapi configuration is built from the database and the request."""

import json

import pytest
from django.test import RequestFactory, override_settings

from biomass.catalogue.models import Scenario
from biomass.layers.models import Layer
from biomass.ogc.config import mark_coverages, ogc_config, potentials_collection_id, server_url

pytestmark = pytest.mark.django_db


def test_one_potentials_collection_per_level_and_scenario():
    config = ogc_config(url="http://example.org/ogc")
    slugs = list(Scenario.objects.order_by("sort_order", "slug").values_list("slug", flat=True))
    collections = [k for k, v in config["resources"].items() if v["type"] == "collection"]
    features = [k for k in collections if not k.startswith("layer-")]
    assert features == ["regions"] + [
        potentials_collection_id(lv, s) for s in slugs for lv in ("country", "admin1")
    ]
    layer = Layer.objects.filter(role="resource").exclude(current_version=None).order_by("slug").first()
    coverage = config["resources"][f"layer-{layer.slug}"]["providers"][0]
    assert (coverage["type"], coverage["name"]) == ("coverage", "biomass.ogc.providers.LayerCoverageProvider")
    assert coverage["data"] == str(layer.current_version.path)
    provider = config["resources"]["potentials-admin1-low"]["providers"][0]
    assert (provider["level"], provider["scenario"]) == ("admin1", "low")
    assert "technical_pj: PJ/yr" in config["resources"]["potentials-admin1-low"]["description"]
    assert [k for k, v in config["resources"].items() if v["type"] == "process"] == ["catchment", "area"]
    assert config["server"]["url"] == "http://example.org/ogc"


def test_the_server_url_comes_from_the_request_or_the_setting():
    request = RequestFactory().get("/ogc/collections", HTTP_HOST="localhost")
    assert server_url(request) == "http://localhost/ogc"
    with override_settings(OGC_SERVER_URL="https://atlas.example.org/ogc"):
        assert server_url(request) == "https://atlas.example.org/ogc"


def test_mark_coverages_marks_only_the_raster_layers():
    body = {"collections": [{"id": "layer-forest-residues"}, {"id": "regions", "itemType": "feature"}]}
    marked = json.loads(mark_coverages(json.dumps(body)))["collections"]
    assert marked[0] == {"id": "layer-forest-residues", "itemType": "coverage", "layerDataType": "Coverage"}
    assert marked[1] == {"id": "regions", "itemType": "feature"}
    assert json.loads(mark_coverages(json.dumps({"id": "layer-x"})))["layerDataType"] == "Coverage"
    assert mark_coverages(b"<html></html>") == b"<html></html>"
