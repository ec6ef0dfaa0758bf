"""Section 1 of `make bench`: the first computation of the admin-1 sums against exactextract
(one thread) on the same data and quantity, the engine on two threads and on one (the ratio
at equal threads); a set of regions that overlap (the 160 admin-1 regions and the 9
countries as one level, as first_pass takes overlapping regions: the scanline's shared
cells); and another layer on a grid whose weights are cached."""

from __future__ import annotations

import time

from benchmarks.common import BASE_RES, admin1_zones, country_zones, peak_mb, raster_path, run_child


def task_exactextract(res: float, overlapping: int = 0) -> dict:
    """exactextract's 'sum' (one thread) over the admin-1 regions, or with overlapping == 1
    over the admin-1 regions and the countries together."""
    import rasterio
    from exactextract import exact_extract

    _, data = admin1_zones()
    features = data["features"] + (country_zones(features=True) if overlapping else [])
    start = time.perf_counter()
    with rasterio.open(raster_path(res)) as ds:
        out = exact_extract(ds, features, ["sum"], include_cols=["code"])
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "sums": {o["properties"]["code"]: o["properties"]["sum"] for o in out},
    }


def task_first(res: float, threads: int, overlapping: int = 0) -> dict:
    """Cold: cell weights and sums, as the platform computes them for a new grid (first_pass:
    the scanline weights, then a threaded pass). overlapping == 1: one level of the admin-1
    regions and the countries, every country cell shared by two regions."""
    from biomass.engine.first_pass import first_pass

    zones, _ = admin1_zones()
    zones = zones + (country_zones() if overlapping else [])
    start = time.perf_counter()
    weights, sums = first_pass(raster_path(res), quantity="amount", zones={"level": zones}, threads=threads)
    level = sums.levels["level"]
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
        "partial_cells": int(len(weights["level"].partial_cell)),
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


TASKS = {"exactextract": task_exactextract, "first": task_first, "cached": task_cached}


def best(repeat: int, task: str, *args) -> dict:
    return min((run_child(task, BASE_RES, *args) for _ in range(repeat)), key=lambda r: r["seconds"])


def worst_difference(reference: dict, *results: dict) -> float:
    """The largest relative difference of the results' sums from exactextract's."""
    return max(
        abs(r["sums"][code] - v) / max(abs(v), 1e-12)
        for r in results
        for code, v in reference["sums"].items()
    )


def line(label: str, r: dict, reference: dict | None = None, note: str = "") -> None:
    ratio = f"   ratio engine/exactextract {r['seconds'] / reference['seconds']:.2f}" if reference else ""
    print(f"   {label:<54} {r['seconds']:6.2f} s{ratio}{note}")


def report(repeat: int, threads: int) -> None:
    ee = best(repeat, "exactextract")
    two, one = best(repeat, "first", 2), best(repeat, "first", 1)
    cached = best(repeat, "cached", threads)
    ee_both = best(repeat, "exactextract", 1)
    both = best(repeat, "first", 2, 1)
    print("1. All 160 admin-1 regions of one layer of 56.6 M cells:")
    line("exactextract 'sum', 1 thread", ee)
    line("engine, first computation (weights + sums), 2 threads", two, ee)
    line("engine, first computation (weights + sums), 1 thread", one, ee, "  (equal threads; target <= 1)")
    line(f"engine, another layer on the same grid, {threads} threads", cached, ee)
    print(f"   largest relative difference from exactextract: {worst_difference(ee, two, one):.1e}")
    print("   Overlapping regions: the 160 admin-1 regions and the 9 countries as one set")
    line("exactextract 'sum', 1 thread", ee_both, note=f", peak {ee_both['peak_mb']:.0f} MB")
    line("engine, first computation, 2 threads", both, ee_both, f", peak {both['peak_mb']:.0f} MB")
    print(f"   ({both['partial_cells']:,} partial cells: each cell two regions share is one entry of each)")
    print(f"   largest relative difference from exactextract: {worst_difference(ee_both, both):.1e}\n")
