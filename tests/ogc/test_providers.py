"""The feature providers read through the selectors: each page of /ogc/ equals /api/, bbox and
property filters mean what the API's mean, and bad filters are a 400 naming the field."""

import json

import pytest

from biomass.potentials.columns import COLUMNS

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/{}/items"


def get(client, url, **params):
    accept = "application/geo+json" if url.startswith("/ogc/") else "application/json"
    response = client.get(url, params, HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, json.loads(response.content)


def test_potential_features_page_by_page_equal_the_api_rows(client):
    _, api = get(client, "/api/potentials/", level="country", scenario="low", limit=10000)
    seen = []
    for offset in range(0, api["count"], 7):
        status, page = get(client, ITEMS.format("potentials-country-low"), limit=7, offset=offset)
        assert status == 200
        assert page["numberMatched"] == api["count"]
        seen += page["features"]
    assert [f["properties"] for f in seen] == [
        {"id": f"{r['region_code']}:{r['resource']}", **r} for r in api["results"]
    ]
    assert [f["id"] for f in seen] == [f"{r['region_code']}:{r['resource']}" for r in api["results"]]
    assert {f["properties"]["scenario"] for f in seen} == {"low"}
    assert seen[0]["geometry"]["type"] == "MultiPolygon"


def test_the_bbox_keeps_what_the_api_bbox_keeps(client):
    box = "-84.2,9.6,-83.6,10.1"
    _, regions = get(client, "/api/regions/", bbox=box, level="admin1")
    status, page = get(client, ITEMS.format("regions"), bbox=box, level="admin1", limit=1000)
    assert status == 200
    codes = [r["properties"]["code"] for r in regions["features"]]
    assert [f["id"] for f in page["features"]] == codes
    assert "CR-SJ" in codes and "CR-G" not in codes  # San José is in the box, Guanacaste is not
    _, potentials = get(client, ITEMS.format("potentials-admin1-central"), bbox=box, limit=1000)
    assert {f["properties"]["region_code"] for f in potentials["features"]} == set(codes)


def test_a_region_feature_has_the_api_properties(client):
    _, api = get(client, "/api/regions/CR-SJ/")
    status, feature = get(client, "/ogc/collections/regions/items/CR-SJ")
    assert status == 200
    assert feature["properties"] == api["properties"]
    assert feature["geometry"] == api["geometry"]


def test_one_potential_by_its_id(client):
    status, feature = get(client, "/ogc/collections/potentials-admin1-central/items/CR-SJ:maize-stover")
    assert status == 200
    _, api = get(client, "/api/potentials/", region="CR-SJ", resource="maize-stover", scenario="central")
    assert feature["properties"] == {"id": "CR-SJ:maize-stover", **api["results"][0]}
    status, missing = get(client, "/ogc/collections/potentials-admin1-central/items/CRI:maize-stover")
    assert status == 404  # a country is not in the admin-1 collection


def test_property_filters_as_the_api_filters(client):
    status, page = get(
        client, ITEMS.format("potentials-admin1-central"), resource="maize-stover", region_code="CR-SJ"
    )
    assert status == 200 and [f["id"] for f in page["features"]] == ["CR-SJ:maize-stover"]
    status, body = get(client, ITEMS.format("potentials-admin1-central"), resource="unobtainium")
    assert status == 400
    assert body["description"].startswith("resource: ")
    status, body = get(client, ITEMS.format("regions"), level="planet")
    assert status == 400 and body["description"] == "level: unknown level 'planet'"


def test_the_schema_gives_every_column_with_its_unit(client):
    status, schema = get(client, "/ogc/collections/potentials-country-central/schema")
    assert status == 200
    properties = schema["properties"]
    for column in COLUMNS:
        assert column.name in properties
        if column.unit and column.name != "coverage":
            assert properties[column.name]["x-ogc-unit"] == column.unit
    # coverage is a fraction (0-1): unit "1", its meaning in the description
    assert properties["coverage"]["x-ogc-unit"] == "1"
    assert "covered by valid cells" in properties["coverage"]["description"]
    assert properties["technical_pj"]["type"] == "number"
    assert properties["layer_version"]["type"] == "integer"
    assert properties["region_code"]["type"] == "string"


def test_hits_count_without_features(client):
    status, body = get(client, ITEMS.format("regions"), resulttype="hits", level="country")
    _, api = get(client, "/api/regions/", level="country")
    assert status == 200 and body["features"] == [] and body["numberMatched"] == len(api["features"])
