"""The Monte Carlo scales of a plant's supply (analysis/plant_uncertainty.py): every entry of
a resource has that resource's energy ratio, and an entry at the site's own cell (no freight)
has its cost scaled by the drawn collection cost over the central one alone."""

import numpy as np
import pytest

from biomass.analysis.plant import site_supply, usable_resources
from biomass.analysis.plant_uncertainty import DRAWS, supply_scales
from biomass.catalogue.models import Scenario, Technology
from biomass.engine import economics
from biomass.potentials.uncertainty import economic_spreads

pytestmark = pytest.mark.django_db


def test_scales_follow_the_resource_and_the_scenarios_costs():
    scenario = Scenario.objects.get(slug="central")
    resources = usable_resources(Technology.objects.get(slug="steam-power"), None)
    site = site_supply(-89.18718, 13.68935, scenario, resources)
    ordered = economics.supply_order(site.supply)
    head = economics.Supply(
        ordered.distance_km[:500], ordered.energy_gj[:500], ordered.cost_usd_gj[:500], ordered.index[:500]
    )
    energy, cost = supply_scales(site, head, scenario, np.random.default_rng(1))
    assert energy.shape == cost.shape == (DRAWS, 500)
    slugs = site.resource[head.index]
    for slug in set(slugs):
        columns = energy[:, slugs == slug]
        assert np.all(columns == columns[:, :1])  # one ratio per resource and draw
    assert 0.5 < np.median(energy) < 1.5 and np.all(energy >= 0)
    # an entry at distance 0 pays collection only: its scale is the drawn collection / central,
    # within the declared spread of the collection cost
    spread = economic_spreads(scenario)["collection_cost_usd_t"]
    at_zero = economics.Supply([0.0], [1.0], [1.0], np.array([head.index[0]]))
    _, zero = supply_scales(site, at_zero, scenario, np.random.default_rng(1))
    central = scenario.collection_cost_usd_t
    assert np.all(zero >= spread.low / central - 1e-12) and np.all(zero <= spread.high / central + 1e-12)
    assert zero.std() > 0
