"""The STAC views: JSON with absolute links from the request, GET only, and the API's 404 JSON
for an unknown layer or version."""

import pytest
from django.test import Client

from biomass.layers.models import Layer, LayerVersion
from tests.stac.schemas import errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_the_root_catalogue_links_every_collection_with_absolute_hrefs(client, settings):
    settings.ALLOWED_HOSTS = ["atlas.example.org"]
    response = client.get("/stac/", HTTP_HOST="atlas.example.org")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    root = response.json()
    assert root["type"] == "Catalog" and "https://api.stacspec.org/v1.0.0/core" in root["conformsTo"]
    links = {(link["rel"], link["href"]) for link in root["links"]}
    assert ("self", "http://atlas.example.org/stac/") in links
    assert ("root", "http://atlas.example.org/stac/") in links
    assert ("data", "http://atlas.example.org/stac/collections/") in links
    children = sorted(href for rel, href in links if rel == "child")
    served = Layer.objects.filter(current_version__isnull=False).order_by("slug")
    assert children == sorted(f"http://atlas.example.org/stac/collections/{layer.slug}/" for layer in served)


def test_collections_and_items_answer_with_their_media_types(client):
    collections = client.get("/stac/collections/").json()
    assert [c["id"] for c in collections["collections"]]
    slug = collections["collections"][0]["id"]
    items = client.get(f"/stac/collections/{slug}/items/")
    assert items.status_code == 200 and items["Content-Type"] == "application/geo+json"
    body = items.json()
    assert body["type"] == "FeatureCollection" and body["numberReturned"] == len(body["features"]) >= 1
    number = body["features"][0]["id"].rsplit("-v", 1)[1]
    item = client.get(f"/stac/collections/{slug}/items/{number}")
    assert item.status_code == 200 and item["Content-Type"] == "application/geo+json"
    assert item.json() == body["features"][0]


def test_the_documents_follow_the_request_language():
    layer = Layer.objects.get(slug="land-cover")
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/stac/collections/land-cover/").json()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/stac/collections/land-cover/").json()
    assert english["title"] == layer.name and spanish["title"] != english["title"]
    item = Client(HTTP_ACCEPT_LANGUAGE="es").get(
        f"/stac/collections/land-cover/items/{layer.current_version.number}"
    )
    assert item.json()["properties"]["title"].endswith(", versión 1")


@pytest.mark.parametrize(
    "path, field",
    [
        ("/stac/collections/no-such-layer/", "layer"),
        ("/stac/collections/no-such-layer/items/", "layer"),
        ("/stac/collections/no-such-layer/items/1", "layer"),
        ("/stac/collections/land-cover/items/99", "version"),
        ("/stac/collections/land-cover/items/999999999", "version"),
    ],
)
def test_unknown_layers_and_versions_are_404_json(client, path, field):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found" and response.json()["field"] == field


def test_an_unknown_stac_address_is_404_json_and_writes_are_refused(client):
    response = client.get("/stac/nothing-here")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert client.post("/stac/collections/").status_code == 405


def test_a_withdrawn_layer_is_not_in_the_catalogue(client):
    layer = Layer.objects.get(slug="land-cover")
    version_number = layer.current_version.number
    Layer.objects.filter(pk=layer.pk).update(current_version=None)
    assert client.get("/stac/collections/land-cover/").status_code == 404
    assert "land-cover" not in [c["id"] for c in client.get("/stac/collections/").json()["collections"]]
    response = client.get(f"/api/layers/{layer.pk}/versions/{version_number}/download")
    assert response.status_code == 404 and response.json()["field"] == "layer"


def test_a_served_layer_whose_file_is_gone_is_an_empty_valid_collection(client):
    layer = Layer.objects.get(slug="land-cover")
    LayerVersion.objects.filter(layer=layer).update(file="")
    collection = client.get("/stac/collections/land-cover/")
    assert collection.status_code == 200 and errors(collection.json()) == []
    assert collection.json()["extent"]["temporal"]["interval"] == [[None, None]]
    assert not [link for link in collection.json()["links"] if link["rel"] == "item"]
    assert client.get("/stac/collections/land-cover/items/").json()["features"] == []


def test_the_language_parameter_chooses_the_language_and_an_unknown_one_is_a_400():
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    layer = Layer.objects.get(slug="land-cover")
    for name in ("language", "lang"):
        assert spanish.get(f"/stac/collections/land-cover/?{name}=en").json()["title"] == layer.name
    assert spanish.get("/stac/collections/land-cover/").json()["title"] != layer.name
    response = spanish.get("/stac/?language=fr")
    assert response.status_code == 400 and "language" in response.content.decode()
