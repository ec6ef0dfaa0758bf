"""The plant economics at a site (engine.economics): the levelised cost over 30 plant sizes
from the site's own supply curve, and the LCOE P10–P90 with 200 Monte Carlo draws, on a
synthetic catchment of realistic size (12,000 cells within 300 km × 17 resources = 204,000
supply entries), as the site-evaluation endpoint will run them; target < 1 s each.

    .venv/bin/python -m benchmarks.plant
"""

from __future__ import annotations

import time

import numpy as np

from biomass.engine.economics import (
    Supply,
    TechnologyCosts,
    best_size,
    lcoe_percentiles,
    size_curve,
    supply_order,
    technology_draws,
)
from biomass.engine.uncertainty import Spread

CELLS, RESOURCES, RADIUS_KM, SIZES, DRAWS = 12_000, 17, 300.0, 30, 200
# Illustrative values of a steam-cycle plant, for timing only (an assumption, not a source: the
# platform's sourced values come from the technology reference data).
STEAM = TechnologyCosts(
    reference_mw=25.0,
    capex_usd_per_kw=3500.0,
    scale_exponent=0.7,
    fixed_om_share=0.04,
    variable_om_usd_mwh=4.0,
    efficiency_electric=0.25,
    efficiency_thermal=0.0,
    capacity_factor=0.8,
    lifetime_years=25,
)
SPREADS = {
    "capex_usd_per_kw": Spread(2800, 3500, 4500),
    "fixed_om_share": Spread(0.03, 0.04, 0.05),
    "efficiency_electric": Spread(0.22, 0.25, 0.28),
    "capacity_factor": Spread(0.7, 0.8, 0.9),
}


def synthetic_supply(rng: np.random.Generator) -> Supply:
    """Cells spread evenly over the disc, each with 17 resources of random energy and a
    delivered cost of collection plus freight by distance (USD/GJ)."""
    distance = np.repeat(RADIUS_KM * np.sqrt(rng.uniform(0, 1, CELLS)), RESOURCES)
    energy = rng.lognormal(4.5, 1.5, CELLS * RESOURCES)  # GJ/yr per entry, 55 PJ/yr in all
    collection = np.tile(rng.uniform(1.0, 4.0, RESOURCES), CELLS)
    freight = np.tile(rng.uniform(0.01, 0.04, RESOURCES), CELLS)
    return Supply(distance, energy, collection + freight * distance)


def run(repeat: int = 3) -> dict:
    rng = np.random.default_rng(0)
    supply = synthetic_supply(rng)
    sizes = np.geomspace(1.0, 150.0, SIZES)
    draws = technology_draws(SPREADS, np.random.default_rng(1), DRAWS)
    scales = np.random.default_rng(2).uniform(0.8, 1.2, (DRAWS, len(supply)))
    curve_s = draws_s = widest_s = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        ordered = supply_order(supply)
        curve = size_curve(sizes, ordered, STEAM, rate=0.08)
        best = best_size(curve)
        curve_s = min(curve_s, time.perf_counter() - start)
        start = time.perf_counter()
        lcoe_percentiles(
            sizes[best], ordered, STEAM, draws, rate=0.08, energy_scale=scales, cost_scale=scales
        )
        draws_s = min(draws_s, time.perf_counter() - start)
        start = time.perf_counter()
        lcoe_percentiles(sizes[-1], ordered, STEAM, draws, rate=0.08, energy_scale=scales, cost_scale=scales)
        widest_s = min(widest_s, time.perf_counter() - start)
    return {
        "entries": len(supply),
        "curve_s": curve_s,
        "draws_s": draws_s,
        "widest_s": widest_s,
        "widest_mw": float(sizes[-1]),
        "best_mw": float(sizes[best]),
    }


def report(repeat: int = 3) -> None:
    out = run(repeat)
    print(
        f"6. Plant size curve: {SIZES} sizes over a {RADIUS_KM:.0f} km catchment of {out['entries']:,} entries"
        f" (sorting included): {out['curve_s'] * 1000:6.1f} ms (target < 1 s);"
    )
    print(
        f"   LCOE P10–P90 at the best size ({out['best_mw']:.1f} MW) with {DRAWS} draws, each entry's"
        f" energy and cost scaled: {out['draws_s'] * 1000:6.1f} ms (target < 1 s);"
    )
    print(
        f"   the same at the largest size ({out['widest_mw']:.0f} MW, a catchment of nearly the whole"
        f" supply): {out['widest_s'] * 1000:6.1f} ms (target < 1 s)\n"
    )


if __name__ == "__main__":
    report()
