"""One pass over a resource raster: exact, geodesic, coverage-weighted sums per region and
per constraint key, read window by window so memory stays bounded.

For a region R and key k the pass keeps  S(R, k) = Σ_i c(R,i) · w(i) · v(i)  over valid
cells i whose constraint key is k, where v is the cell value and w(i) is the cell's area in
hectares for densities (t DM·ha⁻¹·yr⁻¹) and 1 for per-cell quantities (amount, production,
head counts). It also keeps the valid area Σ c(R,i)·a(i) over valid cells, for coverage.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from biomass.errors import InvalidInput, InvalidRaster

from .constraints import NO_CONSTRAINTS, ConstraintAxis, ConstraintCube
from .grid import Grid
from .zones import Zone, ZoneCoverage, ZoneWeights, window_zones

DENSITY = "density"
AMOUNT = "amount"
PRODUCTION = "production"
HEADS = "heads"
QUANTITIES = (DENSITY, AMOUNT, PRODUCTION, HEADS)
READ_WINDOW = 512
FIRST_PASS_WINDOW = 1024
PREFETCH = 2


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
    if quantity not in QUANTITIES:
        raise InvalidInput(f"unknown quantity {quantity!r}; choose one of {', '.join(QUANTITIES)}")
    with rasterio.open(path) as dataset:
        grid = Grid.from_dataset(dataset)
        if not 1 <= band <= dataset.count:
            raise InvalidRaster(f"the raster has no band {band}")
    for name, w in weights.items():
        if w.grid_key != grid.key:
            raise InvalidInput(f"the weights for {name!r} were computed for another grid")
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
        read = _window_reader(stack, path, grid, quantity, cube, band)
        for win in windows:
            inputs = read(win)
            for level in states.values():
                if level.touches(win):
                    level.add(win, *inputs)


def _window_reader(stack: ExitStack, path, grid: Grid, quantity: str, cube: ConstraintCube, band: int):
    """A function window -> (weight, valid, area, key) over the window's cells (flat):
    weight = value x cell area (densities) or value, 0 where invalid; key = constraint key."""
    dataset = stack.enter_context(rasterio.open(path))
    readers = [_constraint_reader(stack, axis, grid) for axis in cube.axes]
    nodata = dataset.nodatavals[band - 1]
    row_areas = grid.row_areas_ha()

    def read(win: Window):
        values = dataset.read(band, window=win).astype(np.float64, copy=False).ravel()
        valid = np.isfinite(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != nodata
        area = np.repeat(row_areas[win.row_off : win.row_off + win.height], win.width)
        weight = values * area if quantity == DENSITY else values
        weight = np.where(valid, weight, 0.0)
        if cube.axes:
            key = cube.combine(
                [axis.keys(*reader(win)) for axis, reader in zip(cube.axes, readers, strict=True)],
                values.shape,
            )
        else:
            key = np.zeros(values.shape, dtype=np.int64)
        return weight, valid, area, key

    return read


def _accumulate(
    mass, valid_area, keys: int, zones, p_local, p_zone, p_frac, weight, valid, area, key
) -> None:
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


def first_pass(
    path: str | Path,
    *,
    quantity: str,
    zones: Mapping[str, Sequence[Zone]],
    cube: ConstraintCube = NO_CONSTRAINTS,
    band: int = 1,
    window: int = FIRST_PASS_WINDOW,
    processes: int = 1,
    threads: int = 2,
) -> tuple[dict[str, ZoneWeights], LayerSums]:
    """The cell weights of every region level and the layer's sums, for a grid without
    cached weights: weights by the scanline method (boundary cells only), then one threaded
    pass over the raster. Levels whose regions overlap take the window-by-window path."""
    from .scanline import scanline_zone_weights

    with rasterio.open(path) as dataset:
        grid = Grid.from_dataset(dataset)
    weights = {name: scanline_zone_weights(grid, level) for name, level in zones.items()}
    if any(w is None for w in weights.values()):
        return first_pass_windows(
            path, quantity=quantity, zones=zones, cube=cube, band=band, window=window, processes=processes
        )
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
    level and the layer's sums in one pass.

    The raster is read by background threads ahead of the window being covered
    (exactextract holds the GIL; reading and decoding do not). With processes > 1 the
    windows are shared among forked worker processes, each doing the same on its share, and
    the pieces are put together here: exact coverage is the costly part, and it is GIL-bound.
    Use processes > 1 only in a process without other threads (a task worker, a command).
    """
    if quantity not in QUANTITIES:
        raise InvalidInput(f"unknown quantity {quantity!r}; choose one of {', '.join(QUANTITIES)}")
    with rasterio.open(path) as dataset:
        grid = Grid.from_dataset(dataset)
        if not 1 <= band <= dataset.count:
            raise InvalidRaster(f"the raster has no band {band}")
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
                return _window_reader(handles, path, grid, quantity, cube, band)(win)

        pool = stack.enter_context(ThreadPoolExecutor(PREFETCH))
        ahead = deque(pool.submit(read, win) for win in windows[:PREFETCH])
        for i, win in enumerate(windows):
            inputs = ahead.popleft().result()
            if i + PREFETCH < len(windows):
                ahead.append(pool.submit(read, windows[i + PREFETCH]))
            for name, coverage in coverages.items():
                cover = coverage.cover(win)
                if cover is not None:
                    _accumulate(
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
        _accumulate(
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


def _constraint_reader(stack: ExitStack, axis: ConstraintAxis, grid: Grid):
    """A function window -> (values, valid) reading the axis's layer on the resource grid
    (nearest neighbour when the grids differ)."""
    if not axis.path:
        raise InvalidInput(f"constraint {axis.name!r} has no raster")
    source = stack.enter_context(rasterio.open(axis.path))
    if source.crs is None:
        raise InvalidRaster(f"constraint {axis.name!r} has no coordinate reference system")
    nodata = source.nodata
    if Grid.from_dataset(source).key != grid.key:
        source = stack.enter_context(
            WarpedVRT(
                source,
                crs=grid.crs_wkt,
                transform=grid.affine,
                width=grid.width,
                height=grid.height,
                resampling=Resampling.nearest,
                nodata=nodata,
            )
        )

    def read(win: Window):
        values = source.read(1, window=win, boundless=False).astype(np.float64, copy=False).ravel()
        valid = np.isfinite(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != nodata
        return values, valid

    return read
