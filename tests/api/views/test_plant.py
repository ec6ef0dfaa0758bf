"""The plant economics endpoints on the demo data: JSON and CSV with units, the size curve,
bad input a 400 naming the parameter, and a plant the supply cannot feed a 200 with no cost."""

import csv
import io
import time

import pytest

pytestmark = pytest.mark.django_db

SITE = "lon=-89.18718&lat=13.68935"  # San Salvador (GeoNames), a candidate site of the demo data


def get(client, path, query, **headers):
    return client.get(f"/api/analysis/{path}?{SITE}&{query}", HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_a_plant_at_a_town(client):
    response = get(client, "plant", "technology=steam-power&mw=10&scenario=central")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["fuel"]["supplied"] and body["lcoe_usd_mwh_p10"] <= body["lcoe_usd_mwh_p90"]
    assert body["tariff"]["country"] == "SLV" and body["units"]["npv_usd"] == "USD"
    plant = body["plant"]
    assert body["lcoe_usd_mwh"] == pytest.approx(plant["annual_cost_usd"] / plant["electricity_mwh"])
    given = get(client, "plant", "technology=steam-power&mw=10&tariff_usd_mwh=40").json()
    assert given["tariff"]["given_by_user"] and given["npv_usd"] < 0 < body["npv_usd"]


def test_the_plant_as_csv_has_every_input_and_result_with_its_unit(client):
    response = get(client, "plant", "technology=steam-chp&mw=5&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["input.capex_usd_per_kw"]["unit"] == "USD/kW" and rows["input.capex_usd_per_kw"]["source"]
    assert rows["lcoe_usd_mwh"]["unit"] == "USD/MWh" and float(rows["lcoh_usd_mwh"]["value"]) > 0
    assert rows["input.discount_rate"]["unit"] == "fraction per year (real terms)"
    assert rows["tariff.electricity_usd_mwh"]["value"] == "115.0"


def test_the_heat_price_row_names_its_own_source(client):
    """No reference heat price: no data and no source (not the electricity tariff's); a price
    given is the user's, and a CHP plant's heat then earns it."""

    def heat_row(query):
        body = get(client, "plant", f"technology=steam-chp&mw=5{query}&format=csv").content.decode()
        return {row["name"]: row for row in csv.DictReader(io.StringIO(body))}

    without, given = heat_row(""), heat_row("&heat_price_usd_mwh=30")
    assert without["tariff.heat_usd_mwh"]["value"] == "" and without["tariff.heat_usd_mwh"]["source"] == ""
    assert without["tariff.electricity_usd_mwh"]["source"] != ""
    assert given["tariff.heat_usd_mwh"]["value"] == "30.0" and given["tariff.heat_usd_mwh"]["source"] != ""
    assert float(given["npv_usd"]["value"]) > float(without["npv_usd"]["value"])


def test_the_size_curve_and_its_csv(client):
    started = time.perf_counter()
    response = get(client, "plant/sizes", "technology=steam-power&scenario=central")
    print(f"30 sizes: {time.perf_counter() - started:.2f} s")  # measured, not asserted
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["sizes"]) == 30
    supplied = [row["lcoe_usd_mwh"] for row in body["sizes"] if row["supplied"]]
    assert body["best"]["lcoe_usd_mwh"] == min(supplied)
    table = get(client, "plant/sizes", "technology=steam-power&sizes=5&format=csv").content.decode()
    header, *rows = list(csv.reader(io.StringIO(table)))
    assert "lcoe_usd_mwh [USD/MWh]" in header and "radius_km [km]" in header and len(rows) == 5


def test_a_plant_the_supply_cannot_feed_is_a_200_without_cost(client):
    response = get(client, "plant", "technology=steam-power&mw=50&resource=coffee-husk")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["fuel"]["supplied"] is False and body["lcoe_usd_mwh"] is None and body["npv_usd"] is None
    assert "cannot feed" in body["note"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("plant", "technology=nuclear&mw=5", "technology"),
        ("plant", "technology=steam-power&mw=500", "mw"),
        ("plant", "technology=steam-power&mw=5&resource=pig-manure", "resource"),
        ("plant", "technology=steam-power&mw=5&resource=nothing", "resource"),
        ("plant", "technology=steam-power&mw=5&lon=181", "lon"),
        ("plant/sizes", "technology=biogas-chp&sizes=100", "sizes"),
        ("plant/sizes", "technology=biogas-chp&max_mw=20", "max_mw"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, path, query, field):
    response = get(client, path, query)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
