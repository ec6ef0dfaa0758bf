"""One pass over a resource raster: exact, geodesic, coverage-weighted sums per region and
per constraint key, read window by window so memory stays bounded.

For a region R and key k the pass keeps  S(R, k) = Σ_i c(R,i) · w(i) · v(i)  over valid
cells i whose constraint key is k, where v is the cell value and w(i) is the cell's area in
hectares for densities (t DM·ha⁻¹·yr⁻¹) and 1 for per-cell quantities (amount, production,
head counts). It also keeps the valid area Σ c(R,i)·a(i) over valid cells, for coverage.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rasterio.windows import Window

from .constraints import NO_CONSTRAINTS, ConstraintAxis, ConstraintCube
from .errors import InvalidInput
from .grid import Grid
from .reading import check_quantity, open_grid, window_reader
from .zones import ZoneWeights, window_zones

READ_WINDOW = 512


@dataclass(frozen=True)
class LevelSums:
    codes: tuple[str, ...]
    mass: np.ndarray  # (regions, keys)
    valid_area_ha: np.ndarray  # (regions,)
    region_area_ha: np.ndarray  # (regions,)

    @property
    def coverage(self) -> np.ndarray:
        """Share of each region covered by valid cells (0 for a region off the grid)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(self.region_area_ha > 0, self.valid_area_ha / self.region_area_ha, 0.0)
        return np.clip(share, 0.0, 1.0)


@dataclass(frozen=True)
class LayerSums:
    quantity: str
    cube: ConstraintCube
    levels: dict[str, LevelSums]

    def save(self, path: Path) -> None:
        arrays = {"quantity": np.array(self.quantity), "axes": np.array(self.cube.describe(), dtype=object)}
        for name, level in self.levels.items():
            arrays[f"{name}__codes"] = np.array(level.codes, dtype=object)
            arrays[f"{name}__mass"] = level.mass
            arrays[f"{name}__valid_area_ha"] = level.valid_area_ha
            arrays[f"{name}__region_area_ha"] = level.region_area_ha
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LayerSums:
        with np.load(path, allow_pickle=True) as data:
            axes = tuple(
                ConstraintAxis(
                    name=a["name"],
                    kind=a["kind"],
                    classes=tuple(a["classes"]),
                    bin_width=a["bin_width"],
                    max_value=a["max_value"],
                    version=a["version"],
                )
                for a in data["axes"]
            )
            names = {key.split("__")[0] for key in data.files if "__" in key}
            levels = {
                name: LevelSums(
                    codes=tuple(str(c) for c in data[f"{name}__codes"]),
                    mass=data[f"{name}__mass"],
                    valid_area_ha=data[f"{name}__valid_area_ha"],
                    region_area_ha=data[f"{name}__region_area_ha"],
                )
                for name in names
            }
            return cls(quantity=str(data["quantity"]), cube=ConstraintCube(axes), levels=levels)


def aggregate_layer(
    path: str | Path,
    *,
    quantity: str,
    weights: Mapping[str, ZoneWeights],
    cube: ConstraintCube = NO_CONSTRAINTS,
    band: int = 1,
    window: int = READ_WINDOW,
    threads: int = 1,
) -> LayerSums:
    """Sum a resource raster over every region of every level, by constraint key.

    Windows untouched by any region are not read. With threads > 1 the windows are shared
    among threads, each with its own dataset handles (reading and decoding release the GIL).
    """
    check_quantity(quantity)
    grid = open_grid(path, band)
    for name, w in weights.items():
        if w.grid_key != grid.key:
            raise InvalidInput(
                "the weights for %(name)r were computed for another grid", params={"name": name}
            )
    probes = {name: _LevelState(w, cube.size, grid.width, window) for name, w in weights.items()}
    windows = [win for win in grid.windows(window) if any(p.touches(win) for p in probes.values())]
    threads = max(1, min(threads, len(windows)))
    chunks = [windows[i::threads] for i in range(threads)]

    def run(chunk):
        states = {name: probe.fresh() for name, probe in probes.items()}
        _sum_windows(path, grid, quantity, cube, band, chunk, states)
        return states

    if threads == 1:
        results = [run(chunks[0])]
    else:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(run, chunks))
    levels = {}
    for name, w in weights.items():
        mass = sum(r[name].mass for r in results)
        valid = sum(r[name].valid_area for r in results)
        levels[name] = LevelSums(
            codes=w.codes,
            mass=np.asarray(mass).reshape(w.size, cube.size),
            valid_area_ha=np.asarray(valid, dtype=np.float64),
            region_area_ha=np.asarray(w.region_area_ha, dtype=np.float64),
        )
    return LayerSums(quantity=quantity, cube=cube, levels=levels)


def _sum_windows(path, grid: Grid, quantity: str, cube: ConstraintCube, band: int, windows, states) -> None:
    with ExitStack() as stack:
        read = window_reader(stack, path, grid, quantity, cube, band)
        for win in windows:
            inputs = read(win)
            for level in states.values():
                if level.touches(win):
                    level.add(win, *inputs)


def accumulate(mass, valid_area, keys: int, zones, p_local, p_zone, p_frac, weight, valid, area, key) -> None:
    """Add one window: cells wholly in one region (zones >= 0) and partial cells."""
    inside = np.flatnonzero(zones >= 0)
    if len(inside):
        z = zones[inside]
        bins = z * keys + key[inside] if keys > 1 else z
        mass += np.bincount(bins, weights=weight[inside], minlength=mass.size)
        valid_area += np.bincount(
            z, weights=np.where(valid[inside], area[inside], 0.0), minlength=valid_area.size
        )
    if len(p_local):
        bins = p_zone * keys + key[p_local] if keys > 1 else p_zone
        mass += np.bincount(bins, weights=p_frac * weight[p_local], minlength=mass.size)
        valid_area += np.bincount(
            p_zone, weights=p_frac * np.where(valid[p_local], area[p_local], 0.0), minlength=valid_area.size
        )


class _LevelState:
    """Running sums of one region level, and which windows it touches."""

    def __init__(self, weights: ZoneWeights, keys: int, width: int, window: int):
        self.weights = weights
        self.keys = keys
        self.width = width
        self.window = window
        self.mass = np.zeros(weights.size * keys)
        self.valid_area = np.zeros(weights.size)
        rows = weights.partial_cell // width
        cols = weights.partial_cell % width
        cols_of_windows = -(-width // window)
        self.partial_window = (rows // window) * cols_of_windows + cols // window
        self.partial_order = np.argsort(self.partial_window, kind="stable")
        self.partial_window_sorted = self.partial_window[self.partial_order]
        self.cols_of_windows = cols_of_windows

    def fresh(self) -> _LevelState:
        """A copy with zeroed sums that shares the (read-only) indexes."""
        copy = object.__new__(_LevelState)
        copy.__dict__.update(self.__dict__)
        copy.mass = np.zeros_like(self.mass)
        copy.valid_area = np.zeros_like(self.valid_area)
        return copy

    def _partial_slice(self, win: Window) -> np.ndarray:
        index = (win.row_off // self.window) * self.cols_of_windows + win.col_off // self.window
        lo = np.searchsorted(self.partial_window_sorted, index, side="left")
        hi = np.searchsorted(self.partial_window_sorted, index, side="right")
        return self.partial_order[lo:hi]

    def touches(self, win: Window) -> bool:
        w = self.weights
        lo, hi = w.row_ptr[win.row_off], w.row_ptr[min(win.row_off + win.height, len(w.row_ptr) - 1)]
        if lo < hi:
            starts, ends = w.run_start[lo:hi], w.run_end[lo:hi]
            if np.any((ends > win.col_off) & (starts < win.col_off + win.width)):
                return True
        return len(self._partial_slice(win)) > 0

    def add(self, win: Window, weight, valid, area, key) -> None:
        w = self.weights
        zones = window_zones(w, win.row_off, win.col_off, win.height, win.width)
        picks = self._partial_slice(win)
        cell = w.partial_cell[picks]
        local = (cell // self.width - win.row_off) * win.width + (cell % self.width - win.col_off)
        accumulate(
            self.mass,
            self.valid_area,
            self.keys,
            zones,
            local,
            w.partial_zone[picks],
            w.partial_fraction[picks],
            weight,
            valid,
            area,
            key,
        )
