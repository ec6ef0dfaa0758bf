"""The first computation on a grid (first_pass.py): the same weights and sums as the two-step
path (level "a" has overlapping regions), with threads; and exactextract's window-by-window
path in forked processes agrees with them."""

import numpy as np
import pytest
import shapely

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.constraints import CATEGORICAL, ConstraintAxis, ConstraintCube
from biomass.engine.first_pass import first_pass, first_pass_windows
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone

from .conftest import grid_of


def test_first_pass_gives_the_same_weights_and_sums_as_the_two_step_path(make_raster):
    rng = np.random.default_rng(5)
    data = rng.uniform(0, 4, (700, 650))
    data[100:120, 200:260] = -1  # a nodata patch
    path = make_raster(data, origin=(-91.0, 16.0), res=0.002, nodata=-1)
    classes = make_raster(
        rng.choice([12, 14], size=(70, 65)).astype(np.uint8),
        dtype=np.uint8,
        origin=(-91.0, 16.0),
        res=0.02,
        nodata=255,
    )
    cube = ConstraintCube((ConstraintAxis("lc", CATEGORICAL, path=classes, classes=(12, 14)),))
    levels = {
        "a": [
            Zone("A", shapely.Point(-90.4, 15.3).buffer(0.5)),
            Zone("B", shapely.box(-90.95, 14.7, -90.5, 15.1)),
        ],
        "b": [Zone("C", shapely.box(-91.5, 14.0, -90.2, 15.5))],
    }
    weights, first = first_pass(path, quantity="density", zones=levels, cube=cube)
    forked_weights, forked = first_pass_windows(
        path, quantity="density", zones=levels, cube=cube, window=128, processes=3
    )
    grid = grid_of(path)
    two_step = aggregate_layer(
        path,
        quantity="density",
        cube=cube,
        weights={n: compute_zone_weights(grid, z) for n, z in levels.items()},
    )
    for name in levels:
        assert first.levels[name].mass == pytest.approx(two_step.levels[name].mass, rel=1e-12)
        # exactextract's windows (its coverage in single precision) against the scanline
        assert forked.levels[name].mass == pytest.approx(first.levels[name].mass, rel=1e-9)
        assert forked_weights[name].covered_area_ha(grid.row_areas_ha(), grid.width) == pytest.approx(
            weights[name].covered_area_ha(grid.row_areas_ha(), grid.width), rel=1e-9
        )
        assert first.levels[name].coverage == pytest.approx(two_step.levels[name].coverage, rel=1e-12)
        again = aggregate_layer(path, quantity="density", cube=cube, weights={name: weights[name]})
        assert again.levels[name].mass == pytest.approx(first.levels[name].mass, rel=1e-12)
    assert first.levels["a"].coverage[0] < 1  # the nodata patch lies in region A
