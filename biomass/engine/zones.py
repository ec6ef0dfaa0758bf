"""Exact cell weights of a grid against a set of regions: what they are and how they are kept.

For each region, c(R, i) is the exact fraction of cell i inside R (see ``weights.py`` for how
it is computed). The raster is never read. The result is kept compactly:

- *runs*: cells entirely inside exactly one region, as row runs (row, col_start, col_end,
  region) — interiors cost a few numbers per row whatever the resolution;
- *partial*: every other covered cell as (flat cell index, region, fraction) — boundary
  cells, and cells where regions overlap.

So memory grows with the regions' perimeter, not with the number of cells.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from .geometry import geodesic_area_m2
from .grid import M2_PER_HA, Grid

WGS84 = CRS.from_epsg(4326)
# Densify lon/lat edges to this length (degrees) before projecting them.
SEGMENT_DEG = 0.01


@dataclass(frozen=True)
class Zone:
    """A region handed to the engine: a code and a lon/lat (EPSG:4326) geometry."""

    code: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class ZoneWeights:
    grid_key: str
    codes: tuple[str, ...]
    region_area_ha: np.ndarray  # true area of each region, in the grid's measure
    run_row: np.ndarray  # int32, sorted by (row, col_start)
    run_start: np.ndarray  # int32
    run_end: np.ndarray  # int32 (exclusive)
    run_zone: np.ndarray  # int32
    row_ptr: np.ndarray  # int64, len height+1: runs of row r are [row_ptr[r], row_ptr[r+1])
    partial_cell: np.ndarray  # int64 flat index row * width + col, sorted
    partial_zone: np.ndarray  # int32
    partial_fraction: np.ndarray  # float64 in (0, 1]

    @property
    def size(self) -> int:
        return len(self.codes)

    def covered_area_ha(self, row_areas_ha: np.ndarray, width: int) -> np.ndarray:
        """Σ c(R,i)·a(i) per region over the grid (the part of each region on the grid)."""
        area = np.zeros(self.size)
        np.add.at(area, self.run_zone, (self.run_end - self.run_start) * row_areas_ha[self.run_row])
        np.add.at(area, self.partial_zone, self.partial_fraction * row_areas_ha[self.partial_cell // width])
        return area

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(
            tmp,
            grid_key=np.array(self.grid_key),
            codes=np.array(self.codes, dtype=object),
            **{name: getattr(self, name) for name in _ARRAYS},
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ZoneWeights:
        with np.load(path, allow_pickle=True) as data:
            return cls(
                grid_key=str(data["grid_key"]),
                codes=tuple(str(c) for c in data["codes"]),
                **{name: data[name] for name in _ARRAYS},
            )


_ARRAYS = (
    "region_area_ha",
    "run_row",
    "run_start",
    "run_end",
    "run_zone",
    "row_ptr",
    "partial_cell",
    "partial_zone",
    "partial_fraction",
)


def zones_key(zones: Sequence[Zone]) -> str:
    """Identity of a region set: codes and exact geometries."""
    digest = hashlib.sha256()
    for zone in zones:
        digest.update(zone.code.encode())
        digest.update(shapely.to_wkb(zone.geometry))
    return digest.hexdigest()[:20]


def project_zones(zones: Sequence[Zone], grid: Grid) -> list[BaseGeometry]:
    """The regions' geometries in the grid's CRS (edges densified before projecting)."""
    crs = grid.crs
    if crs.equals(WGS84, ignore_axis_order=True):
        return [z.geometry for z in zones]
    transformer = Transformer.from_crs(WGS84, crs, always_xy=True)
    projected = []
    for zone in zones:
        dense = shapely.segmentize(zone.geometry, SEGMENT_DEG)
        geom = shapely.transform(dense, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
        projected.append(shapely.make_valid(geom) if not geom.is_valid else geom)
    return projected


def region_areas_ha(zones: Sequence[Zone], projected: Sequence[BaseGeometry], grid: Grid) -> np.ndarray:
    """True area of each region in the grid's measure: geodesic on geographic grids,
    planar in the grid's CRS on projected ones (so that coverage is 1 where the layer
    has values everywhere)."""
    if grid.is_geographic:
        return np.array([geodesic_area_m2(z.geometry) / M2_PER_HA for z in zones])
    unit = grid.crs.axis_info[0].unit_conversion_factor or 1.0
    return np.array([g.area * unit * unit / M2_PER_HA for g in projected])


def assemble_weights(grid: Grid, zones: Sequence[Zone], projected, runs, partial) -> ZoneWeights:
    """ZoneWeights from pieces of runs (row, start, end, zone) and partial cells (cell, zone,
    fraction), in any order."""

    def cat(parts, i, dtype):
        return np.concatenate([p[i] for p in parts]).astype(dtype) if parts else np.zeros(0, dtype)

    run_row, run_start, run_end, run_zone = (cat(runs, i, np.int32) for i in range(4))
    order = np.lexsort((run_start, run_row))
    run_row, run_start, run_end, run_zone = run_row[order], run_start[order], run_end[order], run_zone[order]
    row_ptr = np.searchsorted(run_row, np.arange(grid.height + 1), side="left").astype(np.int64)
    p_cell, p_zone, p_frac = cat(partial, 0, np.int64), cat(partial, 1, np.int32), cat(partial, 2, np.float64)
    order = np.argsort(p_cell, kind="stable")
    return ZoneWeights(
        grid_key=grid.key,
        codes=tuple(z.code for z in zones),
        region_area_ha=region_areas_ha(zones, projected, grid),
        run_row=run_row,
        run_start=run_start,
        run_end=run_end,
        run_zone=run_zone,
        row_ptr=row_ptr,
        partial_cell=p_cell[order],
        partial_zone=p_zone[order],
        partial_fraction=p_frac[order],
    )


def window_zones(weights: ZoneWeights, row_off: int, col_off: int, height: int, width: int) -> np.ndarray:
    """The run part of the weights as a flat zone array for one window (-1: none)."""
    out = np.full(height * width, -1, dtype=np.int32)
    lo, hi = weights.row_ptr[row_off], weights.row_ptr[min(row_off + height, len(weights.row_ptr) - 1)]
    if lo == hi:
        return out
    start = np.maximum(weights.run_start[lo:hi], col_off)
    end = np.minimum(weights.run_end[lo:hi], col_off + width)
    keep = end > start
    if not keep.any():
        return out
    start, end = start[keep], end[keep]
    row = weights.run_row[lo:hi][keep] - row_off
    zone = weights.run_zone[lo:hi][keep]
    lengths = end - start
    base = row.astype(np.int64) * width + (start - col_off)
    total = int(lengths.sum())
    offsets = np.repeat(base - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    out[offsets] = np.repeat(zone, lengths)
    return out
