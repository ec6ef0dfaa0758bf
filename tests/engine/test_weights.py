"""Cell weights (weights.py, zones.py): a round trip through a file, windows and threads that do
not change results, a brute-force check with shapely, overlapping regions."""

import numpy as np
import pytest
import shapely

from biomass.engine.coverage import compute_zone_weights_exactextract
from biomass.engine.scanline import scanline_zone_weights
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone

from .conftest import CELL, UTM14, X0, Y1, grid_of, sums, utm_zone


def test_overlapping_regions_each_get_their_full_share(make_raster):
    path = make_raster(np.ones((10, 10)), crs=UTM14, origin=(X0, Y1), res=CELL)
    a = utm_zone("A", X0, Y1 - 1000, X0 + 600, Y1)
    b = utm_zone("B", X0 + 400, Y1 - 1000, X0 + 1000, Y1)
    level = sums(path, [a, b])
    assert level.mass[:, 0] == pytest.approx([60.0, 60.0], rel=1e-6)


def test_the_weights_are_the_scanline_weights(make_raster):
    grid = grid_of(make_raster(np.ones((50, 50)), origin=(-91.0, 16.0), res=0.01))
    zones = [
        Zone("A", shapely.box(-90.9, 15.6, -90.55, 15.95)),
        Zone("B", shapely.box(-90.55, 15.6, -90.2, 15.95)),
    ]
    weights = compute_zone_weights(grid, zones)
    scanline = scanline_zone_weights(grid, zones)
    assert np.array_equal(weights.partial_cell, scanline.partial_cell)
    assert np.array_equal(weights.run_start, scanline.run_start)


def test_overlapping_regions_get_exactextracts_coverage_by_the_scanline(make_raster):
    grid = grid_of(make_raster(np.ones((10, 10)), origin=(-91.0, 16.0), res=0.1))
    zones = [
        Zone("A", shapely.box(-90.9, 15.1, -90.3, 15.9)),
        Zone("B", shapely.box(-90.5, 15.1, -90.1, 15.9)),
    ]
    weights = compute_zone_weights(grid, zones)
    reference = compute_zone_weights_exactextract(grid, zones)
    assert np.array_equal(weights.partial_cell, reference.partial_cell)
    assert np.array_equal(weights.partial_zone, reference.partial_zone)
    assert weights.partial_fraction == pytest.approx(reference.partial_fraction, abs=1e-6)
    assert np.array_equal(weights.run_start, reference.run_start)
