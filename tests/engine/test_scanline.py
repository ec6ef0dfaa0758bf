"""The scanline coverage against exactextract, cell by cell, on polygons that stress it:
random star polygons (also leaving the grid), holes, several parts, edges along grid lines
and through grid corners, horizontal and vertical edges, polygons smaller than a cell, and
sets of overlapping regions (each keeps the cells it shares). The geometry where exactextract
itself is wrong is tested against shapely's areas in test_coverage_oracle.py."""

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biomass.engine.coverage import compute_zone_weights_exactextract
from biomass.engine.grid import Grid
from biomass.engine.scanline import scanline_zone_weights
from biomass.engine.zones import Zone, window_zones

WGS84 = (
    'GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],'
    'CS[ellipsoidal,2],AXIS["lat",north,ANGLEUNIT["degree",0.0174532925199433]],'
    'AXIS["lon",east,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]'
)
W, H = 12, 9
GRID = Grid(WGS84, (1.0, 0.0, 0.0, 0.0, -1.0, float(H)), W, H)


def dense(weights):
    out = np.zeros((weights.size, H * W))
    zones = window_zones(weights, 0, 0, H, W)
    for i in range(weights.size):
        out[i, zones == i] = 1.0
    np.add.at(out, (weights.partial_zone, weights.partial_cell), weights.partial_fraction)
    return out


def same_coverage(geometries):
    zones = [Zone(str(i), g) for i, g in enumerate(geometries)]
    reference = dense(compute_zone_weights_exactextract(GRID, zones))
    fast = scanline_zone_weights(GRID, zones)
    assert fast is not None
    # exactextract reports coverage in single precision
    assert dense(fast) == pytest.approx(reference, abs=2e-6)
    return fast


def star(cx, cy, radii, phase):
    n = len(radii)
    return shapely.Polygon(
        [
            (cx + r * math.cos(phase + 2 * math.pi * k / n), cy + r * math.sin(phase + 2 * math.pi * k / n))
            for k, r in enumerate(radii)
        ]
    )


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    cx=st.floats(-2, W + 2),
    cy=st.floats(-2, H + 2),
    phase=st.floats(0, 6.3),
    radii=st.lists(st.floats(0.05, 7), min_size=3, max_size=24),
    hole=st.floats(0, 0.9),
)
def test_random_star_polygons_with_and_without_holes(cx, cy, phase, radii, hole):
    outer = star(cx, cy, radii, phase)
    if not outer.is_valid or outer.area < 1e-6:
        return
    geometry = outer
    if hole > 0.1:
        inner = star(cx, cy, [r * hole * 0.5 for r in radii], phase)
        if inner.is_valid and outer.contains(inner):
            geometry = shapely.Polygon(outer.exterior.coords, [inner.exterior.coords])
    same_coverage([geometry])


@pytest.mark.parametrize(
    "geometry",
    [
        shapely.box(2, 2, 5, 6),  # edges on grid lines
        shapely.box(2.5, 2, 5, 6.5),  # two edges on grid lines, two through cells
        shapely.Polygon([(1, 1), (4, 4), (7, 1)]),  # a vertex and edges through grid corners
        shapely.box(3.2, 3.2, 3.4, 3.7),  # inside one cell
        shapely.box(-5, -5, W + 5, H + 5),  # covers the whole grid and more
        shapely.box(-5, 3.5, 4.5, 5.2),  # leaves the grid on the left
        shapely.box(7.5, 3.5, W + 5, 5.2),  # leaves the grid on the right
        shapely.box(3.3, -4, 5.7, H + 4),  # leaves at the top and bottom
        shapely.MultiPolygon([shapely.box(0.5, 0.5, 2.5, 2.5), shapely.box(6.1, 4.2, 9.9, 8.7)]),
        shapely.box(1, 1, 11, 8).difference(shapely.box(3, 3, 8, 6)),  # a hole on grid lines
        shapely.box(20, 20, 30, 30),  # off the grid
    ],
)
def test_edge_cases(geometry):
    same_coverage([geometry])


def test_a_partition_gives_runs_and_shared_boundary_cells():
    left = shapely.Polygon([(0, 0), (6.3, 0), (5.1, H), (0, H)])
    right = shapely.Polygon([(6.3, 0), (W, 0), (W, H), (5.1, H)])
    weights = same_coverage([left, right])
    areas = weights.covered_area_ha(np.ones(H), W)  # in cells
    assert areas.sum() == pytest.approx(W * H)
    assert len(weights.run_row) > 0 and len(weights.partial_cell) > 0


def exclusive_runs(weights):
    """Runs do not overlap, and no region has a partial cell inside another's run."""
    start = weights.run_row.astype(np.int64) * (W + 1) + weights.run_start
    end = weights.run_row.astype(np.int64) * (W + 1) + weights.run_end
    assert np.all(start[1:] >= end[:-1])
    assert np.all(window_zones(weights, 0, 0, H, W)[weights.partial_cell] == -1)


@pytest.mark.parametrize(
    "geometries",
    [
        [shapely.box(1, 1, 6, 6), shapely.box(3, 3, 9, 8)],  # whole cells shared
        [shapely.box(1, 1, 6, 6), shapely.box(3.5, 3.5, 9, 8)],  # a boundary inside a run
        [shapely.box(1, 1, 11, 8), shapely.box(3.5, 3.5, 4.5, 4.5)],  # one inside a cell of another
        [shapely.box(2, 2, 5, 5), shapely.box(2, 2, 5, 5)],  # the same region twice
        [shapely.box(0, 0, 6.5, H), shapely.box(5.5, 0, W, H), shapely.Point(6, 4).buffer(2.3)],
    ],
)
def test_overlapping_regions_each_keep_the_cells_they_share(geometries):
    weights = same_coverage(geometries)
    exclusive_runs(weights)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    centres=st.lists(st.tuples(st.floats(-1, W + 1), st.floats(-1, H + 1)), min_size=2, max_size=4),
    phase=st.floats(0, 6.3),
    radii=st.lists(st.floats(0.3, 5), min_size=3, max_size=12),
)
def test_random_overlapping_star_polygons(centres, phase, radii):
    stars = [star(x, y, radii, phase) for x, y in centres]
    if all(s.is_valid and s.area > 1e-6 for s in stars):
        exclusive_runs(same_coverage(stars))
