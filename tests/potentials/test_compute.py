"""The glue between stored inputs and the engine (compute.py): resource factors on paper for
each kind of layer and route, the scenario's masks on the demo cube, the reach of the
economic mask, and the cache keyed by content."""

import math

import numpy as np
import pytest

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.reference import constant
from biomass.errors import InvalidInput
from biomass.layers.models import Layer
from biomass.potentials import compute

pytestmark = pytest.mark.django_db


def values(slug, case="central"):
    return Resource.objects.get(slug=slug).parameter_values(case)


def test_factors_for_production_and_density_layers_on_paper():
    central = Scenario.objects.get(slug="central")
    cane = values("sugarcane-bagasse")
    bagasse = compute.resource_factors(Resource.objects.get(slug="sugarcane-bagasse"), central, "production")
    assert bagasse.to_dry_matter == pytest.approx(cane["rpr"] * cane["dry_matter"])  # 0.283 x 0.5
    assert bagasse.to_dry_matter == pytest.approx(0.1415)
    # burnt as received at 50 % DM: LHV − 2.443 GJ/t × (1 − 0.5) / 0.5 = 17.3 − 2.443 = 14.857 GJ/t DM
    assert bagasse.availability == cane["availability"]
    assert bagasse.energy_gj_per_t == pytest.approx(
        cane["lhv"] - 2.443 * (1 - cane["dry_matter"]) / cane["dry_matter"]
    )
    assert bagasse.energy_gj_per_t == pytest.approx(14.857) and bagasse.dry_matter == 0.5
    density = compute.resource_factors(Resource.objects.get(slug="sugarcane-bagasse"), central, "density")
    assert density.to_dry_matter == 1.0


def test_manure_factors_per_head_and_methane_energy_on_paper():
    low = Scenario.objects.get(slug="low")
    pig = values("pig-manure", "low")
    factors = compute.resource_factors(Resource.objects.get(slug="pig-manure"), low, "heads")
    # kg per head and day x 365 days / 1000 kg/t x dry-matter share = t DM per head and year
    assert factors.to_dry_matter == pytest.approx(pig["manure_per_head"] * 365 / 1000 * pig["dry_matter"])
    # t DM x volatile share x m3 CH4 per kg VS x achievable share x 1000 kg/t x GJ per m3 CH4,
    # the m3 on the IPCC's reference of 0.67 kg CH4/m3 (0.67 kg × 50.0 MJ/kg = 33.5 MJ)
    methane = constant("methane_energy_gj_per_m3")
    assert methane == 0.0335
    assert factors.energy_gj_per_t == pytest.approx(
        pig["volatile_solids"] * pig["methane_yield"] * pig["achievable_methane"] * 1000 * methane
    )
    assert factors.energy_gj_per_t == pytest.approx(0.75 * 0.29 * 0.5 * 1000 * 0.0335)


def test_a_scenario_override_replaces_the_availability():
    central = Scenario.objects.get(slug="central")
    central.availability_overrides = {"forest-residues": 0.05}
    factors = compute.resource_factors(Resource.objects.get(slug="forest-residues"), central, "density")
    assert factors.availability == 0.05


def test_a_layer_the_resource_cannot_convert_is_refused():
    with pytest.raises(InvalidInput, match="'maize-stover': a heads layer needs manure_per_head"):
        compute.resource_factors(Resource.objects.get(slug="maize-stover"), Scenario.objects.first(), "heads")


def test_the_demo_cube_and_the_scenario_masks():
    cube = compute.constraint_cube()
    assert [axis.name for axis in cube.axes] == ["land-cover", "slope-coarse", "distance-to-town"]
    central, high = Scenario.objects.get(slug="central"), Scenario.objects.get(slug="high")
    mask_central, mask_high = compute.scenario_mask(central, cube), compute.scenario_mask(high, cube)
    assert mask_central.shape == (cube.size,) and set(np.unique(mask_central)) <= {0.0, 1.0}
    assert (mask_central <= mask_high).all() and mask_central.sum() < mask_high.sum()  # high is looser


def test_the_economic_mask_reaches_as_far_as_the_price_pays():
    cube = compute.constraint_cube()
    axis = compute.distance_axis(cube)
    assert axis.name == Layer.objects.get(role="cost").slug
    central = Scenario.objects.get(slug="central")
    technical = compute.scenario_mask(central, cube)
    economic = compute.economic_mask(central, cube, technical)
    # (price - collection) / (transport x tortuosity) km, down to the bin grid
    reach = (central.price_usd_t - central.collection_cost_usd_t) / (
        central.transport_cost_usd_t_km * central.tortuosity
    )
    reach = math.floor(reach / axis.bin_width) * axis.bin_width
    expected = technical * cube.mask({axis.name: {"max": reach, "nodata": "exclude"}})
    assert np.array_equal(economic, expected) and 0 < economic.sum() < technical.sum()
    central.price_usd_t = central.collection_cost_usd_t - 1
    assert not compute.economic_mask(central, cube, technical).any()


def test_cached_sums_are_read_back_identical():
    version = Layer.objects.get(slug="forest-residues").current_version
    cube = compute.constraint_cube()
    first = compute.layer_sums(version, cube)
    again = compute.layer_sums(version, cube)  # from the cache file
    for level in first.levels:
        assert np.array_equal(first.levels[level].mass, again.levels[level].mass)
        assert first.levels[level].codes == again.levels[level].codes
