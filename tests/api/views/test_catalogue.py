"""The catalogue endpoints: resources with cited parameters, scenarios with sourced assumptions and units, layers."""

import pytest

from biomass.potentials.models import Potential

pytestmark = pytest.mark.django_db


def test_resources_scenarios_and_layers_are_documented(client):
    resources = client.get("/api/resources/").json()
    maize = next(r for r in resources if r["slug"] == "maize-stover")
    rpr = next(p for p in maize["parameters"] if p["name"] == "rpr")
    assert rpr["low"] <= rpr["central"] <= rpr["high"] and "IPCC" in rpr["source"]
    scenarios = client.get("/api/scenarios/", HTTP_ACCEPT_LANGUAGE="en").json()
    spanish = client.get("/api/scenarios/", HTTP_ACCEPT_LANGUAGE="es-MX").json()
    assert spanish[1]["units"]["collection_cost_usd_t"] == "USD/t MS" and spanish[0]["name"] == "Bajo"
    assert [s["slug"] for s in scenarios] == ["low", "central", "high"]
    assert (
        scenarios[1]["units"]["transport_cost_usd_t_km"] == "USD/(t·km), t as collected (wet)"
        and scenarios[1]["sources"]["tortuosity"]
    )
    counted = {r["slug"]: r["counted_in_totals"] for r in resources}
    assert not counted.pop("crop-residues-mixed") and all(counted.values())  # overlaps the crops
    layers = client.get("/api/layers/", HTTP_ACCEPT_LANGUAGE="en").json()
    maize_layer = next(layer for layer in layers if layer["slug"] == "maize-stover")
    assert maize_layer["label"] == "FAOSTAT food balances, mean 2016–2020"
    assert maize_layer["name"] == "Maize stover: FAOSTAT food balances, mean 2016–2020"
    spanish = client.get("/api/layers/", HTTP_ACCEPT_LANGUAGE="es-MX").json()
    maize_es = next(layer for layer in spanish if layer["slug"] == "maize-stover")
    assert maize_es["name"] == "Rastrojo de maíz: Balances alimentarios de FAOSTAT, media 2016–2020"
    assert maize_es["units"] == "t/año" and maize_layer["units"] == "t/yr"
    assert maize_layer["quantity"] == "production" and maize_layer["current_version"]["epsg"] == 4326


def test_staff_save_a_what_if_as_a_scenario(client, staff_user, django_capture_on_commit_callbacks):
    body = {
        "base": "central",
        "slug": "central-dear-diesel",
        "name_es": "Central, diésel caro",
        "name_en": "Central, dear diesel",
        "changes": {"transport_cost_usd_t_km": 0.3},
    }
    assert client.post("/api/scenarios/", body, content_type="application/json").status_code in (401, 403)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/scenarios/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    saved = response.json()
    assert saved["transport_cost_usd_t_km"] == 0.3 and saved["price_usd_t"] == 55
    assert "assumption" in saved["sources"]["what-if"]
    dear = Potential.objects.filter(scenario__slug="central-dear-diesel", region__code="MEX")
    central = {
        p.resource_id: p for p in Potential.objects.filter(scenario__slug="central", region__code="MEX")
    }
    assert dear.count() == len(central)
    for p in dear:  # dearer freight: the same technical, no more economic potential
        assert p.technical_t == central[p.resource_id].technical_t
        assert p.economic_t <= central[p.resource_id].economic_t
    again = client.post("/api/scenarios/", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["field"] == "slug"
    body |= {"slug": "bad", "changes": {"tortuosity": 9}}
    bad = client.post("/api/scenarios/", body, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "tortuosity"


def test_technologies_and_tariffs_are_listed_with_units_and_sources(client):
    technologies = client.get("/api/technologies/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [t["slug"] for t in technologies][:3] == ["steam-power", "steam-chp", "biogas-chp"]
    biogas = technologies[2]
    assert biogas["routes"] == ["biogas"] and biogas["min_mw"] == 0.1 and biogas["produces_heat"]
    capex = next(p for p in biogas["parameters"] if p["name"] == "capex_usd_per_kw")
    assert capex["unit"] == "USD/kW" and capex["low"] <= capex["central"] <= capex["high"] and capex["source"]
    assert len(biogas["parameters"]) == 9
    spanish = client.get("/api/technologies/", HTTP_ACCEPT_LANGUAGE="es-MX").json()
    assert spanish[0]["name"] == "Ciclo de vapor (solo electricidad)"
    life = next(p for p in spanish[0]["parameters"] if p["name"] == "lifetime_years")
    assert life["unit"] == "años"
    tariffs = client.get("/api/tariffs/").json()
    assert len(tariffs) == 9 and tariffs[0]["country"] == "BLZ"
    assert tariffs[0]["units"]["electricity_usd_mwh"] == "USD/MWh" and tariffs[0]["is_assumption"]
    assert tariffs[0]["heat_usd_mwh"] is None  # no reference heat price: no data, not 0
