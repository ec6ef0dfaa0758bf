"""The first computation on a grid without cached weights: the cell weights of every region
level and the layer's sums, from one pass over the raster."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from .aggregate import LayerSums, LevelSums, accumulate, aggregate_layer
from .constraints import NO_CONSTRAINTS, ConstraintCube
from .coverage import ZoneCoverage
from .grid import Grid
from .reading import check_quantity, open_grid, window_reader
from .scanline import scanline_zone_weights
from .zones import Zone, ZoneWeights

FIRST_PASS_WINDOW = 1024
PREFETCH = 2


def first_pass(
    path: str | Path,
    *,
    quantity: str,
    zones: Mapping[str, Sequence[Zone]],
    cube: ConstraintCube = NO_CONSTRAINTS,
    band: int = 1,
    threads: int = 2,
) -> tuple[dict[str, ZoneWeights], LayerSums]:
    """The cell weights of every region level and the layer's sums, for a grid without
    cached weights: weights by the scanline method (boundary cells only, overlapping regions
    included), then one threaded pass over the raster."""
    grid = open_grid(path, band)
    weights = {name: scanline_zone_weights(grid, level) for name, level in zones.items()}
    sums = aggregate_layer(path, quantity=quantity, weights=weights, cube=cube, band=band, threads=threads)
    return weights, sums


def first_pass_windows(
    path: str | Path,
    *,
    quantity: str,
    zones: Mapping[str, Sequence[Zone]],
    cube: ConstraintCube = NO_CONSTRAINTS,
    band: int = 1,
    window: int = FIRST_PASS_WINDOW,
    processes: int = 1,
) -> tuple[dict[str, ZoneWeights], LayerSums]:
    """Compute the cell weights (exactextract's coverage, window by window) of every region
    level and the layer's sums in one pass: the former path for overlapping regions, kept as
    a reference for tests and benchmarks (``first_pass`` is what the platform uses).

    The raster is read by background threads ahead of the window being covered
    (exactextract holds the GIL; reading and decoding do not). With processes > 1 the
    windows are shared among forked worker processes, each doing the same on its share, and
    the pieces are put together here: exact coverage is the costly part, and it is GIL-bound.
    Use processes > 1 only in a process without other threads (a task worker, a command).
    """
    check_quantity(quantity)
    grid = open_grid(path, band)
    probes = {name: ZoneCoverage(grid, level) for name, level in zones.items()}
    windows = [win for win in grid.windows(window) if any(c.touches(win) for c in probes.values())]
    processes = max(1, min(processes, len(windows)))
    if processes == 1:
        pieces = [_first_pass_share(path, grid, zones, quantity, cube, band, windows)]
    else:
        shares = [windows[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            pieces = list(
                pool.map(
                    _first_pass_share,
                    *zip(
                        *[(path, grid, zones, quantity, cube, band, share) for share in shares], strict=True
                    ),
                )
            )
    weights, levels = {}, {}
    for name, level in zones.items():
        coverage = probes[name]
        for piece in pieces:
            coverage.runs.extend(piece[name]["runs"])
            coverage.partial.extend(piece[name]["partial"])
        weights[name] = coverage.weights()
        levels[name] = LevelSums(
            codes=weights[name].codes,
            mass=sum(piece[name]["mass"] for piece in pieces).reshape(len(level), cube.size),
            valid_area_ha=sum(piece[name]["valid_area"] for piece in pieces),
            region_area_ha=np.asarray(weights[name].region_area_ha, dtype=np.float64),
        )
    return weights, LayerSums(quantity=quantity, cube=cube, levels=levels)


def _first_pass_share(
    path, grid: Grid, zones, quantity: str, cube: ConstraintCube, band: int, windows
) -> dict:
    """Coverage and sums over some windows: {level: runs, partial, mass, valid_area}."""
    coverages = {name: ZoneCoverage(grid, level) for name, level in zones.items()}
    mass = {name: np.zeros(len(level) * cube.size) for name, level in zones.items()}
    valid_area = {name: np.zeros(len(level)) for name, level in zones.items()}
    with ExitStack() as stack:
        # Windows are read PREFETCH ahead, each with its own dataset handles (opened and
        # closed in the reading thread: rasterio's GDAL environment is per thread).
        def read(win):
            with ExitStack() as handles:
                return window_reader(handles, path, grid, quantity, cube, band)(win)

        pool = stack.enter_context(ThreadPoolExecutor(PREFETCH))
        ahead = deque(pool.submit(read, win) for win in windows[:PREFETCH])
        for i, win in enumerate(windows):
            inputs = ahead.popleft().result()
            if i + PREFETCH < len(windows):
                ahead.append(pool.submit(read, windows[i + PREFETCH]))
            for name, coverage in coverages.items():
                cover = coverage.cover(win)
                if cover is not None:
                    accumulate(
                        mass[name],
                        valid_area[name],
                        cube.size,
                        cover.zone,
                        cover.partial_cell,
                        cover.partial_zone,
                        cover.partial_fraction,
                        *inputs,
                    )
    return {
        name: {
            "runs": coverages[name].runs,
            "partial": coverages[name].partial,
            "mass": mass[name],
            "valid_area": valid_area[name],
        }
        for name in zones
    }
