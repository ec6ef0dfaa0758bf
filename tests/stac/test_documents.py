"""The STAC documents of the demo layers: valid against the official schemas (bundled, no
network), an item per processed version whose projection fields are what rasterio reads in the
COG, whose asset is the version's COG with its checksum, and a catalogue pystac can walk."""

import hashlib
from urllib.parse import urlsplit

import pystac
import pytest
import rasterio
from django.test import Client
from referencing.exceptions import NoSuchResource

from biomass.layers.models import Layer, LayerVersion
from biomass.layers.selectors import published_layers, published_versions
from tests.stac.schemas import errors
from tests.uploads import geotiff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


class ClientStacIO(pystac.StacIO):
    """pystac reads the catalogue through Django's test client (no server, no network)."""

    def __init__(self, client):
        super().__init__()
        self.client = client
        self.read = []

    def read_text(self, source, *args, **kwargs) -> str:
        href = source if isinstance(source, str) else source.get_absolute_href()
        response = self.client.get(urlsplit(href).path)
        assert response.status_code == 200, (href, response.content)
        self.read.append(href)
        return response.content.decode()

    def write_text(self, dest, txt, *args, **kwargs):
        raise AssertionError("the catalogue is read-only")


def every_document(client) -> list[dict]:
    root = client.get("/stac/").json()
    collections = client.get("/stac/collections/").json()["collections"]
    documents = [root, *collections]
    for collection in collections:
        items = client.get(f"/stac/collections/{collection['id']}/items/").json()["features"]
        documents += items
        documents += [
            client.get(urlsplit(link["href"]).path).json()
            for link in collection["links"]
            if link["rel"] == "item"
        ]
    return documents


def test_every_document_served_is_valid_against_the_stac_schemas(client):
    documents = every_document(client)
    kinds = {d["type"] for d in documents}
    assert kinds == {"Catalog", "Collection", "Feature"}
    assert {d["stac_version"] for d in documents} == {"1.1.0"}
    assert [(d["id"], e) for d in documents for e in errors(d)] == []


def test_the_validator_catches_a_broken_item_and_never_fetches_a_schema(client):
    layer = published_layers().first()
    item = client.get(f"/stac/collections/{layer.slug}/items/{layer.current_version.number}").json()
    item["properties"]["proj:shape"] = ["560", "1010"]
    del item["assets"]["data"]["href"]
    found = "\n".join(errors(item))
    assert "proj:shape" in found and "'href' is a required property" in found
    item["stac_extensions"].append("https://stac-extensions.github.io/eo/v1.1.0/schema.json")
    with pytest.raises(NoSuchResource):
        errors(item)


def test_an_item_per_version_with_the_projection_of_its_cog(client):
    for layer in published_layers():
        versions = published_versions(layer=layer)
        features = client.get(f"/stac/collections/{layer.slug}/items/").json()["features"]
        assert [f["id"] for f in features] == [f"{layer.slug}-v{v.number}" for v in versions]
        for feature, version in zip(features, versions, strict=True):
            properties = feature["properties"]
            with rasterio.open(version.path) as ds:
                assert properties["proj:epsg"] == ds.crs.to_epsg() == version.epsg
                assert properties["proj:shape"] == [ds.height, ds.width]
                assert properties["proj:transform"][:6] == pytest.approx(list(ds.transform)[:6])
                assert properties["proj:bbox"] == pytest.approx(list(ds.bounds))
                band = feature["assets"]["data"]["raster:bands"][0]
                assert band["data_type"] == ds.dtypes[0] and band["nodata"] == ds.nodata
            assert (
                band["unit"] == layer.units and band["statistics"]["maximum"] >= band["statistics"]["minimum"]
            )
            # The footprint in EPSG:4326 is the stored one (the demo COGs are in EPSG:4326).
            assert feature["bbox"] == pytest.approx(version.bounds_wgs84, abs=1e-6)


def test_the_asset_is_the_cog_with_the_checksum_of_its_bytes(client):
    layer = Layer.objects.get(slug="land-cover")
    item = client.get(f"/stac/collections/land-cover/items/{layer.current_version.number}").json()
    asset = item["assets"]["data"]
    assert asset["type"] == "image/tiff; application=geotiff; profile=cloud-optimized"
    assert asset["roles"] == ["data"]
    response = client.get(urlsplit(asset["href"]).path)
    assert response.status_code == 200 and response["Content-Type"] == "image/tiff"
    body = b"".join(response.streaming_content)
    assert asset["file:checksum"] == "1220" + hashlib.sha256(body).hexdigest()
    assert asset["file:size"] == len(body)
    assert (
        asset["href"]
        == f"http://testserver/api/layers/{layer.pk}/versions/{layer.current_version.number}/download"
    )


def test_a_year_is_the_items_time_span_and_the_collections_extent(client):
    layer = Layer.objects.get(slug="land-cover")
    assert layer.year == 2019
    collection = client.get("/stac/collections/land-cover/").json()
    assert collection["extent"]["temporal"]["interval"] == [["2019-01-01T00:00:00Z", "2019-12-31T23:59:59Z"]]
    item = client.get(f"/stac/collections/land-cover/items/{layer.current_version.number}").json()
    properties = item["properties"]
    assert properties["datetime"] is None
    assert (properties["start_datetime"], properties["end_datetime"]) == (
        "2019-01-01T00:00:00Z",
        "2019-12-31T23:59:59Z",
    )
    assert collection["summaries"]["proj:epsg"] == [4326]
    assert collection["license"] == "other"
    licence = next(link for link in collection["links"] if link["rel"] == "license")
    assert licence["title"] == layer.licence and licence["href"].endswith(f"/api/layers/{layer.pk}/")
    assert collection["providers"][0]["name"] == layer.source


def test_pystac_walks_the_catalogue_and_finds_every_version(client, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(api, geotiff(2.0), licence="CC-BY-4.0").status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(api, geotiff(4.0), licence="CC-BY-4.0").status_code == 202
    mixed = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert mixed.current_version.number == 2
    expected = {
        f"{v.layer.slug}-v{v.number}"
        for v in LayerVersion.objects.filter(status="ready", layer__current_version__isnull=False)
    }
    assert {f"{mixed.slug}-v1", f"{mixed.slug}-v2"} <= expected
    stac_io = ClientStacIO(client)
    catalog = pystac.Catalog.from_file("http://testserver/stac/", stac_io=stac_io)
    assert catalog.id == "biomass-layers"
    found = {item.id for item in catalog.get_items(recursive=True)}
    assert found == expected
    collection = catalog.get_child(mixed.slug)
    assert collection.license == "CC-BY-4.0" and collection.extent.temporal.intervals[0][0].year == 2020
    # The superseded version is still an item, and its asset downloads its own COG.
    old = collection.get_item(f"{mixed.slug}-v1")
    version = mixed.versions.get(number=1)
    response = client.get(urlsplit(old.assets["data"].href).path)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == version.checksum
    for item in catalog.get_items(recursive=True):
        assert errors(client.get(urlsplit(item.get_self_href()).path).json()) == []
