"""Energy by conversion route and dry-matter conversion, against values worked on paper."""

import numpy as np
import pytest

from biomass.engine import factors
from biomass.engine.analysis import delivered_cost, reach_km
from biomass.engine.errors import InvalidInput

METHANE = 0.0335  # GJ/m3 at the IPCC's 0.67 kg/m3: 0.67 kg × 50.0 MJ/kg


def test_net_calorific_value_of_a_wet_residue():
    # Coffee pulp burnt as received: LHV 15.5 GJ/t DM at 20 % DM. Per t DM, 4 t of water
    # evaporate at 2.443 GJ/t: 15.5 − 9.772 = 5.728 GJ/t DM; per t as received
    # (ISO 18125: 15.5 × 0.2 − 2.443 × 0.8) = 1.1456 GJ/t, which is 5.728 × 0.2.
    energy = factors.energy("combustion", {"lhv": 15.5, "dry_matter": 0.2}, METHANE)
    assert float(energy) == pytest.approx(5.728, abs=1e-12)
    assert float(energy) * 0.2 == pytest.approx(15.5 * 0.2 - 2.443 * 0.8, abs=1e-12)


def test_a_residue_that_is_mostly_water_is_not_a_fuel():
    # Banana pseudostem at 7 % DM: 18.5 − 2.443 × 93/7 = −13.96 GJ/t DM.
    with pytest.raises(InvalidInput, match=r"-14\.0 GJ/t DM"):
        factors.energy("combustion", {"lhv": 18.5, "dry_matter": 0.07}, METHANE)


def test_biogas_energy_of_cattle_manure():
    # 25 kg/head/day at 13 % DM: 25 × 365 / 1000 × 0.13 = 1.18625 t DM per head-year;
    # × 0.8 VS × 0.10 m3 CH4/kg VS × 0.65 achievable × 1000 kg/t = 61.685 m3 CH4;
    # × 33.5 MJ/m3 = 2066.4 MJ = 2.0664 GJ per head-year.
    values = {"manure_per_head": 25, "dry_matter": 0.13, "volatile_solids": 0.8, "methane_yield": 0.10}
    values["achievable_methane"] = 0.65
    per_head = factors.to_dry_matter("heads", values) * factors.energy("biogas", values, METHANE)
    assert float(per_head) == pytest.approx(2.0664475, rel=1e-12)


def test_routes_need_their_parameters():
    with pytest.raises(InvalidInput, match="achievable_methane"):
        factors.energy("biogas", {"volatile_solids": 0.8, "methane_yield": 0.1}, METHANE)
    with pytest.raises(InvalidInput, match="unknown conversion route"):
        factors.energy("pyrolysis", {}, METHANE)


def test_draws_go_through_the_same_formulas():
    lhv, d = np.array([15.5, 17.0]), np.array([0.2, 0.5])
    energy = factors.energy("combustion", {"lhv": lhv, "dry_matter": d}, METHANE)
    assert energy == pytest.approx([5.728, 17.0 - 2.443])


def test_transport_is_paid_per_wet_tonne():
    # Manure at 13 % DM, 0.15 USD per wet t·km, 10 km straight, tortuosity 1.3, collection
    # 20 USD/t DM: 0.15 × 10 × 1.3 = 1.95 USD per wet t = 1.95 / 0.13 = 15 USD per t DM.
    cost = delivered_cost(np.array([10.0]), collection=20, transport=0.15, tortuosity=1.3, dry_matter=0.13)
    assert cost[0] == pytest.approx(35.0, abs=1e-12)
    # At a price of 35 USD/t DM the reach is exactly those 10 km; dry straw reaches 1/0.13 × further.
    assert reach_km(
        price=35, collection=20, transport_wet=0.15, tortuosity=1.3, dry_matter=0.13
    ) == pytest.approx(10)
    assert reach_km(price=35, collection=20, transport_wet=0.15, tortuosity=1.3) == pytest.approx(10 / 0.13)


def test_reach_without_freight_or_budget():
    assert reach_km(price=30, collection=20, transport_wet=0, tortuosity=1.3) == np.inf
    assert reach_km(price=10, collection=20, transport_wet=0.1, tortuosity=1.3) < 0
