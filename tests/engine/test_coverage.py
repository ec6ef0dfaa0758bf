"""exactextract's coverage window by window (coverage.py), the tests' and benchmarks'
reference: the 3 x 3 square with coverage 0.25 / 0.5 / 1, a cell shared by two regions, and a
window border through a hole's vertices."""

import numpy as np
import pytest
import shapely

from biomass.engine.coverage import compute_zone_weights_exactextract
from biomass.engine.grid import Grid
from biomass.engine.zones import Zone, window_zones

from .oracle import dense as dense_of
from .oracle import oracle_coverage

GRID = Grid(
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]',
    (1.0, 0.0, 0.0, 0.0, -1.0, 3.0),
    3,
    3,
)


def dense(weights) -> np.ndarray:
    """Per-zone coverage of every cell, (zones, 9)."""
    out = np.zeros((len(weights.codes), 9))
    whole = window_zones(weights, 0, 0, 3, 3)
    for z in range(len(weights.codes)):
        out[z, whole == z] = 1.0
    np.add.at(out, (weights.partial_zone, weights.partial_cell), weights.partial_fraction)
    return out


def test_a_square_over_quarter_half_and_whole_cells():
    weights = compute_zone_weights_exactextract(GRID, [Zone("SQ", shapely.box(0.5, 0.5, 2.5, 2.5))])
    assert dense(weights)[0].reshape(3, 3) == pytest.approx(
        np.array([[0.25, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 0.25]])
    )


def test_two_overlapping_regions_each_keep_their_full_share():
    zones = [Zone("A", shapely.box(0, 0, 2, 3)), Zone("B", shapely.box(1, 0, 3, 3))]
    cover = dense(compute_zone_weights_exactextract(GRID, zones, window=2))
    assert cover[0].reshape(3, 3)[:, :2] == pytest.approx(np.ones((3, 2)))
    assert cover[1].reshape(3, 3)[:, 1:] == pytest.approx(np.ones((3, 2)))
    assert cover.sum() == pytest.approx(12.0)  # the middle column counts for both


def test_a_window_border_through_a_holes_vertices_keeps_the_coverage_exact():
    """Windows of 4 cells cut this hole at its vertices (4, 4) and (8, 4). shapely.clip_by_rect
    returned a self-touching ring there (invalid), which exactextract miscounted by up to 3/4
    of a cell; the windows are cut with shapely.intersection."""
    grid = Grid(GRID.crs_wkt, (1.0, 0.0, 0.0, 0.0, -1.0, 9.0), 12, 9)
    frame = shapely.box(1, 1, 11, 8).exterior.coords
    geometry = shapely.Polygon(frame, [[(6, 2), (4, 4), (6, 6), (8, 4)]])
    assert not shapely.clip_by_rect(geometry, 4, 1, 8, 5).is_valid  # what went wrong
    got = dense_of(compute_zone_weights_exactextract(grid, [Zone("H", geometry)], window=4), grid)[0]
    assert got == pytest.approx(oracle_coverage(grid, geometry), abs=2e-6)
