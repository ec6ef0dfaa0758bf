"""Allocating a statistic to cells (allocation.py): every zone's exact sum equals its total,
cells two zones share hold nothing, zeros of weight fall back, no total is no data."""

import numpy as np
import pytest
import shapely

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.allocation import allocate, exclusive_cells
from biomass.engine.errors import InvalidInput
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone

from .conftest import grid_of

# Two countries on a 0.1° grid whose border runs through the middle of a column of cells, and
# whose coasts cut cells: A is west of lon -90.45, B east of it, both between lat 15.03 and 15.97.
A = Zone("A", shapely.box(-90.97, 15.03, -90.45, 15.97))
B = Zone("B", shapely.box(-90.45, 15.03, -90.02, 15.97))


@pytest.fixture
def setup(make_raster):
    rng = np.random.default_rng(11)
    cropland = rng.uniform(0, 1, (10, 10))
    cropland[:, 5:] = 0.0  # B has no cropland at all: it falls back to the land weights
    path = make_raster(cropland, origin=(-91.0, 16.0), res=0.1)
    grid = grid_of(path)
    return path, grid, compute_zone_weights(grid, [A, B]), cropland


def exact_sums(path, grid, amount, make_raster, zones=(A, B)):
    amounts = make_raster(amount, origin=(-91.0, 16.0), res=0.1, nodata=None)
    level = aggregate_layer(
        amounts, quantity="amount", weights={"l": compute_zone_weights(grid, list(zones))}
    )
    return level.levels["l"].mass[:, 0], level.levels["l"].coverage


def test_every_zone_sums_exactly_to_its_total(setup, make_raster):
    path, grid, weights, cropland = setup
    land = np.ones_like(cropland)
    result = allocate(weights, {"A": 1234.5678, "B": 98.7}, cropland, land)
    sums, coverage = exact_sums(path, grid, result.amount, make_raster)
    assert sums == pytest.approx([1234.5678, 98.7], rel=1e-12)
    assert result.fallback == ("B",) and result.unallocated == ()
    assert np.nanmin(result.amount) >= 0


def test_cells_on_the_land_border_hold_nothing(setup):
    _, grid, weights, cropland = setup
    owner, _ = exclusive_cells(weights, grid.height, grid.width)
    border_column = 5  # lon -90.5 .. -90.4 holds the border at -90.45
    assert (owner.reshape(10, 10)[1:9, border_column] == -1).all()
    result = allocate(weights, {"A": 10.0, "B": 5.0}, cropland, np.ones_like(cropland))
    assert (result.amount[1:9, border_column] == 0).all()


def test_a_zone_without_a_total_is_no_data_and_its_shared_cells_too(setup):
    _, grid, weights, cropland = setup
    result = allocate(weights, {"A": 10.0}, cropland, np.ones_like(cropland))
    owner, _ = exclusive_cells(weights, grid.height, grid.width)
    b_cells = (owner == 1).reshape(10, 10)
    assert np.isnan(result.amount[b_cells]).all()
    assert np.isnan(result.amount[1:9, 5]).all()  # shared with B, which has no total
    assert not np.isnan(result.amount[(owner == 0).reshape(10, 10)]).any()


def test_a_zero_total_is_a_real_zero_and_bad_totals_are_refused(setup):
    _, _, weights, cropland = setup
    result = allocate(weights, {"A": 0.0, "B": 0.0}, cropland, np.ones_like(cropland))
    assert np.nansum(result.amount) == 0 and not np.isnan(result.amount[5, 2])
    with pytest.raises(InvalidInput, match="≥ 0"):
        allocate(weights, {"A": -1.0}, cropland, np.ones_like(cropland))
    with pytest.raises(InvalidInput, match="no zone C"):
        allocate(weights, {"C": 1.0}, cropland, np.ones_like(cropland))


def test_a_zone_with_no_weight_at_all_is_reported_unallocated(setup):
    _, _, weights, cropland = setup
    nothing = np.zeros_like(cropland)
    result = allocate(weights, {"A": 3.0, "B": 4.0}, nothing, nothing)
    assert result.unallocated == ("A", "B") and np.nansum(result.amount) == 0
