"""Sums of a raster over regions (aggregate.py) against answers computed on paper: a 3 x 3 grid,
cells cut in half, a constant density over a box of known geodesic area, UTM rasters,
nodata, two region levels, a region off the grid."""

import math

import numpy as np
import pytest
import shapely
import shapely.ops

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.grid import ellipsoid_band_area_m2
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone

from .conftest import CELL, UTM14, VALUES, X0, Y1, grid_of, sums, utm_zone


def test_three_by_three_grid_with_a_square_over_quarter_half_and_whole_cells(make_raster):
    path = make_raster(VALUES, crs=UTM14, origin=(X0, Y1), res=CELL)
    # Square from the middle of cell (0,0) to the middle of cell (2,2):
    # coverage 0.25 at the corners, 0.5 on the edges, 1 in the centre.
    zone = utm_zone("SQ", X0 + 50, Y1 - 250, X0 + 250, Y1 - 50)
    level = sums(path, [zone])
    expected = 0.25 * (1 + 3 + 7 + 9) + 0.5 * (2 + 4 + 6 + 8) + 1.0 * 5  # = 20 t DM/yr (1 ha cells)
    assert level.mass[0, 0] == pytest.approx(expected, rel=1e-6)
    assert level.coverage[0] == pytest.approx(1.0, rel=1e-6)
    assert level.region_area_ha[0] == pytest.approx(4.0, rel=1e-6)


def test_a_polygon_that_cuts_cells_in_half(make_raster):
    path = make_raster(VALUES, crs=UTM14, origin=(X0, Y1), res=CELL)
    # The left 1.5 columns of the grid: column 0 whole, column 1 half.
    zone = utm_zone("HALF", X0, Y1 - 300, X0 + 150, Y1)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx((1 + 4 + 7) + 0.5 * (2 + 5 + 8), rel=1e-6)


def test_constant_density_over_a_polygon_of_known_geodesic_area(make_raster):
    # 2 t DM/ha/yr on a 0.01° grid; the region is a lat/lon box whose edges cut cells:
    # lon -99.987 .. -99.113, lat 20.004 .. 20.906. Its area on the ellipsoid, on paper:
    # (Δλ / 360°) x zone area between the two parallels.
    data = np.full((100, 100), 2.0)
    path = make_raster(data, origin=(-100.0, 21.0), res=0.01)
    west, east, south, north = -99.987, -99.113, 20.004, 20.906
    zone = Zone("BOX", shapely.box(west, south, east, north))
    level = sums(path, [zone])
    area_ha = (
        ellipsoid_band_area_m2(math.radians(south), math.radians(north), 6378137.0, 298.257223563)
        * (east - west)
        / 360
        / 1e4
    )
    assert level.mass[0, 0] == pytest.approx(2 * area_ha, rel=1e-3)
    assert level.mass[0, 0] == pytest.approx(2 * area_ha, rel=1e-5)  # in fact much closer
    assert level.coverage[0] == pytest.approx(1.0, abs=1e-4)


def test_projected_raster_and_lonlat_regions(make_raster):
    # 1 t DM/ha/yr on 250 m UTM cells; a 1 km x 1.5 km rectangle given in lon/lat.
    data = np.ones((20, 20))
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=250.0)
    zone = utm_zone("RECT", X0 + 125, Y1 - 1625, X0 + 1125, Y1 - 125)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx(150.0, rel=1e-3)  # 100 ha x 1.5


def test_nodata_holes_are_skipped_and_reported_in_coverage(make_raster):
    data = np.array(VALUES, dtype=np.float64)
    data[1, 1] = -9999  # the centre cell has no data
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=CELL, nodata=-9999)
    zone = utm_zone("ALL", X0, Y1 - 300, X0 + 300, Y1)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx(45 - 5, rel=1e-6)
    assert level.coverage[0] == pytest.approx(8 / 9, rel=1e-6)


def test_nan_cells_are_nodata_too(make_raster):
    data = np.array(VALUES, dtype=np.float64)
    data[0, :] = np.nan
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=CELL)
    level = sums(path, [utm_zone("ALL", X0, Y1 - 300, X0 + 300, Y1)])
    assert level.mass[0, 0] == pytest.approx(4 + 5 + 6 + 7 + 8 + 9, rel=1e-6)
    assert level.coverage[0] == pytest.approx(6 / 9, rel=1e-6)


def test_two_levels_children_add_up_to_their_parent(make_raster):
    rng = np.random.default_rng(1)
    data = rng.uniform(0, 3, (40, 40))
    path = make_raster(data, origin=(-91.0, 16.0), res=0.025)
    parent = Zone("P", shapely.Polygon([(-90.9, 15.1), (-90.1, 15.2), (-90.2, 15.95), (-90.85, 15.8)]))
    cut = shapely.LineString([(-91, 15.55), (-90, 15.45)])
    north, south = shapely.ops.split(parent.geometry, cut).geoms
    grid = grid_of(path)
    weights = {
        "countries": compute_zone_weights(grid, [parent]),
        "states": compute_zone_weights(grid, [Zone("N", north), Zone("S", south)]),
    }
    result = aggregate_layer(path, quantity="density", weights=weights)
    children = result.levels["states"].mass.sum()
    assert children == pytest.approx(result.levels["countries"].mass.sum(), rel=1e-9)


def test_region_off_the_grid_has_zero_and_no_coverage(make_raster):
    path = make_raster(np.ones((3, 3)), origin=(-100, 21), res=0.1)
    level = sums(path, [Zone("FAR", shapely.box(10, 10, 11, 11))])
    assert level.mass[0, 0] == 0 and level.coverage[0] == 0
