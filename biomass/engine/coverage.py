"""Coverage by exactextract, window by window on an empty in-memory grid: the reference the
tests and benchmarks compare the scanline with (``scanline.py``, which the platform uses, for
overlapping regions too: exactextract misjudges some cells at grid nodes, see
tests/engine/test_coverage_oracle.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from exactextract import exact_extract
from exactextract.feature import Feature, FeatureSource
from exactextract.raster import NumPyRasterSource

from .geometry import polygon_parts
from .grid import Grid
from .zones import Zone, ZoneWeights, assemble_weights, project_zones

COVERAGE_WINDOW = 2048


@dataclass(frozen=True)
class WindowCover:
    """Exact coverage of one window: ``zone`` (flat, -1 where no region covers a cell fully
    and alone) and partial entries with window-local cell indexes."""

    zone: np.ndarray
    partial_cell: np.ndarray
    partial_zone: np.ndarray
    partial_fraction: np.ndarray


class ZoneCoverage:
    """Computes coverage window by window (exactextract on an empty in-memory grid) and
    collects it into ZoneWeights."""

    def __init__(self, grid: Grid, zones: Sequence[Zone]):
        self.grid = grid
        self.zones = zones
        self.projected = project_zones(zones, grid)
        self.tree = shapely.STRtree(self.projected)
        self.runs: list[tuple[np.ndarray, ...]] = []
        self.partial: list[tuple[np.ndarray, ...]] = []

    def touches(self, win) -> bool:
        return len(self.tree.query(shapely.box(*self.grid.window_bounds(win)), predicate="intersects")) > 0

    def cover(self, win) -> WindowCover | None:
        """Coverage of one window (None when no region touches it); also kept for weights()."""
        bounds = self.grid.window_bounds(win)
        candidates = self.tree.query(shapely.box(*bounds), predicate="intersects")
        features = []
        for index in candidates:
            # intersection, not clip_by_rect: that can return an invalid ring (a hole cut
            # at its vertices), which exactextract miscounts
            parts = polygon_parts(shapely.intersection(self.projected[index], shapely.box(*bounds)))
            if parts:
                features.append(_WkbFeature(int(index), shapely.to_wkb(shapely.MultiPolygon(parts))))
        if not features:
            return None
        h, w = win.height, win.width
        source = NumPyRasterSource(np.zeros((h, w), dtype=np.uint8), *bounds)
        results = exact_extract(source, _WkbFeatures(features), ["cell_id", "coverage"], include_cols=["z"])
        zone, cell, owner, fraction = _window_cover(results, h * w)
        rows = cell // w + win.row_off
        cols = cell % w + win.col_off
        self.partial.append((rows * self.grid.width + cols, owner, fraction))
        self.runs.append(_row_runs(zone.reshape(h, w), win.row_off, win.col_off))
        return WindowCover(zone, cell, owner, fraction)

    def weights(self) -> ZoneWeights:
        return assemble_weights(self.grid, self.zones, self.projected, self.runs, self.partial)


def compute_zone_weights_exactextract(
    grid: Grid, zones: Sequence[Zone], window: int = COVERAGE_WINDOW
) -> ZoneWeights:
    """Weights from exactextract's coverage, window by window (handles overlaps)."""
    coverage = ZoneCoverage(grid, zones)
    for win in grid.windows(window):
        coverage.cover(win)
    return coverage.weights()


class _WkbFeature(Feature):
    """A feature handed to exactextract as WKB (no GeoJSON round trip)."""

    def __init__(self, z: int, wkb: bytes):
        Feature.__init__(self)
        self.z = z
        self.wkb = wkb

    def geometry(self):
        return self.wkb

    def get(self, name):
        return self.z

    def fields(self):
        return ["z"]


class _WkbFeatures(FeatureSource):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def count(self):
        return len(self.features)

    def __iter__(self):
        return iter(self.features)

    def srs_wkt(self):
        return None


def _window_cover(results, cells: int):
    """Split exactextract's output for one window into exclusive full cells (a zone array,
    -1 elsewhere) and partial entries (cell, zone, fraction): boundary cells, and every
    cell that two regions touch."""
    zone = np.full(cells, -1, dtype=np.int32)
    p_cell, p_zone, p_frac = [], [], []
    for result in results:
        props = result["properties"]
        z = props["z"]
        cell = np.asarray(props["cell_id"], dtype=np.int64)
        cov = np.asarray(props["coverage"], dtype=np.float64)
        full = cov >= 1.0
        full_cells = cell[full]
        previous = zone[full_cells]
        clash = previous != -1
        if clash.any():
            clashed = full_cells[clash]
            earlier = previous[clash]
            owned = earlier >= 0
            p_cell += [clashed[owned], clashed]
            p_zone += [earlier[owned], np.full(len(clashed), z, dtype=np.int32)]
            p_frac += [np.ones(int(owned.sum())), np.ones(len(clashed))]
            zone[clashed] = -2
            full_cells = full_cells[~clash]
        zone[full_cells] = z
        part = ~full & (cov > 0)
        p_cell.append(cell[part])
        p_zone.append(np.full(int(part.sum()), z, dtype=np.int32))
        p_frac.append(cov[part])
    cell = np.concatenate(p_cell) if p_cell else np.zeros(0, np.int64)
    owner = np.concatenate(p_zone) if p_zone else np.zeros(0, np.int32)
    fraction = np.concatenate(p_frac) if p_frac else np.zeros(0)
    # A region's boundary cell inside another region's interior: the interior cell is
    # no longer exclusive.
    touched = np.unique(cell[zone[cell] >= 0]) if len(cell) else cell
    if len(touched):
        cell = np.concatenate([cell, touched])
        owner = np.concatenate([owner, zone[touched]])
        fraction = np.concatenate([fraction, np.ones(len(touched))])
        zone[touched] = -2
    zone[zone == -2] = -1
    return zone, cell, owner, fraction


def _row_runs(zone: np.ndarray, row_off: int, col_off: int) -> tuple[np.ndarray, ...]:
    """Runs of equal non-negative values along each row of a 2-D array."""
    h, w = zone.shape
    padded = np.full((h, w + 2), -1, dtype=np.int32)
    padded[:, 1:-1] = zone
    rows, cols = np.nonzero(padded[:, 1:] != padded[:, :-1])
    starts = (cols < w) & (zone[rows, np.minimum(cols, w - 1)] >= 0)
    ends = np.roll(cols, -1)
    s = np.nonzero(starts)[0]
    return (
        (rows[s] + row_off).astype(np.int32),
        (cols[s] + col_off).astype(np.int32),
        (ends[s] + col_off).astype(np.int32),
        zone[rows[s], cols[s]].astype(np.int32),
    )
