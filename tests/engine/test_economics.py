"""Plant economics on paper: the annuity factor, the LCOE of a plant with round numbers, a CHP
split by exergy, the fuel from a 4-entry supply curve, NPV and payback, and the size curve of
a synthetic site whose optimum is known analytically."""

import dataclasses
import math

import numpy as np
import pytest

from biomass.engine.economics import (
    Supply,
    TechnologyCosts,
    annuity_factor,
    best_size,
    capital_cost_usd,
    cash_flows,
    fuel_from_supply,
    fuel_needed_gj,
    lcoe_percentiles,
    plant_costs,
    size_curve,
    supply_order,
    technology_draws,
)
from biomass.engine.errors import InvalidInput
from biomass.engine.uncertainty import Spread

# 10 MW, 2,000 USD/kW at a 10 MW reference, exponent 0.7, fixed O&M 4 %/yr, variable
# 5 USD/MWh, η_e 0.25, CF 0.8, 20 years.
PLANT = TechnologyCosts(
    reference_mw=10.0,
    capex_usd_per_kw=2000.0,
    scale_exponent=0.7,
    fixed_om_share=0.04,
    variable_om_usd_mwh=5.0,
    efficiency_electric=0.25,
    efficiency_thermal=0.0,
    capacity_factor=0.8,
    lifetime_years=20,
)
CRF = 0.101852209  # r = 0.08, n = 20: 1.08^20 = 4.66095714; 0.08 · 4.66095714 / 3.66095714
# A = C·CRF + fixed + variable + fuel = 2,037,044.176 + 800,000 + 350,400 + 3,027,456
A = 6_214_900.176463


def close(value, expected, rel=1e-9):
    return value == pytest.approx(expected, rel=rel)


def test_annuity_factor():
    assert close(annuity_factor(0.08, 20), CRF, rel=1e-8)
    assert annuity_factor(0.0, 20) == 1 / 20
    assert close(annuity_factor(0.05, 1), 1.05)  # one year: repay capital and interest at once


def test_lcoe_of_a_plant_with_round_numbers():
    out = plant_costs(10.0, PLANT, rate=0.08, fuel_usd_gj=3.0)
    # E = 10 MW · 0.8 · 8760 h = 70,080 MWh/yr; F = 70,080 · 3.6 / 0.25 = 1,009,152 GJ/yr
    assert close(out["electricity_mwh"], 70_080.0)
    assert close(out["fuel_gj"], 1_009_152.0)
    # C = 2,000 USD/kW · 1000 kW/MW · 10 MW · (10/10)^0.7 = 20,000,000 USD
    assert close(out["capital_usd"], 20_000_000.0)
    assert close(out["annual_capital_usd"], 20e6 * 0.10185220882315059)  # 2,037,044.18
    assert close(out["fixed_om_usd"], 800_000.0)  # 0.04 · 20 M
    assert close(out["variable_om_usd"], 350_400.0)  # 5 · 70,080
    assert close(out["fuel_usd"], 3_027_456.0)  # 3 · 1,009,152
    # LCOE = 6,214,900.18 / 70,080 = 88.6829363 USD/MWh
    assert close(out["lcoe_usd_mwh"], 88.68293630797676)
    assert out["lcoh_usd_mwh"] is None and out["heat_mwh"] == 0.0


def test_chp_shares_the_cost_by_exergy():
    chp = dataclasses.replace(PLANT, efficiency_thermal=0.5, heat_exergy_factor=0.2)
    out = plant_costs(10.0, chp, rate=0.08, fuel_usd_gj=3.0)
    # H = 70,080 · 0.5 / 0.25 = 140,160 MWh/yr; s = 70,080 / (70,080 + 0.2 · 140,160) = 5/7
    assert close(out["heat_mwh"], 140_160.0)
    assert close(out["electricity_share"], 5 / 7)
    # LCOE = 5/7 · 6,214,900.18 / 70,080 = 63.3449545; LCOH = 2/7 · 6,214,900.18 / 140,160 = 12.6689909
    assert close(out["lcoe_usd_mwh"], 63.344954505697686)
    assert close(out["lcoh_usd_mwh"], 12.668990901139537)
    # the two shares add up to the whole annual cost
    assert close(out["lcoe_usd_mwh"] * 70_080 + out["lcoh_usd_mwh"] * 140_160, A)
    # x = 0: heat not valued, a power-only plant
    flat = plant_costs(10.0, dataclasses.replace(chp, heat_exergy_factor=0.0), rate=0.08, fuel_usd_gj=3.0)
    assert close(flat["lcoe_usd_mwh"], 88.68293630797676) and flat["lcoh_usd_mwh"] is None


def test_economy_of_scale():
    assert close(capital_cost_usd(20.0, PLANT), 2**0.7 * 20e6)
    assert np.allclose(capital_cost_usd(np.array([10.0, 5.0]), PLANT), [20e6, 0.5**0.7 * 20e6], rtol=1e-12)
    assert close(fuel_needed_gj(20.0, PLANT), 2 * 1_009_152.0)


SUPPLY = Supply(
    distance_km=np.array([10.0, 5.0, 20.0, 30.0]),
    energy_gj=np.array([100.0, 200.0, 300.0, 400.0]),
    cost_usd_gj=np.array([2.0, 1.0, 3.0, 4.0]),
)


def test_fuel_from_a_supply_curve_on_paper():
    ordered = supply_order(SUPPLY)
    assert list(ordered.index) == [1, 0, 2, 3]  # costs 1, 2, 3, 4 USD/GJ
    # 450 GJ: 200 at 1 + 100 at 2 + 150 of the 300 at 3 = 200 + 200 + 450 = 850 USD
    out = fuel_from_supply(ordered, 450.0)
    assert out == {"radius_km": 20.0, "average_usd_gj": 850 / 450, "marginal_usd_gj": 3.0, "supplied": True}
    # exactly the first two entries: 400 USD / 300 GJ, the last GJ at 2, nearest 10 km
    assert fuel_from_supply(ordered, 300.0)["average_usd_gj"] == pytest.approx(400 / 300)
    assert fuel_from_supply(ordered, 300.0)["radius_km"] == 10.0
    # everything (1,000 GJ) = 200 + 200 + 900 + 1,600 = 2,900 USD; 1,001 GJ is not supplied
    arr = fuel_from_supply(ordered, np.array([1000.0, 1001.0]))
    assert arr["average_usd_gj"][0] == pytest.approx(2.9) and list(arr["supplied"]) == [True, False]
    assert all(np.isnan(arr[k][1]) for k in ("radius_km", "average_usd_gj", "marginal_usd_gj"))
    short = fuel_from_supply(ordered, 1001.0)
    assert short == {"radius_km": None, "average_usd_gj": None, "marginal_usd_gj": None, "supplied": False}
    # an empty supply feeds nothing
    empty = Supply(np.zeros(0), np.zeros(0), np.zeros(0))
    assert fuel_from_supply(supply_order(empty), 1.0)["supplied"] is False


def test_ties_in_cost_go_to_the_nearest_and_empty_entries_set_no_radius():
    tied = supply_order(Supply(np.array([9.0, 3.0, 50.0]), np.array([10.0, 10.0, 0.0]), np.ones(3)))
    assert list(tied.distance_km) == [3.0, 9.0, 50.0]
    assert fuel_from_supply(tied, 20.0)["radius_km"] == 9.0


def test_npv_and_payback_on_paper():
    costs = plant_costs(10.0, PLANT, rate=0.08, fuel_usd_gj=3.0)
    out = cash_flows(costs, rate=0.08, lifetime_years=20, tariff_usd_mwh=100.0)
    # revenue 70,080 · 100 = 7,008,000; spent 800,000 + 350,400 + 3,027,456 = 4,177,856
    # yearly 2,830,144; NPV = −20 M + 2,830,144 · 9.81814741 = 7,786,770.98; payback 7.0668 yr
    assert close(out["yearly_cash_usd"], 2_830_144.0)
    assert close(out["npv_usd"], 7_786_770.976308174)
    assert close(out["simple_payback_years"], 20e6 / 2_830_144)
    # at r = 0 the NPV is the plain sum: −20 M + 20 · 2,830,144
    assert close(
        cash_flows(costs, rate=0.0, lifetime_years=20, tariff_usd_mwh=100.0)["npv_usd"], 36_602_880.0
    )
    # at 50 USD/MWh the revenue (3,504,000) does not cover the costs: no payback
    loss = cash_flows(costs, rate=0.08, lifetime_years=20, tariff_usd_mwh=50.0)
    assert loss["simple_payback_years"] is None and close(
        loss["npv_usd"], -20e6 - 673_856 * 9.818147407449294
    )
    # heat sold at 10 USD/MWh adds 140,160 · 10 to a CHP's revenue
    chp = plant_costs(10.0, dataclasses.replace(PLANT, efficiency_thermal=0.5), rate=0.08, fuel_usd_gj=3.0)
    sold = cash_flows(chp, rate=0.08, lifetime_years=20, tariff_usd_mwh=100.0, heat_price_usd_mwh=10.0)
    assert close(sold["revenue_usd"], 7_008_000 + 1_401_600)
    assert (
        cash_flows(
            plant_costs(10.0, PLANT, rate=0.08, fuel_usd_gj=None),
            rate=0.08,
            lifetime_years=20,
            tariff_usd_mwh=100.0,
        )["npv_usd"]
        is None
    )


# The synthetic site: fuel spread evenly over a disc around it, ρ GJ/(km²·yr), delivered at
# c(d) = a + b·d USD/GJ; a plant with exponent n = 0.6 and 3,000 USD/kW at 10 MW.
RHO, A0, B1 = 1500.0, 2.0, 0.1
DISC = dataclasses.replace(PLANT, capex_usd_per_kw=3000.0, scale_exponent=0.6)


def disc_supply(radius_km=60.0, width_km=0.02, sectors=3):
    """Rings of width w, each cut into equal sectors, at the ring's energy-weighted mean
    distance (2/3)(r₂³ − r₁³)/(r₂² − r₁²), so that full rings cost exactly the integral."""
    edges = np.arange(0.0, radius_km + width_km / 2, width_km)
    r1, r2 = edges[:-1], edges[1:]
    mean = 2 / 3 * (r2**3 - r1**3) / (r2**2 - r1**2)
    energy = RHO * math.pi * (r2**2 - r1**2) / sectors
    d = np.repeat(mean, sectors)
    return supply_order(Supply(d, np.repeat(energy, sectors), A0 + B1 * d))


def analytic_lcoe(p):
    """LCOE(P) = k1·P^(n−1) + k2 + k3·P^(1/2), with h = CF·8760 (MWh/yr per MW) and
    g = h·3.6/η_e (GJ/yr per MW):
      capital and fixed O&M: C_ref·(P/P_ref)^n·(CRF + φ)/(h·P)      → k1 = C_ref·P_ref^−n·(CRF + φ)/h
      variable O&M and the fuel's base cost: v + (3.6/η_e)·a        → k2
      the fuel's haul over a disc of radius R = √(g·P/(π·ρ)), average (2/3)·b·R:
                                          (3.6/η_e)·(2/3)·b·√(g/(π·ρ))·√P → k3
    dLCOE/dP = (n−1)·k1·P^(n−2) + (1/2)·k3·P^(−1/2) = 0
      ⇔ P^(3/2 − n) = 2·(1 − n)·k1/k3  ⇔  P* = (2·(1 − n)·k1/k3)^(1/(3/2 − n)),
    a minimum: times P^(1/2) the derivative is (n−1)·k1·P^(n−3/2) + k3/2, rising in P."""
    crf, n = annuity_factor(0.08, 20), DISC.scale_exponent
    h = DISC.capacity_factor * 8760
    heat_rate = 3.6 / DISC.efficiency_electric
    k1 = DISC.capex_usd_per_kw * 1000 * DISC.reference_mw ** (1 - n) * (crf + DISC.fixed_om_share) / h
    k2 = DISC.variable_om_usd_mwh + heat_rate * A0
    k3 = heat_rate * 2 / 3 * B1 * math.sqrt(h * heat_rate / (math.pi * RHO))
    best = (2 * (1 - n) * k1 / k3) ** (1 / (1.5 - n))
    return k1 * p ** (n - 1) + k2 + k3 * np.sqrt(p), best


def test_size_curve_finds_the_analytic_optimum():
    sizes = np.arange(5.0, 80.0, 0.5)
    curve = size_curve(sizes, disc_supply(), DISC, rate=0.08)
    expected, p_star = analytic_lcoe(sizes)
    assert 20 < p_star < 60  # 39.69 MW: nearest grid point 39.5 (0.19 MW off, the next 0.31)
    assert np.allclose(curve["lcoe_usd_mwh"], expected, rtol=1e-6)
    assert best_size(curve) == int(np.argmin(np.abs(sizes - p_star)))
    # the radius of the disc that holds the fuel: R = √(F/(π·ρ)), to a ring's width
    radius = np.sqrt(fuel_needed_gj(sizes, DISC) / (math.pi * RHO))
    assert np.allclose(curve["radius_km"], radius, atol=0.02)
    assert np.allclose(curve["marginal_usd_gj"], A0 + B1 * curve["radius_km"])


def test_size_curve_marks_sizes_beyond_the_supply_as_no_data():
    curve = size_curve(np.array([10.0, 1000.0]), disc_supply(radius_km=30.0), DISC, rate=0.08)
    assert list(curve["supplied"]) == [True, False] and np.isnan(curve["lcoe_usd_mwh"][1])
    assert best_size(curve) == 0
    assert best_size(size_curve(np.array([1000.0]), disc_supply(radius_km=30.0), DISC, rate=0.08)) is None


POINT = {
    "capex_usd_per_kw": Spread(3000, 3000, 3000),
    "fixed_om_share": Spread(0.04, 0.04, 0.04),
    "efficiency_electric": Spread(0.25, 0.25, 0.25),
    "capacity_factor": Spread(0.8, 0.8, 0.8),
}


def test_percentiles_of_point_spreads_equal_the_deterministic_lcoe():
    supply = disc_supply()
    draws = technology_draws(POINT, np.random.default_rng(1), 50)
    out = lcoe_percentiles(30.0, supply, DISC, draws, rate=0.08)
    fuel = fuel_from_supply(supply, fuel_needed_gj(30.0, DISC))
    lcoe = plant_costs(30.0, DISC, rate=0.08, fuel_usd_gj=fuel["average_usd_gj"])["lcoe_usd_mwh"]
    assert all(close(out[f"lcoe_usd_mwh_p{p}"], lcoe) for p in (10, 50, 90))
    assert out["draws"] == 50 and out["unsupplied"] == 0


def test_halving_the_supply_widens_the_disc_by_root_two():
    supply = disc_supply()
    draws = technology_draws(POINT, np.random.default_rng(1), 4)
    full = lcoe_percentiles(30.0, supply, DISC, draws, rate=0.08)
    half = lcoe_percentiles(30.0, supply, DISC, draws, rate=0.08, energy_scale=np.full((4, 1), 0.5))
    assert half["radius_km_p50"] / full["radius_km_p50"] == pytest.approx(math.sqrt(2), abs=1e-3)
    # the same halving entry by entry (the draws × entries path) gives the same answer
    wide = lcoe_percentiles(30.0, supply, DISC, draws, rate=0.08, energy_scale=np.full((4, len(supply)), 0.5))
    assert close(wide["lcoe_usd_mwh_p50"], half["lcoe_usd_mwh_p50"])
    assert wide["radius_km_p50"] == half["radius_km_p50"]


def test_draws_entry_by_entry_match_a_loop_over_scaled_supplies():
    """An independent method: each draw's supply built and taken on its own."""
    rng = np.random.default_rng(3)
    m = len(SUPPLY)
    ordered = supply_order(SUPPLY)
    energy = rng.uniform(0.5, 1.5, (6, m))
    cost = np.repeat(rng.uniform(0.8, 1.2, (6, 1)), m, axis=1)  # one factor per draw: order kept
    plant = dataclasses.replace(PLANT, reference_mw=0.001, capex_usd_per_kw=3000.0)
    mw = 0.0001  # F = 0.0001 · 0.8 · 8760 · 3.6 / 0.25 = 10.09 GJ/yr
    out = lcoe_percentiles(
        mw,
        ordered,
        plant,
        {"capex_usd_per_kw": np.full(6, 3000.0)},
        rate=0.08,
        energy_scale=energy * 50,
        cost_scale=cost,
        percentiles=(0, 100),
    )
    lcoes = []
    for e, c in zip(energy * 50, cost, strict=True):
        fuel = fuel_from_supply(
            Supply(ordered.distance_km, ordered.energy_gj * e, ordered.cost_usd_gj * c),
            fuel_needed_gj(mw, plant),
        )
        lcoes.append(plant_costs(mw, plant, rate=0.08, fuel_usd_gj=fuel["average_usd_gj"])["lcoe_usd_mwh"])
    assert close(out["lcoe_usd_mwh_p0"], min(lcoes)) and close(out["lcoe_usd_mwh_p100"], max(lcoes))


def test_percentiles_are_ordered_repeatable_and_count_unsupplied_draws():
    spreads = POINT | {"capex_usd_per_kw": Spread(2500, 3000, 4000), "capacity_factor": Spread(0.6, 0.8, 0.9)}
    supply = disc_supply(radius_km=20.0)  # holds 1,885,000 GJ/yr: about 19 MW at CF 0.8

    def run():
        rng = np.random.default_rng(11)
        draws = technology_draws(spreads, rng, 200)
        scale = rng.uniform(0.7, 1.3, (200, 1))
        return lcoe_percentiles(17.0, supply, DISC, draws, rate=0.08, energy_scale=scale, cost_scale=scale)

    out = run()
    assert out["lcoe_usd_mwh_p10"] <= out["lcoe_usd_mwh_p50"] <= out["lcoe_usd_mwh_p90"]
    assert 0 < out["unsupplied"] < 200 and out["draws"] == 200
    assert run() == out


def test_a_draw_without_supply_is_counted_not_zero():
    draws = {"capacity_factor": np.full(3, 0.8)}
    scale = np.array([[1.0], [0.0], [1e-200]])  # no energy, and next to none: neither feeds 30 MW
    out = lcoe_percentiles(30.0, disc_supply(), DISC, draws, rate=0.08, energy_scale=scale)
    assert out["unsupplied"] == 2 and out["lcoe_usd_mwh_p10"] == out["lcoe_usd_mwh_p90"]
    none = lcoe_percentiles(30.0, disc_supply(), DISC, draws, rate=0.08, energy_scale=np.zeros((3, 1)))
    assert none["unsupplied"] == 3 and none["lcoe_usd_mwh_p50"] is None and none["radius_km_p50"] is None


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: plant_costs(0.0, PLANT, rate=0.08, fuel_usd_gj=3.0), "mw"),
        (lambda: plant_costs(10.0, PLANT, rate=1.0, fuel_usd_gj=3.0), "rate"),
        (lambda: annuity_factor(-0.01, 20), "rate"),
        (lambda: dataclasses.replace(PLANT, efficiency_electric=1.2), "efficiency_electric"),
        (lambda: dataclasses.replace(PLANT, capacity_factor=0.0), "capacity_factor"),
        (lambda: dataclasses.replace(PLANT, scale_exponent=1.5), "scale_exponent"),
        (lambda: dataclasses.replace(PLANT, efficiency_thermal=0.9), "efficiency_thermal"),
        (lambda: dataclasses.replace(PLANT, lifetime_years=0), "lifetime_years"),
        (lambda: Supply(np.ones(2), -np.ones(2), np.ones(2)), "energy_gj"),
        (lambda: Supply(np.ones(2), np.ones(3), np.ones(2)), "supply"),
        (lambda: Supply(np.ones(2), np.ones(2), np.array([1.0, np.nan])), "cost_usd_gj"),
        (lambda: size_curve(np.array([10.0, -1.0]), SUPPLY, PLANT, rate=0.08), "mw"),
        (
            lambda: technology_draws({"lifetime_years": Spread(1, 2, 3)}, np.random.default_rng(), 5),
            "spreads",
        ),
        (lambda: lcoe_percentiles(1.0, SUPPLY, PLANT, {"capacity_factor": np.ones(1)}, rate=0.08), "draws"),
        (
            lambda: lcoe_percentiles(1.0, SUPPLY, PLANT, {}, rate=0.08, energy_scale=np.ones((3, 2))),
            "energy_scale",
        ),
    ],
)
def test_bad_inputs_name_the_field(call, field):
    with pytest.raises(InvalidInput) as error:
        call()
    assert error.value.field == field
