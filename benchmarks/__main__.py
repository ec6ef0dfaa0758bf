"""Benchmarks of the engine, printed as ratios measured in one run.

    make bench                 (or: .venv/bin/python -m benchmarks [--quick])

1. First computation of all admin-1 sums of a 56.6-million-cell raster (0.005° over the nine
   countries), cold (no cached weights), against exactextract (one thread) on the same data
   and the same quantity (t DM per cell, so both compute Σ c(R,i)·v(i) exactly): the engine
   on two threads and on one (equal threads); a set of overlapping regions (admin-1 regions
   and countries together); another layer on a grid whose weights are cached.
2. The platform's real first computation: both region levels and a constraint cube (land
   cover x slope), then recomputing every region for a changed scenario from cached sums.
3. A 100 km catchment at the demo resolution (the analysis endpoint's engine work).
4. Peak memory of the aggregation for that raster and for one ten times larger.
5. The Monte Carlo of the uncertainty: 1,000 draws over every region and resource.
6. A plant at a site: its levelised cost over 30 sizes and its P10–P90 (benchmarks/plant.py).
Then `make bench` runs the HTTP load test (benchmarks/http.py, `make bench-http`).

Each measurement runs in its own process, so peak memory (max RSS) is its own. Rasters are
generated into benchmarks/data/ (not committed) on the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from benchmarks import exact, montecarlo, plant
from benchmarks.common import (
    BASE_RES,
    DATA,
    ROOT,
    TEN_X_RES,
    admin1_zones,
    build_raster,
    country_zones,
    demo_cube,
    peak_mb,
    raster_path,
    run_child,
)

sys.path.insert(0, str(ROOT))
# The server's process set-up (a bounded GDAL block cache, the native libraries' load order),
# inherited by the measuring subprocesses through the environment.
import config  # noqa: E402,F401

# --- measurements, each run in a child process ---------------------------------------------


def task_platform(res: float, threads: int) -> dict:
    """Both levels and the constraint cube, then scenario recomputation from cached sums."""
    import rasterio

    from biomass.engine.aggregate import LayerSums, aggregate_layer
    from biomass.engine.grid import Grid
    from biomass.engine.potentials import ResourceFactors, evaluate
    from biomass.engine.weights import compute_zone_weights

    path = raster_path(res)
    cube = demo_cube()
    start = time.perf_counter()
    with rasterio.open(path) as ds:
        grid = Grid.from_dataset(ds)
    weights = {
        "country": compute_zone_weights(grid, country_zones()),
        "admin1": compute_zone_weights(grid, admin1_zones()[0]),
    }
    sums = aggregate_layer(path, quantity="density", weights=weights, cube=cube, threads=threads)
    first = time.perf_counter() - start
    cache = DATA / "sums.npz"
    sums.save(cache)
    # A changed scenario: new slope threshold and land-cover exclusions, all regions, both levels.
    times = []
    for threshold in (1.0, 2.0, 3.5, 5.0, 8.0):
        t0 = time.perf_counter()
        loaded = LayerSums.load(cache)
        mask = loaded.cube.mask(
            {"slope-coarse": {"max": threshold}, "land-cover": {"exclude": [0, 13, 15, 16]}}
        )
        factors = ResourceFactors(to_dry_matter=1.0, availability=0.4, energy_gj_per_t=16.5)
        results = [r for level in loaded.levels.values() for r in evaluate(level, factors, mask)]
        times.append(time.perf_counter() - t0)
    return {
        "seconds": first,
        "recompute_seconds": min(times),
        "recompute_max_seconds": max(times),
        "regions": len(results),
        "keys": cube.size,
        "peak_mb": peak_mb(),
    }


def task_memory(res: float, threads: int) -> dict:
    """Aggregation alone (weights computed first, then memory measured around the sum)."""
    import rasterio

    from biomass.engine.aggregate import aggregate_layer
    from biomass.engine.grid import Grid
    from biomass.engine.weights import compute_zone_weights

    path = raster_path(res)
    with rasterio.open(path) as ds:
        grid = Grid.from_dataset(ds)
    start = time.perf_counter()
    weights = compute_zone_weights(grid, admin1_zones()[0])
    weights_seconds = time.perf_counter() - start
    weights_peak = peak_mb()
    start = time.perf_counter()
    aggregate_layer(path, quantity="amount", weights={"admin1": weights}, threads=threads)
    return {
        "seconds": time.perf_counter() - start,
        "weights_seconds": weights_seconds,
        "weights_peak_mb": weights_peak,
        "peak_mb": peak_mb(),
        "cells": grid.cells,
        "partial_cells": int(len(weights.partial_cell)),
        "runs": int(len(weights.run_row)),
    }


def task_catchment(res: float, threads: int) -> dict:
    """A 100 km catchment on the demo layers (0.05°): exact coverage of the disc, values and
    constraint keys of the demo's resource layer (forest residues; crop residues now come from
    production statistics, not a raster), distances, delivered costs, the supply curve."""
    from biomass.engine.analysis import cell_table, delivered_cost, distances_km, geodesic_disc, supply_curve

    layers = ROOT / "fixtures" / "layers"
    cube = demo_cube()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        disc = geodesic_disc(-99.13, 19.43, 100)
        costs, masses, energies = [], [], []
        for name, lhv in (("forest-residues.tif", 18.5),):
            table = cell_table(layers / name, disc, quantity="density", cube=cube)
            cost = delivered_cost(
                distances_km(-99.13, 19.43, table.lon, table.lat),
                collection=20,
                transport=0.15,
                tortuosity=1.3,
            )
            costs.append(cost)
            masses.append(table.mass * 0.4)
            energies.append(np.full(len(cost), lhv))
        curve = supply_curve(np.concatenate(costs), np.concatenate(masses), np.concatenate(energies))
        times.append(time.perf_counter() - start)
    return {"seconds": min(times), "worst_seconds": max(times), "points": len(curve), "peak_mb": peak_mb()}


TASKS = {
    **exact.TASKS,
    "platform": task_platform,
    "memory": task_memory,
    "catchment": task_catchment,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="skip the 10x raster (memory growth)")
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (the best is kept)")
    args = parser.parse_args()
    if args.child:
        task, *rest = args.child
        values = [float(rest[0])] + [int(x) for x in rest[1:]]
        print(json.dumps(TASKS[task](*values)))
        return

    print(f"Building benchmark rasters in {DATA.relative_to(ROOT)}/ (first run only)...", flush=True)
    build_raster(BASE_RES)
    if not args.quick:
        build_raster(TEN_X_RES)
    cpus = os.cpu_count()
    print(f"Machine: {cpus} CPUs; engine threads: {args.threads}; best of {args.repeat} runs.\n")

    exact.report(args.repeat, args.threads)

    platform = run_child("platform", BASE_RES, args.threads)
    print(
        "2. Platform computation (9 countries + 160 admin-1 regions, land cover x slope cube of "
        f"{platform['keys']} keys):"
    )
    print(f"   first computation                  {platform['seconds']:7.2f} s")
    print(
        f"   recompute a changed scenario, all {platform['regions']} regions, from cached sums: "
        f"{platform['recompute_seconds'] * 1000:.1f} ms (worst {platform['recompute_max_seconds'] * 1000:.1f} ms; "
        f"target < 200 ms)\n"
    )

    catchment = run_child("catchment", BASE_RES, 1)
    print("3. A 100 km catchment at the demo resolution (0.05°), the demo's resource layer, engine only:")
    print(
        f"   {catchment['seconds'] * 1000:.0f} ms (worst of 5: {catchment['worst_seconds'] * 1000:.0f} ms; "
        "target < 1 s; the HTTP endpoint adds the database reads)\n"
    )

    montecarlo.report(args.repeat)
    plant.report(args.repeat)
    if args.quick:
        return
    small = run_child("memory", BASE_RES, args.threads)
    large = run_child("memory", TEN_X_RES, args.threads)
    print("4. Peak memory (max RSS of the process) for weights + sums:")
    for label, r in (("56.6 M cells ", small), ("565.6 M cells", large)):
        print(
            f"   {label} weights {r['weights_seconds']:6.2f} s, sums {r['seconds']:6.2f} s, "
            f"peak {r['peak_mb']:7.0f} MB ({r['runs']:,} runs, {r['partial_cells']:,} partial cells)"
        )
    print(f"   ratio of peaks (10x cells)         {large['peak_mb'] / small['peak_mb']:.2f}  (target < 2)")


if __name__ == "__main__":
    main()
