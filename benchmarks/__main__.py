"""Benchmarks of the engine, printed as ratios measured in one run.

    make bench                 (or: .venv/bin/python -m benchmarks [--quick])

1. First computation of all admin-1 sums of a 56.6-million-cell raster (0.005° over the nine
   countries), cold (no cached weights), against exactextract on the same data and the same
   quantity (t DM per cell, so both compute Σ c(R,i)·v(i) exactly).
2. The platform's real first computation: both region levels and a constraint cube (land
   cover x slope), then recomputing every region for a changed scenario from cached sums.
3. A 100 km catchment at the demo resolution (the analysis endpoint's engine work).
4. Peak memory of the aggregation for that raster and for one ten times larger.
5. The Monte Carlo of the uncertainty: 1,000 draws over every region and resource.

Each measurement runs in its own process, so peak memory (max RSS) is its own. Rasters are
generated into benchmarks/data/ (not committed) on the first run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks import montecarlo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The server's process set-up (a bounded GDAL block cache, the native libraries' load order),
# inherited by the measuring subprocesses through the environment.
import config  # noqa: E402,F401

DATA = ROOT / "benchmarks" / "data"
WEST, EAST, SOUTH, NORTH = -118.5, -68.0, 5.0, 33.0
BASE_RES = 0.005  # 10100 x 5600 = 56.6 M cells
TEN_X_RES = BASE_RES / math.sqrt(10)  # 31938 x 17709 = 565.6 M cells


def raster_path(res: float) -> Path:
    return DATA / f"amount-{res:.6f}.tif"


def build_raster(res: float) -> Path:
    """A smooth field with noise, in t DM per cell, tiled 512 x 512, deflate (like a COG)."""
    import rasterio
    from rasterio.transform import from_origin

    path = raster_path(res)
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    width, height = round((EAST - WEST) / res), round((NORTH - SOUTH) / res)
    profile = dict(
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(WEST, NORTH, res, res),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        compress="deflate",
        predictor=3,
        nodata=-9999.0,
        BIGTIFF="YES",
    )
    rng = np.random.default_rng(42)
    tmp = path.with_suffix(".tmp.tif")
    with rasterio.open(tmp, "w", **profile) as ds:
        for _, win in ds.block_windows(1):
            rows = np.arange(win.row_off, win.row_off + win.height)[:, None]
            cols = np.arange(win.col_off, win.col_off + win.width)[None, :]
            smooth = 2 + np.sin(rows * res * 0.7) * np.cos(cols * res * 0.5)
            noise = rng.random((win.height, win.width), dtype=np.float32) * 0.5
            ds.write(np.round(smooth + noise, 2).astype(np.float32), 1, window=win)
    tmp.replace(path)
    return path


def admin1_zones():
    import shapely

    from biomass.engine.zones import Zone

    data = json.loads((ROOT / "fixtures" / "regions" / "admin1.geojson").read_text(encoding="utf-8"))
    return [
        Zone(f["properties"]["code"], shapely.geometry.shape(f["geometry"])) for f in data["features"]
    ], data


def country_zones():
    import shapely

    from biomass.engine.zones import Zone

    data = json.loads((ROOT / "fixtures" / "regions" / "countries.geojson").read_text(encoding="utf-8"))
    return [Zone(f["properties"]["code"], shapely.geometry.shape(f["geometry"])) for f in data["features"]]


def demo_cube():
    from biomass.engine.constraints import CATEGORICAL, CONTINUOUS, ConstraintAxis, ConstraintCube
    from biomass.engine.rasters import raster_statistics

    layers = ROOT / "fixtures" / "layers"
    classes = raster_statistics(layers / "land-cover.tif", categorical=True).classes
    slope_max = raster_statistics(layers / "slope.tif").maximum
    return ConstraintCube(
        (
            ConstraintAxis("land-cover", CATEGORICAL, path=str(layers / "land-cover.tif"), classes=classes),
            ConstraintAxis(
                "slope-coarse", CONTINUOUS, path=str(layers / "slope.tif"), bin_width=0.5, max_value=slope_max
            ),
        )
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements, each run in a child process ---------------------------------------------


def task_exactextract(res: float) -> dict:
    import rasterio
    from exactextract import exact_extract

    _, data = admin1_zones()
    start = time.perf_counter()
    with rasterio.open(raster_path(res)) as ds:
        out = exact_extract(ds, data["features"], ["sum"], include_cols=["code"])
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "sums": {o["properties"]["code"]: o["properties"]["sum"] for o in out},
    }


def task_first(res: float, processes: int) -> dict:
    """Cold: cell weights and sums (as the platform does for a new grid). processes == 0:
    the scanline weights then a threaded pass; otherwise the exactextract-window path (the
    former path for overlapping regions, kept for comparison) in that many processes."""
    from biomass.engine.first_pass import first_pass, first_pass_windows

    zones, _ = admin1_zones()
    start = time.perf_counter()
    if processes == 0:
        _, sums = first_pass(raster_path(res), quantity="amount", zones={"admin1": zones}, threads=2)
    else:
        _, sums = first_pass_windows(
            raster_path(res), quantity="amount", zones={"admin1": zones}, processes=processes
        )
    level = sums.levels["admin1"]
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
        "sums": dict(zip(level.codes, level.mass[:, 0].tolist(), strict=True)),
    }


def task_cached(res: float, threads: int) -> dict:
    """Warm: another layer on the same grid, with the weights already computed."""
    import rasterio

    from biomass.engine.aggregate import aggregate_layer
    from biomass.engine.grid import Grid
    from biomass.engine.weights import compute_zone_weights

    zones, _ = admin1_zones()
    path = raster_path(res)
    with rasterio.open(path) as ds:
        grid = Grid.from_dataset(ds)
    weights = compute_zone_weights(grid, zones)
    start = time.perf_counter()
    aggregate_layer(path, quantity="amount", weights={"admin1": weights}, threads=threads)  # weights cached
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


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
    constraint keys for both demo resources, distances, delivered costs, the supply curve."""
    from biomass.engine.analysis import cell_table, delivered_cost, distances_km, geodesic_disc, supply_curve

    layers = ROOT / "fixtures" / "layers"
    cube = demo_cube()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        disc = geodesic_disc(-99.13, 19.43, 100)
        costs, masses, energies = [], [], []
        for name, lhv in (("crop-residues-demo.tif", 16.5), ("forest-residues-demo.tif", 18.5)):
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
    "exactextract": task_exactextract,
    "first": task_first,
    "cached": task_cached,
    "platform": task_platform,
    "memory": task_memory,
    "catchment": task_catchment,
}


def run_child(task: str, *args) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--child", task, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONHASHSEED="0"),
    )
    if out.returncode != 0:
        raise SystemExit(f"benchmark {task} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


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

    ee = min((run_child("exactextract", BASE_RES) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    first = min((run_child("first", BASE_RES, 0) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    forked = min(
        (run_child("first", BASE_RES, args.threads) for _ in range(args.repeat)), key=lambda r: r["seconds"]
    )
    cached = min(
        (run_child("cached", BASE_RES, args.threads) for _ in range(args.repeat)), key=lambda r: r["seconds"]
    )
    worst = max(
        abs(s["sums"][c] - v) / max(abs(v), 1e-12) for s in (first, forked) for c, v in ee["sums"].items()
    )
    print("1. All 160 admin-1 regions of one layer of 56.6 M cells:")
    print(f"   exactextract 'sum'                          {ee['seconds']:6.2f} s")
    print(
        f"   engine, first computation (weights + sums) {first['seconds']:6.2f} s   "
        f"ratio engine/exactextract {first['seconds'] / ee['seconds']:.2f}  (target <= 1)"
    )
    print(
        f"   the same with exactextract's coverage       {forked['seconds']:6.2f} s   "
        f"ratio {forked['seconds'] / ee['seconds']:.2f}  (the path for overlapping regions, {args.threads} processes)"
    )
    print(
        f"   engine, another layer on the same grid     {cached['seconds']:6.2f} s   "
        f"ratio engine/exactextract {cached['seconds'] / ee['seconds']:.2f}"
    )
    print(f"   largest relative difference from exactextract: {worst:.1e}\n")

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
    print("3. A 100 km catchment at the demo resolution (0.05°), two resources, engine only:")
    print(
        f"   {catchment['seconds'] * 1000:.0f} ms (worst of 5: {catchment['worst_seconds'] * 1000:.0f} ms; "
        "target < 1 s; the HTTP endpoint adds the database reads)\n"
    )

    montecarlo.report(args.repeat)
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
