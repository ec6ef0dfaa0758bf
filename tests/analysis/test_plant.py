"""A plant's economics at a real town of the demo data (analysis/plant.py): the fuel is the
engine's need, the levelised cost follows from the returned parts by hand, the NPV's sign
follows the tariff against the cost, the best size is the curve's minimum, the P10–P90 are
ordered and repeatable, and bad input is refused by name."""

import pytest
from django.utils import translation

from biomass.analysis.models import Site
from biomass.analysis.plant import plant_evaluation, plant_size_curve
from biomass.catalogue.models import Technology
from biomass.catalogue.selectors import technology_costs
from biomass.engine import economics
from biomass.errors import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    """San Salvador, a candidate site (GeoNames town) of the demo data."""
    site = Site.objects.get(name__icontains="San Salvador", country="SLV")
    return {"lon": site.point.x, "lat": site.point.y}


def evaluate(town, **kwargs):
    args = town | {"technology_slug": "steam-power", "mw": 5.0, "scenario_slug": "central"}
    return plant_evaluation(**(args | kwargs))


def test_the_fuel_is_the_engines_need_and_the_lcoe_follows_from_its_parts(town):
    result = evaluate(town)
    costs = technology_costs(Technology.objects.get(slug="steam-power"))
    # F = P · CF · 8760 · 3.6 / η_e
    needed = 5.0 * costs["capacity_factor"] * 8760 * 3.6 / costs["efficiency_electric"]
    plant, fuel = result["plant"], result["fuel"]
    assert plant["fuel_gj"] == pytest.approx(needed) and fuel["needed_gj"] == pytest.approx(needed)
    assert fuel["supplied"] and 0 < fuel["average_usd_gj"] <= fuel["marginal_usd_gj"]
    assert 0 < fuel["radius_km"] <= 300
    assert sum(r["share"] for r in fuel["resources"]) == pytest.approx(1.0)
    # CRF = r(1+r)^N/((1+r)^N − 1) at the scenario's rate; A = C·CRF + φC + vE + f̄F; LCOE = A/E
    r, n = result["scenario"]["discount_rate"], plant["lifetime_years"]
    crf = r * (1 + r) ** n / ((1 + r) ** n - 1)
    assert plant["annuity_factor"] == pytest.approx(crf)
    assert plant["annual_capital_usd"] == pytest.approx(plant["capital_usd"] * crf)
    assert plant["fuel_usd"] == pytest.approx(plant["fuel_gj"] * fuel["average_usd_gj"])
    annual = (
        plant["annual_capital_usd"] + plant["fixed_om_usd"] + plant["variable_om_usd"] + plant["fuel_usd"]
    )
    assert plant["annual_cost_usd"] == pytest.approx(annual)
    assert result["lcoe_usd_mwh"] == pytest.approx(annual / plant["electricity_mwh"])
    assert result["lcoh_usd_mwh"] is None and result["units"]["lcoe_usd_mwh"] == "USD/MWh"
    assert result["technology"]["inputs"]["capex_usd_per_kw"]["source"]


def test_the_npv_is_zero_at_the_lcoe_and_its_sign_follows_the_tariff(town):
    reference = evaluate(town)
    assert reference["tariff"]["country"] == "SLV" and reference["tariff"]["is_assumption"] is True
    lcoe = reference["lcoe_usd_mwh"]
    # the LCOE is the tariff at which the NPV over the lifetime is zero (power only)
    at_cost = evaluate(town, tariff_usd_mwh=lcoe)
    assert abs(at_cost["npv_usd"]) < 1e-6 * reference["plant"]["capital_usd"]
    above, below = evaluate(town, tariff_usd_mwh=lcoe * 1.2), evaluate(town, tariff_usd_mwh=lcoe * 0.8)
    assert above["npv_usd"] > 0 > below["npv_usd"] and above["tariff"]["given_by_user"]
    assert above["simple_payback_years"] == pytest.approx(
        above["plant"]["capital_usd"]
        / (
            above["revenue_usd"]
            - sum(above["plant"][k] for k in ("fixed_om_usd", "variable_om_usd", "fuel_usd"))
        )
    )
    assert (reference["npv_usd"] > 0) == (reference["tariff"]["electricity_usd_mwh"] > lcoe)


def test_chp_shares_the_cost_by_exergy(town):
    result = evaluate(town, technology_slug="steam-chp", mw=5.0)
    plant = result["plant"]
    x = result["technology"]["inputs"]["heat_exergy_factor"]["central"]
    e, h, a = plant["electricity_mwh"], plant["heat_mwh"], plant["annual_cost_usd"]
    share = e / (e + x * h)  # s = E / (E + x·H)
    assert result["lcoe_usd_mwh"] == pytest.approx(share * a / e)
    assert result["lcoh_usd_mwh"] == pytest.approx((1 - share) * a / h)
    assert result["lcoh_usd_mwh_p10"] <= result["lcoh_usd_mwh_p50"] <= result["lcoh_usd_mwh_p90"]


def test_the_percentiles_are_ordered_and_repeatable(town):
    first, second = evaluate(town), evaluate(town)
    p10, p50, p90 = (first[f"lcoe_usd_mwh_p{p}"] for p in (10, 50, 90))
    assert p10 < p50 < p90 and p10 < first["lcoe_usd_mwh"] < p90
    assert [second[f"lcoe_usd_mwh_p{p}"] for p in (10, 50, 90)] == [p10, p50, p90]
    assert first["draws"] == 200


def test_the_best_size_is_the_curves_minimum_and_agrees_with_the_plant(town):
    curve = plant_size_curve(**town, technology_slug="steam-power", scenario_slug="central", sizes=12)
    rows = curve["sizes"]
    assert len(rows) == 12 and rows[0]["mw"] == pytest.approx(1) and rows[-1]["mw"] == pytest.approx(50)
    supplied = [row for row in rows if row["supplied"]]
    assert curve["best"]["lcoe_usd_mwh"] == min(row["lcoe_usd_mwh"] for row in supplied)
    radii = [row["radius_km"] for row in supplied]
    assert radii == sorted(radii)  # a larger plant reaches at least as far
    middle = rows[5]
    plant = evaluate(town, mw=middle["mw"])
    assert plant["lcoe_usd_mwh"] == pytest.approx(middle["lcoe_usd_mwh"])
    assert plant["fuel"]["radius_km"] == pytest.approx(middle["radius_km"])


def test_a_plant_the_supply_cannot_feed_has_no_cost_not_zero(town):
    with translation.override("en"):
        result = evaluate(town, mw=50.0, resource=["coffee-husk"])
    assert result["fuel"]["supplied"] is False
    assert result["lcoe_usd_mwh"] is None and result["lcoe_usd_mwh_p50"] is None
    assert result["plant"]["fuel_usd"] is None and result["npv_usd"] is None
    assert "cannot feed" in result["note"]


def test_over_the_sea_there_is_no_data():
    with translation.override("en"):
        result = plant_evaluation(
            lon=-92.0, lat=11.0, technology_slug="steam-power", mw=5, scenario_slug="central"
        )
    assert result["lcoe_usd_mwh"] is None and result["fuel"]["supplied"] is False
    assert result["tariff"]["electricity_usd_mwh"] is None
    assert result["note"].startswith("No country of the atlas lies here")


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"technology_slug": "nuclear"}, "technology", "unknown technology"),
        ({"mw": 80.0}, "mw", "within 1 and 50"),
        ({"resource": ["no-such"]}, "resource", "unknown resource"),
        ({"resource": ["cattle-manure"]}, "resource", "its route is biogas"),
        ({"lon": 200.0}, "lon", "coordinates"),
    ],
)
def test_bad_input_is_refused_by_name(town, kwargs, field, words):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        evaluate(town, **kwargs)
    assert error.value.field == field and words in str(error.value)


def test_sizes_out_of_range_are_refused_by_name(town):
    base = town | {"technology_slug": "steam-power", "scenario_slug": "central"}
    for kwargs, field in (({"sizes": 61}, "sizes"), ({"min_mw": 0.5}, "min_mw"), ({"max_mw": 60}, "max_mw")):
        with pytest.raises(InvalidInput) as error:
            plant_size_curve(**base, **kwargs)
        assert error.value.field == field
    assert economics.best_size({"supplied": [False], "lcoe_usd_mwh": [1.0]}) is None
