"""The analyses as OGC API Processes give the JSON of /api/analysis, with its limits: a bad
input is a 400 whose description names the field, never a 500."""

import json

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-84.2, 9.8], [-83.8, 9.8], [-83.8, 10.2], [-84.2, 10.2], [-84.2, 9.8]]],
}


def execute(client, process: str, inputs: dict):
    response = client.post(
        f"/ogc/processes/{process}/execution",
        json.dumps({"inputs": inputs}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return response.status_code, json.loads(response.content)


def test_the_catchment_equals_the_api(client, unthrottled):
    params = {"lon": -84.0, "lat": 10.0, "radius_km": 30.0, "scenario": "low", "plant_mw": 5.0}
    status, result = execute(client, "catchment", params)
    assert status == 200
    api = client.get("/api/analysis/catchment", params, HTTP_ACCEPT_LANGUAGE="en").json()
    assert result == api
    assert result["totals"] and result["radius_km"] == 30.0 and result["scenario"]["slug"] == "low"


def test_the_area_equals_the_api(client, unthrottled):
    status, result = execute(client, "area", {"geometry": SQUARE})
    assert status == 200
    api = client.post(
        "/api/analysis/area", {"geometry": SQUARE}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert result == api
    assert result["area_km2"] > 1900  # about 44 km × 44 km


@pytest.mark.parametrize(
    "process, inputs, field",
    [
        ("catchment", {"lon": -84, "lat": 10, "radius_km": 301}, "radius_km"),
        ("catchment", {"lon": -84, "lat": 10, "radius_km": 0}, "radius_km"),
        ("catchment", {"lon": "east", "lat": 10, "radius_km": 5}, "lon"),
        ("catchment", {"lat": 10, "radius_km": 5}, "lon"),
        ("catchment", {"lon": -84, "lat": 10, "radius_km": "NaN"}, "radius_km"),
        ("catchment", {"lon": -84, "lat": 10, "radius_km": 5, "plant_mw": -1}, "plant_mw"),
        ("catchment", {"lon": -84, "lat": 10, "radius_km": 5, "scenario": "utopia"}, "scenario"),
        ("catchment", {"lon": -84, "lat": 10, "radius_km": 5, "scenario": 3}, "scenario"),
        ("area", {}, "geometry"),
        ("area", {"geometry": {"type": "Point", "coordinates": [0, 0]}}, "geometry"),
        ("area", {"geometry": "not json"}, "geometry"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, unthrottled, process, inputs, field):
    status, body = execute(client, process, inputs)
    assert status == 400
    assert f"{field}: " in body["description"], body


@override_settings(ANALYSIS_MAX_AREA_KM2=1000)
def test_an_area_above_the_limit_is_refused(client, unthrottled):
    status, body = execute(client, "area", {"geometry": SQUARE})
    assert status == 400 and "geometry: " in body["description"]


def test_the_process_describes_its_inputs_and_limits(client):
    process = client.get("/ogc/processes/catchment", HTTP_ACCEPT="application/json").json()
    assert set(process["inputs"]) == {"lon", "lat", "radius_km", "scenario", "plant_mw"}
    radius = process["inputs"]["radius_km"]["schema"]
    assert radius["maximum"] == 300 and radius["exclusiveMinimum"] == 0 and "minimum" not in radius
    assert process["inputs"]["lon"]["schema"]["minimum"] == -180
    assert client.get("/ogc/processes/nothing", HTTP_ACCEPT="application/json").status_code == 404
