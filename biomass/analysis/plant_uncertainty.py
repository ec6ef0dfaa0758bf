"""The Monte Carlo of a plant's levelised cost at a site: the technology's ranges, each
resource's parameters (which scale its energy) and the scenario's collection and transport
costs and tortuosity (which scale each entry's delivered cost), drawn with a fixed seed."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.reference import constant
from biomass.catalogue.selectors import technology_spreads
from biomass.engine import analysis as engine
from biomass.engine import economics, factors
from biomass.engine.uncertainty import Spread, economic_draws
from biomass.potentials.uncertainty import economic_spreads, resource_spreads

DRAWS = 200
SEED = 20261218
REACH = 3.0  # the Monte Carlo sees the cheapest entries up to this many times the fuel needed


class SiteSupply(NamedTuple):
    """The site's supply entries (one per cell × resource) and what the Monte Carlo needs."""

    supply: economics.Supply
    resource: np.ndarray  # the entry's resource slug
    dry_matter: np.ndarray  # the entry's resource's dry-matter fraction
    resources: list[Resource]
    quantities: dict[str, str]  # the quantity of each resource's layer, by slug


def _energy_ratios(site: SiteSupply, scenario: Scenario, rng) -> dict[str, np.ndarray]:
    """Per resource, n draws of its energy per unit of its layer's quantity (dry-matter
    factor × availability × GJ/t DM) over the same at the parameters' central values."""
    methane = constant("methane_energy_gj_per_m3")
    ratios = {}
    for resource in sorted(site.resources, key=lambda r: r.slug):
        quantity = site.quantities.get(resource.slug)
        if quantity is None:
            continue  # no entry of this resource at the site
        spreads = resource_spreads(resource, scenario)
        drawn = {name: spread.draw(rng, DRAWS) for name, spread in sorted(spreads.items())}
        mode = {name: np.full(1, float(spread.mode)) for name, spread in spreads.items()}

        def energy(values, resource=resource, quantity=quantity):
            to_dm = factors.to_dry_matter(quantity, values)
            share = values.get("availability", 1.0)
            return to_dm * share * factors.energy(resource.route, values, methane)

        central = float(np.asarray(energy(mode)).ravel()[0])
        ratio = np.broadcast_to(energy(drawn), (DRAWS,)) / central if central > 0 else np.ones(DRAWS)
        ratios[resource.slug] = np.asarray(ratio, dtype=float)
    return ratios


def supply_scales(site: SiteSupply, ordered: economics.Supply, scenario: Scenario, rng):
    """Energy and cost multipliers (draws × the ordered entries given)."""
    ratios = _energy_ratios(site, scenario, rng)
    index = ordered.index
    slugs = site.resource[index]
    energy = np.ones((DRAWS, len(index)))
    for slug, ratio in ratios.items():
        energy[:, slugs == slug] = ratio[:, None]
    drawn = economic_draws(economic_spreads(scenario), rng, DRAWS)
    distance, dm = ordered.distance_km, site.dry_matter[index]
    central = engine.delivered_cost(
        distance,
        collection=scenario.collection_cost_usd_t,
        transport=scenario.transport_cost_usd_t_km,
        tortuosity=scenario.tortuosity,
        dry_matter=dm,
    )
    per_km = (drawn["transport_cost_usd_t_km"] * drawn["tortuosity"])[:, None] * (distance / dm)[None, :]
    cost = (drawn["collection_cost_usd_t"][:, None] + per_km) / np.where(central > 0, central, 1.0)
    return energy, np.where(central > 0, cost, 1.0)


def lcoe_spread(mw, site: SiteSupply, ordered, technology, costs, scenario) -> dict:
    """P10, P50, P90 of the LCOE (and LCOH) over DRAWS seeded draws."""
    rng = np.random.default_rng(SEED)
    spreads = {name: Spread(*values) for name, values in technology_spreads(technology).items()}
    draws = economics.technology_draws(spreads, rng, DRAWS)
    needed = economics.fuel_needed_gj(mw, costs)
    last = int(np.searchsorted(np.cumsum(ordered.energy_gj), REACH * needed, side="left")) + 1
    head = economics.Supply(
        ordered.distance_km[:last], ordered.energy_gj[:last], ordered.cost_usd_gj[:last], ordered.index[:last]
    )
    energy, cost = supply_scales(site, head, scenario, rng)
    return economics.lcoe_percentiles(
        mw, head, costs, draws, rate=scenario.discount_rate, energy_scale=energy, cost_scale=cost
    )
