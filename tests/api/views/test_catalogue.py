"""The catalogue endpoints: resources with cited parameters, scenarios with sourced assumptions and units, layers."""

import pytest

pytestmark = pytest.mark.django_db


def test_resources_scenarios_and_layers_are_documented(client):
    resources = client.get("/api/resources/").json()
    maize = next(r for r in resources if r["slug"] == "maize-stover")
    rpr = next(p for p in maize["parameters"] if p["name"] == "rpr")
    assert rpr["low"] <= rpr["central"] <= rpr["high"] and "IPCC" in rpr["source"]
    scenarios = client.get("/api/scenarios/").json()
    assert [s["slug"] for s in scenarios] == ["low", "central", "high"]
    assert (
        scenarios[1]["units"]["transport_cost_usd_t_km"] == "USD/(t DM·km)"
        and scenarios[1]["sources"]["tortuosity"]
    )
    counted = {r["slug"]: r["counted_in_totals"] for r in resources}
    assert not counted.pop("crop-residues-mixed") and all(counted.values())  # overlaps the crops
    layers = client.get("/api/layers/").json()
    maize_layer = next(layer for layer in layers if layer["slug"] == "maize-stover")
    assert maize_layer["label"] == "FAOSTAT food balances, mean 2016–2020"
    assert maize_layer["quantity"] == "production" and maize_layer["current_version"]["epsg"] == 4326
