"""Constraint cubes (constraints.py): masks equal a cell-by-cell answer, coarser constraint grids
are resampled, thresholds must fall on the bin grid."""

import numpy as np
import pytest

from biomass.engine.constraints import CATEGORICAL, CONTINUOUS, ConstraintAxis, ConstraintCube
from biomass.engine.errors import InvalidInput
from biomass.engine.potentials import ResourceFactors, evaluate

from .conftest import CELL, UTM14, X0, Y1, sums, utm_zone


def test_constraint_masks_match_a_cell_by_cell_answer(make_raster):
    rng = np.random.default_rng(7)
    density = rng.uniform(0, 5, (30, 30))
    classes = rng.choice([0, 12, 13, 14], size=(30, 30)).astype(np.uint8)
    slope = rng.uniform(0, 20, (30, 30))
    kw = dict(crs=UTM14, origin=(X0, Y1), res=CELL)
    path = make_raster(density, **kw)
    cover = make_raster(classes, dtype=np.uint8, nodata=255, **kw)
    slopes = make_raster(slope, nodata=-9999, **kw)
    cube = ConstraintCube(
        (
            ConstraintAxis("land-cover", CATEGORICAL, path=cover, classes=(0, 12, 13, 14)),
            ConstraintAxis("slope", CONTINUOUS, path=slopes, bin_width=0.5, max_value=20.0),
        )
    )
    zone = utm_zone("Z", X0 + 30, Y1 - 2970, X0 + 2970, Y1 - 30)
    level = sums(path, [zone], cube=cube)
    rules = {"land-cover": {"exclude": [0, 13]}, "slope": {"max": 8.5}}
    mask = cube.mask(rules)
    technical = evaluate(level, ResourceFactors(1.0, 1.0, 1.0), mask)[0].technical_t
    # Brute force: coverage is 1 inside, 0.7 on the border cells (30 m inside a 100 m cell),
    # 0.49 at the corners.
    cov = np.ones((30, 30))
    cov[0, :] = cov[-1, :] = cov[:, 0] = cov[:, -1] = 0.7
    cov[0, 0] = cov[0, -1] = cov[-1, 0] = cov[-1, -1] = 0.49
    keep = ~np.isin(classes, [0, 13]) & (slope <= 8.5)
    # (the region went UTM -> lon/lat -> UTM, so its corners moved by micrometres)
    assert technical == pytest.approx((density * cov * keep).sum(), rel=1e-7)
    assert level.mass.sum() == pytest.approx((density * cov).sum(), rel=1e-7)


def test_a_constraint_on_a_coarser_grid_is_resampled_to_the_resource_grid(make_raster):
    density = np.ones((4, 4))
    path = make_raster(density, crs=UTM14, origin=(X0, Y1), res=CELL)
    # Classes on 200 m cells: the top-left 200 m block is class 13 (urban).
    coarse = make_raster(
        np.array([[13, 12], [12, 12]]), dtype=np.uint8, crs=UTM14, origin=(X0, Y1), res=200.0, nodata=255
    )
    cube = ConstraintCube((ConstraintAxis("lc", CATEGORICAL, path=coarse, classes=(12, 13)),))
    level = sums(path, [utm_zone("Z", X0, Y1 - 400, X0 + 400, Y1)], cube=cube)
    technical = evaluate(level, ResourceFactors(1, 1, 1), cube.mask({"lc": {"exclude": [13]}}))[0].technical_t
    assert technical == pytest.approx(12.0, rel=1e-9)  # 16 ha minus the 4 urban cells


def test_thresholds_must_fall_on_the_bin_grid():
    axis = ConstraintAxis("slope", CONTINUOUS, bin_width=0.5, max_value=10)
    assert axis.passes({"max": 2.5}).sum() == 6 + 1  # bins 0..5 and nodata (kept)
    assert axis.passes({"max": 2.5, "nodata": "exclude"}).sum() == 6
    with pytest.raises(InvalidInput, match="multiple of 0.5"):
        axis.passes({"max": 2.3})
