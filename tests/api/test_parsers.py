"""The API's JSON parser (parsers.py): a body nested too deeply is a 400 naming the body, on
every endpoint that reads JSON, never a RecursionError (500)."""

import json

import pytest

from biomass.api.parsers import MAX_DEPTH, depth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]


JSON_ENDPOINTS = ["/api/analysis/area", "/api/potentials/what-if"]
SQUARE = [[[-85, 10], [-84, 10], [-84, 11], [-85, 11], [-85, 10]]]


def nested(levels: int, inner: str = "1") -> str:
    return "[" * levels + inner + "]" * levels


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
@pytest.mark.parametrize(
    "body",
    [
        nested(5000),  # Python's decoder gives up (RecursionError)
        '{"geometry": {"type": "Polygon", "coordinates": ' + nested(5000) + "}}",
        '{"changes": {"availability": ' + nested(MAX_DEPTH + 1) + "}}",  # decodable, too deep
    ],
)
def test_a_deeply_nested_body_is_a_400_naming_the_body(client, url, body):
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "body" and "nested too deeply" in response.json()["message"]


def test_the_api_parses_json_with_this_parser_by_default(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] == ["biomass.api.parsers.JSONParser"]


@pytest.mark.parametrize("levels", [5, 20, MAX_DEPTH - 3])  # the last: MAX_DEPTH in all
def test_coordinates_nested_deeper_than_geojson_are_an_invalid_geometry(client, levels):
    """Within the depth limit GEOS/shapely are handed the odd shape, and refuse it (400)."""
    body = {"geometry": {"type": "Polygon", "coordinates": json.loads(nested(levels, "[-85, 10]"))}}
    response = client.post("/api/analysis/area", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "geometry"


def test_a_polygon_still_passes(client):
    body = {"geometry": {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": SQUARE}}}
    response = client.post("/api/analysis/area", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "value, expected",
    [(1, 0), ("x", 0), ([], 1), ({}, 1), ([[1], {"a": [2]}], 3), (json.loads(nested(40)), 40)],
)
def test_depth_counts_lists_and_objects(value, expected):
    assert depth(value) == expected
