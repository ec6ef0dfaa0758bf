"""The analysis endpoints on the demo data: a drawn polygon identical to a region gives that
region's stored numbers; catchments; economic potential per region; bad input is a 400."""

import csv
import io
import json

import pytest

from biomass.catalogue.models import Resource, Scenario
from biomass.potentials.models import Potential
from biomass.potentials.services import potentials_compute
from biomass.regions.models import Region

pytestmark = pytest.mark.django_db


def post_area(client, geometry, **extra):
    return client.post(
        "/api/analysis/area", json.dumps({"geometry": geometry, **extra}), content_type="application/json"
    )


@pytest.mark.parametrize("code", ["CRI", "SV-SS", "MX-YUC"])
def test_a_polygon_identical_to_a_region_gives_its_stored_numbers(client, code):
    region = Region.objects.get(code=code)
    response = post_area(client, json.loads(region.geom.geojson), scenario="central")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["area_km2"] == pytest.approx(region.area_km2, rel=1e-6)
    stored_resources = Potential.objects.filter(region=region, scenario__slug="central")
    assert {t["resource"] for t in body["totals"]} == set(
        stored_resources.values_list("resource__slug", flat=True)
    )
    assert len(body["totals"]) >= 10  # crops from the statistics and forest residues
    for total in body["totals"]:
        stored = Potential.objects.get(
            region=region, resource__slug=total["resource"], scenario__slug="central"
        )
        assert total["theoretical_t"] == pytest.approx(stored.theoretical_t, rel=1e-9)
        assert total["technical_t"] == pytest.approx(stored.technical_t, rel=1e-9)
        assert total["technical_pj"] == pytest.approx(stored.technical_pj, rel=1e-9)


def test_area_accepts_a_feature_or_a_collection_of_one(client):
    square = {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11], [-85, 11], [-85, 10]]]}
    plain = post_area(client, square).json()["total"]
    feature = post_area(client, {"type": "Feature", "properties": {}, "geometry": square}).json()["total"]
    collection = post_area(
        client,
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": square}],
        },
    ).json()["total"]
    assert plain == feature == collection and plain["technical_t"] > 0
    # and the GeoJSON itself as the whole body, as the README says
    for body in (
        square,
        {"type": "Feature", "properties": {}, "geometry": square},
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": square}],
        },
        {**square, "scenario": "central"},
    ):
        response = client.post("/api/analysis/area", json.dumps(body), content_type="application/json")
        assert response.status_code == 200, (body, response.content)
        assert response.json()["total"] == plain


def test_area_refuses_an_open_ring_naming_geometry(client):
    triangle_open = {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11]]]}
    for body in ({"geometry": triangle_open}, triangle_open):
        response = client.post("/api/analysis/area", json.dumps(body), content_type="application/json")
        assert response.status_code == 400, response.content
        assert response.json()["field"] == "geometry" and "RFC 7946" in response.json()["message"]
    ogc = client.post(
        "/ogc/processes/area/execution",
        json.dumps({"inputs": {"geometry": triangle_open}}),
        content_type="application/json",
    )
    assert ogc.status_code == 400 and "RFC 7946" in ogc.content.decode()


def test_catchment_response_shape_curve_and_plant(client):
    response = client.get(
        "/api/analysis/catchment",
        {"lon": -89.19, "lat": 13.69, "radius_km": 50, "scenario": "central", "plant_mw": 60},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= {
        "totals",
        "supply_curve",
        "plant",
        "units",
        "radius_km",
        "radius_for_plant",
        "scenario",
    }
    for total in body["totals"]:
        assert set(total) >= {"resource", "theoretical_t", "technical_t", "theoretical_pj", "technical_pj"}
    curve = body["supply_curve"]
    per_gj = [p["cost_usd_per_gj"] for p in curve]
    assert per_gj == sorted(per_gj)  # ordered by the plotted unit: the cost never falls
    costs = [p["cost_usd_per_t"] for p in curve]
    # Distances are to cell centres: a 0.05° cell cut by the edge may centre up to ~4 km beyond it.
    # Freight is per wet tonne: the dearest t DM is the wettest resource's (1/d more per km).
    dry = {
        t["resource"]: Resource.objects.get(slug=t["resource"]).parameters.get(name="dry_matter").central
        for t in body["totals"]
    }
    wettest = min(dry.values())
    assert 20 <= min(costs) and max(costs) <= 20 + 0.15 / wettest * (50 + 4) * 1.3
    assert all(b["cumulative_t"] >= a["cumulative_t"] for a, b in zip(curve, curve[1:], strict=False))
    assert curve[-1]["cumulative_t"] == pytest.approx(body["total"]["technical_t"])
    scenario = Scenario.objects.get(slug="central")
    # Within 50 km a t DM of a dry residue (d ≥ 0.5) costs at most 20 + 0.15/0.5 × 54 × 1.3 = 41
    # USD, under the 55 USD price: all of it is economic; the wettest pay up to 1/d more per km.
    for total in body["totals"]:
        if dry[total["resource"]] >= 0.5:
            assert total["economic_t"] == pytest.approx(total["technical_t"]), total["resource"]
        assert total["economic_t"] <= total["technical_t"] * (1 + 1e-12)
    # P = Σ E_r · η_r / (8760 h · 3.6 GJ/MWh · CF_r), each resource through its route's plant
    expected_mw = expected_heat = 0.0
    for total in body["totals"]:
        plant = body["plant"]["routes"][total["resource"]]
        hours = 8760 * 3.6 * plant["capacity_factor"]
        expected_mw += total["economic_pj"] * 1e6 * plant["efficiency_electric"] / hours
        expected_heat += total["economic_pj"] * 1e6 * plant["efficiency_thermal"] / hours
    assert body["plant"]["mw_electric"] == pytest.approx(expected_mw)
    assert body["plant"]["mw_thermal"] == pytest.approx(expected_heat)
    assert body["plant"]["efficiency_electric"] == scenario.efficiency_electric
    radius = body["radius_for_plant"]["radius_km"]
    assert 0 < radius <= 300
    smaller = client.get("/api/analysis/catchment", {"lon": -89.19, "lat": 13.69, "radius_km": radius}).json()
    # The radius counts whole cells by their centres, the catchment cuts the edge cells: with
    # 0.05° (≈5.5 km) cells a ~30 km radius agrees to a few percent.
    assert smaller["plant"]["mw_electric"] == pytest.approx(60, rel=0.05)


def test_catchment_as_csv(client):
    response = client.get(
        "/api/analysis/catchment", {"lon": -84.08, "lat": 9.93, "radius_km": 30, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (
        list(rows[0]) == ["cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj", "resource"]
        and len(rows) > 5
    )


def test_an_impossible_plant_gets_no_radius(client):
    query = {"lon": -84.08, "lat": 9.93, "radius_km": 10, "plant_mw": 100000}
    body = client.get("/api/analysis/catchment", query, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["radius_for_plant"]["radius_km"] is None
    assert body["radius_for_plant"]["note"] == "the economic supply within 300 km does not support 100,000 MW"
    # The API answers in the request's language: Spanish (the default, or asked for).
    spanish = client.get("/api/analysis/catchment", query, HTTP_ACCEPT_LANGUAGE="es-MX").json()
    assert (
        spanish["radius_for_plant"]["note"]
        == "la oferta económica dentro de 300 km no alcanza para 100,000 MW"
    )
    assert spanish["scenario"]["name"] == "Central" and spanish["plant"]["basis"].startswith(
        "oferta económica"
    )


def test_server_messages_follow_the_language_asked_for(client):
    point = {"geometry": {"type": "Point", "coordinates": [-84, 10]}}
    answers = {
        language: client.post(
            "/api/analysis/area",
            json.dumps(point),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        ).json()["message"]
        for language in ("en-US", "es-MX")
    }
    assert answers == {
        "en-US": "expected a Polygon or MultiPolygon (or a Feature or FeatureCollection of one), got 'Point'",
        "es-MX": "Se esperaba un polígono o un multipolígono (o un elemento o una colección de elementos con "
        "uno solo); se recibió 'punto'",
    }
    client.cookies["django_language"] = "es"  # the site's language cookie
    far = {"lon": -84, "lat": 10, "radius_km": 100000}
    assert client.get("/api/analysis/catchment", far).json()["message"] == (
        "radius_km: Asegúrese de que este valor es menor o igual a 300.0."
    )


BAD = [
    (
        "area",
        {
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[-85, 10], [-84, 11], [-84, 10], [-85, 11], [-85, 10]]],
            }
        },
        "geometry",
        "Self-intersection",
    ),
    ("area", {"geometry": {"type": "Polygon", "coordinates": []}}, "geometry", "empty"),
    ("area", {"geometry": {"type": "Point", "coordinates": [-85, 10]}}, "geometry", "'Point'"),
    (
        "area",
        {"geometry": {"type": "Polygon", "coordinates": [[[10, 100], [11, 100], [11, 101], [10, 100]]]}},
        "geometry",
        "out of range",
    ),
    (
        "area",
        {
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[-118, 5], [-68, 5], [-68, 33], [-118, 33], [-118, 5]]],
            }
        },
        "geometry",
        "the limit is",
    ),
    ("area", {"geometry": "not json"}, "geometry", "not valid JSON"),
    (  # across the antimeridian: a 340°-wide band in lon/lat, not a 20° square
        "area",
        {
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]]],
            }
        },
        "geometry",
        "over 180°",
    ),
    (
        "area",
        {
            "geometry": {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11], [-85, 10]]]},
            "scenario": "utopia",
        },
        "scenario",
        "utopia",
    ),
    ("area", {"geometry": {}}, "geometry", "expected a Polygon"),
    ("area", {}, "geometry", None),
    ("catchment", {"lon": -84, "lat": 95, "radius_km": 10}, "lat", None),
    ("catchment", {"lon": -200, "lat": 10, "radius_km": 10}, "lon", None),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 0}, "radius_km", "0.001"),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": -5}, "radius_km", "0.001"),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 301}, "radius_km", "300"),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 10, "scenario": "utopia"}, "scenario", "utopia"),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 10, "plant_mw": -3}, "plant_mw", "0.001"),
    ("catchment", {"lon": "west", "lat": 10, "radius_km": 10}, "lon", None),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 10, "plant_mw": "6.7e307"}, "plant_mw", "1000000"),
    ("catchment", {"lon": "nan", "lat": 10, "radius_km": 10}, "lon", None),
    ("catchment", {"lon": -84, "lat": "inf", "radius_km": 10}, "lat", None),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": "1e999"}, "radius_km", None),
    ("catchment", {"lon": -84, "lat": 10, "radius_km": 10, "plant_mw": "-1e999"}, "plant_mw", None),
]


@pytest.mark.parametrize("endpoint, payload, field, message", BAD)
def test_bad_input_is_a_400_naming_the_parameter(client, endpoint, payload, field, message):
    if endpoint == "area":
        response = client.post(
            "/api/analysis/area",
            json.dumps(payload),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    else:
        response = client.get("/api/analysis/catchment", payload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    if message:
        assert message in body["message"]


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post("/api/analysis/area", "{geometry:", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]


def test_economic_potential_per_region_follows_the_price(client):
    rows = Potential.objects.filter(scenario__slug="central")
    assert all(p.economic_t is not None and 0 <= p.economic_t <= p.technical_t * (1 + 1e-12) for p in rows)
    mexico = rows.get(region__code="MEX", resource__slug="forest-residues")
    assert 0 < mexico.economic_t < mexico.technical_t  # remote forest is not worth hauling at 40 USD/t
    central = Scenario.objects.get(slug="central")
    central.price_usd_t = central.collection_cost_usd_t - 1  # not even collection is paid
    central.version += 1
    central.save()
    potentials_compute(scenario_slugs=["central"])
    assert all(p.economic_t == 0 for p in Potential.objects.filter(scenario__slug="central"))
    row = client.get("/api/potentials/", {"region": "MEX", "scenario": "central"}).json()["results"][0]
    assert row["economic_t"] == 0 and row["economic_pj"] == 0


def test_candidate_sites(client):
    sites = client.get("/api/sites/").json()["features"]
    assert len(sites) == 1003
    big = client.get("/api/sites/", {"country": "CRI", "min_population": 100000}).json()["features"]
    assert [s["properties"]["name"] for s in big] == ["San José"]
    lon, lat = big[0]["geometry"]["coordinates"]
    assert -84.2 < lon < -84.0 and 9.8 < lat < 10.0
