"""On-the-fly analysis of any area: the covered cells of a layer with their exact coverage,
delivered costs, supply-cost curves and plant sizes.

  delivered cost (USD/t DM) = collection + transport × geodesic distance × tortuosity
  (plant sizes: ``potentials.plant_capacity_mw`` and ``energy_for_plant_gj``)
"""

from __future__ import annotations

import math
from contextlib import ExitStack
from dataclasses import dataclass

import numpy as np
import rasterio
import shapely
from pyproj import Geod, Transformer
from rasterio.windows import Window, from_bounds
from shapely.geometry.base import BaseGeometry

from .constraints import NO_CONSTRAINTS, ConstraintCube
from .errors import InvalidGeometry
from .geometry import as_valid_multipolygon, check_lon_lat_span, lon_lat_area_m2
from .grid import Grid
from .potentials import GJ_PER_PJ
from .reading import check_quantity, window_reader
from .weights import compute_zone_weights
from .zones import WGS84, Zone, project_zones, window_zones

GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class CellTable:
    """The cells of a layer inside an area: centre (lon/lat), Σ c·w·v (coverage × cell
    area for densities × value; 0 where invalid) and constraint key."""

    lon: np.ndarray
    lat: np.ndarray
    mass: np.ndarray
    key: np.ndarray
    valid_area_ha: float

    @classmethod
    def empty(cls) -> CellTable:
        nothing = np.zeros(0)
        return cls(nothing, nothing, nothing, np.zeros(0, dtype=np.int64), 0.0)


def geodesic_disc(lon: float, lat: float, radius_km: float, vertices: int = 360) -> shapely.Polygon:
    """A circle of the given geodesic radius, as a polygon of ``vertices`` points."""
    azimuths = np.linspace(0.0, 360.0, vertices, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(vertices, lon), np.full(vertices, lat), azimuths, np.full(vertices, radius_km * 1000.0)
    )
    return shapely.Polygon(np.column_stack([lons, lats]))


def checked_area(geometry: BaseGeometry, *, max_vertices: int, max_area_km2: float) -> shapely.MultiPolygon:
    """A lon/lat polygon accepted for analysis, or InvalidGeometry with the reason."""
    if geometry is None or geometry.is_empty:
        raise InvalidGeometry("the geometry is empty")
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise InvalidGeometry(
            "the geometry is a %(kind)s; a Polygon or MultiPolygon is needed",
            params={"kind": geometry.geom_type},
        )
    if shapely.get_num_coordinates(geometry) > max_vertices:
        raise InvalidGeometry(
            "the polygon has %(vertices)s vertices; the limit is %(limit)s",
            params={"vertices": int(shapely.get_num_coordinates(geometry)), "limit": max_vertices},
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidGeometry(
            "coordinates out of range: longitude must be within ±180 and latitude within ±90, "
            "longitude first (RFC 7946)"
        )
    check_lon_lat_span(geometry)
    if not geometry.is_valid:
        raise InvalidGeometry(
            "invalid polygon: %(reason)s", params={"reason": shapely.is_valid_reason(geometry)}
        )
    polygon = as_valid_multipolygon(geometry)
    area = lon_lat_area_m2(polygon) / 1e6
    if area <= 0:
        raise InvalidGeometry("the polygon has no area")
    if area > max_area_km2:
        raise InvalidGeometry(
            "the polygon covers %(area)s km²; the limit is %(limit)s km²",
            params={"area": round(area), "limit": round(max_area_km2)},
        )
    return polygon


def cell_table(
    path, geometry: BaseGeometry, *, quantity: str, cube: ConstraintCube = NO_CONSTRAINTS, band: int = 1
) -> CellTable:
    """Exact coverage of a lon/lat geometry on a layer's grid, and the layer's values there,
    reading only the window around the geometry."""
    check_quantity(quantity)
    with rasterio.open(path) as dataset:
        grid = Grid.from_dataset(dataset)
    zone = Zone("area", geometry)
    (projected,) = project_zones([zone], grid)
    window = from_bounds(*projected.bounds, transform=grid.affine)
    col0 = max(0, math.floor(window.col_off))
    row0 = max(0, math.floor(window.row_off))
    col1 = min(grid.width, math.ceil(window.col_off + window.width))
    row1 = min(grid.height, math.ceil(window.row_off + window.height))
    if col1 <= col0 or row1 <= row0:
        return CellTable.empty()
    width, height = col1 - col0, row1 - row0
    a, b, c, d, e, f = grid.transform
    sub = Grid(grid.crs_wkt, (a, b, c + a * col0, d, e, f + e * row0), width, height)
    weights = compute_zone_weights(sub, [zone])
    fraction = np.where(window_zones(weights, 0, 0, height, width) == 0, 1.0, 0.0)
    np.add.at(fraction, weights.partial_cell, weights.partial_fraction)
    with ExitStack() as stack:
        weight, valid, area, key = window_reader(stack, path, grid, quantity, cube, band)(
            Window(col0, row0, width, height)
        )
    inside = np.flatnonzero(fraction > 0)
    rows, cols = np.divmod(inside, width)
    x = sub.transform[2] + (cols + 0.5) * a
    y = sub.transform[5] + (rows + 0.5) * e
    if not grid.crs.equals(WGS84, ignore_axis_order=True):
        x, y = Transformer.from_crs(grid.crs, WGS84, always_xy=True).transform(x, y)
    return CellTable(
        lon=np.asarray(x, dtype=np.float64),
        lat=np.asarray(y, dtype=np.float64),
        mass=fraction[inside] * weight[inside],
        key=key[inside],
        valid_area_ha=float((fraction[inside] * area[inside] * valid[inside]).sum()),
    )


def distances_km(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    if len(lons) == 0:
        return np.zeros(0)
    _, _, metres = GEOD.inv(np.full(len(lons), lon), np.full(len(lats), lat), lons, lats)
    return np.asarray(metres) / 1000.0


def delivered_cost(
    distance_km: np.ndarray,
    *,
    collection: float,
    transport: float,
    tortuosity: float,
    dry_matter: float = 1.0,
) -> np.ndarray:
    """USD per t DM at the plant gate: collection + transport / d × distance × tortuosity.
    Freight is paid per wet tonne: ``transport`` is USD per (t as collected · km), and one t
    of dry matter weighs 1/d t as collected."""
    return collection + transport / dry_matter * np.asarray(distance_km) * tortuosity


def reach_km(*, price, collection, transport_wet, tortuosity, dry_matter=1.0):
    """The straight-line distance (km) at which the delivered cost per t DM reaches the price:
    (price − collection) · d / (transport · tortuosity); infinite without a transport cost,
    negative when collection alone costs more than the price. Element-wise on arrays."""
    budget = np.asarray(price, dtype=float) - collection
    per_km = np.asarray(transport_wet, dtype=float) * tortuosity / dry_matter
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = np.where(
            per_km > 0, budget / np.where(per_km > 0, per_km, 1.0), np.where(budget >= 0, np.inf, -1.0)
        )
    return reach if reach.ndim else float(reach)


def supply_curve(
    cost_t: np.ndarray,
    mass_t: np.ndarray,
    energy_gj_per_t: np.ndarray,
    max_points: int = 100,
    groups: np.ndarray | None = None,
) -> list[dict]:
    """Cumulative supply against delivered cost, ordered by cost per GJ (the unit the curve is
    drawn in, so that cost never falls as supply grows; a tonne without energy comes last).
    Each point gives the marginal cost (USD/GJ, and USD/t of that tonne's resource) and the
    cumulative t DM/yr and PJ/yr available at or below it; with ``groups`` (a label per
    cell: its resource), the group that supplies most of the energy since the previous point.
    At most ``max_points`` points, spread evenly over the energy (the last is kept)."""
    keep = mass_t > 0
    cost_t, mass_t, energy_gj_per_t = cost_t[keep], mass_t[keep], energy_gj_per_t[keep]
    if len(cost_t) == 0:
        return []
    with np.errstate(divide="ignore", invalid="ignore"):
        cost_gj = np.where(energy_gj_per_t > 0, cost_t / energy_gj_per_t, np.inf)
    order = np.lexsort((cost_t, cost_gj))
    cost_t, mass_t, energy_gj_per_t, cost_gj = (a[order] for a in (cost_t, mass_t, energy_gj_per_t, cost_gj))
    energy = mass_t * energy_gj_per_t
    cumulative_t = np.cumsum(mass_t)
    cumulative_pj = np.cumsum(energy) / GJ_PER_PJ
    picks = _curve_picks(cumulative_pj, cumulative_t, max_points)
    points = [
        {
            "cost_usd_per_t": float(cost_t[i]),
            "cost_usd_per_gj": float(cost_gj[i]) if np.isfinite(cost_gj[i]) else None,
            "cumulative_t": float(cumulative_t[i]),
            "cumulative_pj": float(cumulative_pj[i]),
        }
        for i in picks
    ]
    if groups is not None:
        labels, codes = np.unique(np.asarray(groups)[keep][order], return_inverse=True)
        starts = np.concatenate([[0], picks[:-1] + 1])
        for point, first, last in zip(points, starts, picks, strict=True):
            share = np.bincount(
                codes[first : last + 1], weights=energy[first : last + 1], minlength=len(labels)
            )
            point["resource"] = str(labels[int(np.argmax(share))])
    return points


def _curve_picks(cumulative_pj: np.ndarray, cumulative_t: np.ndarray, max_points: int) -> np.ndarray:
    """The indices of at most ``max_points`` points spread evenly over the plotted energy
    (over the mass when there is no energy at all); the last is always kept."""
    n = len(cumulative_t)
    if n <= max_points:
        return np.arange(n)
    along = cumulative_pj if cumulative_pj[-1] > 0 else cumulative_t
    targets = np.linspace(0, along[-1], max_points + 1)[1:]
    return np.unique(np.append(np.minimum(np.searchsorted(along, targets), n - 1), n - 1))


def radius_for_energy(distance_km: np.ndarray, energy_gj: np.ndarray, needed_gj: float) -> float | None:
    """Smallest radius (km) within which the energy adds up to ``needed_gj`` (None if never)."""
    if needed_gj <= 0:
        return 0.0
    order = np.argsort(distance_km, kind="stable")
    cumulative = np.cumsum(energy_gj[order])
    reached = np.searchsorted(cumulative, needed_gj)
    if reached >= len(cumulative):
        return None
    return float(distance_km[order][reached])
