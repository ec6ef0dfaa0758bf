"""Exact cell coverage of polygons by signed-area accumulation, touching boundary cells only.

Each polygon edge is cut where it crosses a grid line, into pieces that each lie in one
cell. A piece going down by dv (in rows) adds to its own cell the signed area between it and
the cell's right side, dv × (c + 1 − mean u), and adds dv to every cell to its right in the
row (the "cover"). The coverage of a cell is its own area term plus the cover of the pieces to
its left: exact for straight edges, with holes handled by the signs (the same method font
rasterisers use). Between two boundary cells of a row the coverage is constant — 0 or 1 —
so interiors come out directly as row runs, without visiting their cells: the work grows with
the regions' perimeter, not with their area. Regions that overlap are covered each on its
own; the whole cells they share become partial entries of each (fraction 1).

The fractions are the exact planar areas in the grid's coordinates (on a lon/lat grid, of a
polygon whose edges are straight in longitude/latitude, as GeoJSON has them). Tests compare
them cell by cell with shapely's polygon ∩ cell areas, on edges through grid nodes, slivers
and holes, and with exactextract on random polygons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from shapely.geometry.polygon import orient

from .geometry import polygon_parts
from .grid import Grid
from .zones import Zone, ZoneWeights, assemble_weights, project_zones

FULL = 1.0 - 1e-9  # a boundary cell at least this covered counts as whole
EMPTY = 1e-9  # a boundary cell less covered than this counts as outside


def _rings(geometry) -> list[np.ndarray]:
    """Every ring, exteriors counterclockwise and holes clockwise (the signs need it)."""
    rings = []
    for polygon in polygon_parts(geometry):
        polygon = orient(polygon, sign=1.0)
        rings.append(np.asarray(polygon.exterior.coords))
        rings.extend(np.asarray(interior.coords) for interior in polygon.interiors)
    return rings


def _pieces(u: np.ndarray, v: np.ndarray):
    """Cut the edges (u[i], v[i]) -> (u[i+1], v[i+1]) of one closed ring at every grid line.
    Returns the pieces' rows, columns, dv and area terms."""
    u0, v0, u1, v1 = u[:-1], v[:-1], u[1:], v[1:]
    du, dv = u1 - u0, v1 - v0
    # Crossings of integer u and v strictly inside each edge.
    cu0, cu1 = np.floor(np.minimum(u0, u1)), np.floor(np.maximum(u0, u1))
    cv0, cv1 = np.floor(np.minimum(v0, v1)), np.floor(np.maximum(v0, v1))
    nu = (cu1 - cu0).astype(np.int64)
    nv = (cv1 - cv0).astype(np.int64)
    edges = len(u0)
    edge_u = np.repeat(np.arange(edges), nu)
    k_u = (np.arange(nu.sum()) - np.repeat(np.cumsum(nu) - nu, nu)) + 1 + np.repeat(cu0, nu)
    t_u = (k_u - u0[edge_u]) / du[edge_u]
    edge_v = np.repeat(np.arange(edges), nv)
    k_v = (np.arange(nv.sum()) - np.repeat(np.cumsum(nv) - nv, nv)) + 1 + np.repeat(cv0, nv)
    t_v = (k_v - v0[edge_v]) / dv[edge_v]
    edge = np.concatenate([np.arange(edges), np.arange(edges), edge_u, edge_v])
    t = np.concatenate([np.zeros(edges), np.ones(edges), t_u, t_v])
    order = np.lexsort((t, edge))
    edge, t = edge[order], t[order]
    pu = u0[edge] + t * du[edge]
    pv = v0[edge] + t * dv[edge]
    same = edge[1:] == edge[:-1]  # consecutive points on one edge bound a piece
    a_u, a_v, b_u, b_v = pu[:-1][same], pv[:-1][same], pu[1:][same], pv[1:][same]
    mid_u, mid_v = (a_u + b_u) / 2, (a_v + b_v) / 2
    col = np.floor(mid_u).astype(np.int64)
    row = np.floor(mid_v).astype(np.int64)
    piece_dv = b_v - a_v
    area = piece_dv * (col + 1 - mid_u)
    keep = piece_dv != 0
    return row[keep], col[keep], piece_dv[keep], area[keep]


def zone_cover(u_rings: Sequence[np.ndarray], v_rings: Sequence[np.ndarray], width: int, height: int):
    """Coverage of one zone: (run rows, run starts, run ends, partial flat cells, fractions)."""
    nothing = (np.zeros(0, np.int64),) * 4 + (np.zeros(0),)
    parts = [_pieces(u, v) for u, v in zip(u_rings, v_rings, strict=True) if len(u) > 1]
    if not parts:
        return nothing
    row, col, dv, area = (np.concatenate(x) for x in zip(*parts, strict=True))
    inside = (row >= 0) & (row < height) & (col < width)
    row, col, dv, area = row[inside], col[inside], dv[inside], area[inside]
    if len(row) == 0:
        return nothing
    # Everything left of the grid only matters through its cover: one column -1 per row.
    left = col < 0
    col = np.where(left, -1, col)
    area = np.where(left, 0.0, area)
    key = row * (width + 1) + (col + 1)
    unique, inverse = np.unique(key, return_inverse=True)
    dv_sum = np.bincount(inverse, weights=dv)
    area_sum = np.bincount(inverse, weights=area)
    rows = unique // (width + 1)
    cols = unique % (width + 1) - 1
    # Cover from the pieces to the left, within each row.
    cum = np.cumsum(dv_sum)
    row_start = np.r_[True, rows[1:] != rows[:-1]]
    start_index = np.flatnonzero(row_start)
    base = np.repeat(cum[start_index] - dv_sum[start_index], np.diff(np.r_[start_index, len(rows)]))
    before = cum - dv_sum - base
    after = before + dv_sum
    coverage = np.abs(area_sum + before)
    # Boundary cells (col >= 0).
    real = cols >= 0
    fraction = np.where(real, coverage, 0.0)
    full = real & (fraction >= FULL)
    part = real & (fraction > EMPTY) & ~full
    partial_cells = rows[part] * width + cols[part]
    partial_fraction = np.minimum(fraction[part], 1.0)
    # Spans after a boundary cell (or the row's left edge) up to the next one have the
    # constant coverage |after|: whole cells when it is 1, partial cells when a horizontal
    # edge runs through the row (or the polygon leaves the grid there).
    nxt = np.r_[cols[1:], 0]
    last_in_row = np.r_[rows[1:] != rows[:-1], True]
    span_end = np.where(last_in_row, width, nxt)
    span_start = cols + 1
    level = np.abs(after)
    has_span = span_end > span_start
    whole = has_span & (level >= FULL)
    some = has_span & (level > EMPTY) & ~whole
    run_row = np.concatenate([rows[whole], rows[full]])
    run_start = np.concatenate([span_start[whole], cols[full]])
    run_end = np.concatenate([span_end[whole], cols[full] + 1])
    if some.any():
        lengths = span_end[some] - span_start[some]
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        span_cells = np.repeat(rows[some] * width + span_start[some], lengths) + offsets
        partial_cells = np.concatenate([partial_cells, span_cells])
        partial_fraction = np.concatenate(
            [partial_fraction, np.repeat(np.minimum(level[some], 1.0), lengths)]
        )
    return run_row, run_start, run_end, partial_cells, partial_fraction


def scanline_zone_weights(grid: Grid, zones: Sequence[Zone]) -> ZoneWeights:
    """ZoneWeights by signed-area accumulation, for any set of regions: where regions
    overlap, the cells they share become partial entries of each (a whole cell: fraction 1)."""
    projected = project_zones(zones, grid)
    a, _, c, _, e, f = grid.transform
    width, height = grid.width, grid.height
    runs, partial = [], []
    for index, geometry in enumerate(projected):
        rings = _rings(geometry)
        u = [(ring[:, 0] - c) / a for ring in rings]
        v = [(ring[:, 1] - f) / e for ring in rings]
        run_row, run_start, run_end, cells, fractions = zone_cover(u, v, width, height)
        runs.append((run_row, run_start, run_end, np.full(len(run_row), index, dtype=np.int64)))
        partial.append((cells, np.full(len(cells), index, dtype=np.int64), fractions))
    runs = [np.concatenate(x) for x in zip(*runs, strict=True)] if runs else [np.zeros(0, np.int64)] * 4
    partial = [np.concatenate(x) for x in zip(*partial, strict=True)] if partial else [np.zeros(0)] * 3
    runs, shared = shared_cells(*runs, partial[0].astype(np.int64), width)
    return assemble_weights(grid, zones, projected, [runs], [partial, shared])


def shared_cells(row, start, end, zone, partial_cell, width: int):
    """Split row runs (row, start, end, zone) of several regions where they overlap each
    other or a partial cell of another region. Returns the runs of cells covered wholly by
    one region alone, and the shared whole cells as partial entries (cell, zone, 1.0)."""
    line = width + 1  # a row's cells on one line, rows one cell apart
    s, e = row * line + start, row * line + end
    s_sorted, e_sorted = np.sort(s), np.sort(e)

    def runs_over(position):  # how many runs cover the cell at each position
        return np.searchsorted(s_sorted, position, "right") - np.searchsorted(e_sorted, position, "right")

    p = (partial_cell // width) * line + partial_cell % width
    p = np.unique(p[runs_over(p) > 0])  # boundary cells of one region in a run of another
    if len(p) == 0 and not np.any(runs_over(s_sorted) > 1):
        return (row, start, end, zone), (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    breaks = np.unique(np.concatenate([s, e, p, p + 1]))
    shared = (runs_over(breaks[:-1]) > 1) | np.isin(breaks[:-1], p)
    # Every run, cut at the breaks inside it into pieces that are shared or not.
    first, last = np.searchsorted(breaks, s), np.searchsorted(breaks, e)
    count = last - first
    run = np.repeat(np.arange(len(s)), count)
    piece = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
    lo, hi = breaks[piece], breaks[piece + 1]
    alone = ~shared[piece]
    runs = (lo[alone] // line, lo[alone] % line, hi[alone] % line, zone[run[alone]])
    lo, hi, owner = lo[~alone], hi[~alone], zone[run[~alone]]
    length = hi - lo
    position = np.repeat(lo - np.cumsum(length) + length, length) + np.arange(length.sum())
    cells = (position // line) * width + position % line
    return runs, (cells, np.repeat(owner, length), np.ones(len(cells)))
