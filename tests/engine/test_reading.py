"""Reading a layer window by window (reading.py): weights of densities and per-cell
quantities, validity, constraint keys, and constraint layers on the resource grid."""

from contextlib import ExitStack

import numpy as np
import pytest
from rasterio.windows import Window

from biomass.engine.constraints import CATEGORICAL, NO_CONSTRAINTS, ConstraintAxis, ConstraintCube
from biomass.engine.errors import InvalidInput, InvalidRaster
from biomass.engine.reading import check_quantity, open_grid, window_reader

from .conftest import CELL, UTM14, VALUES, X0, Y1

FIRST_3X3 = Window(0, 0, 3, 3)


def read(path, quantity, cube=NO_CONSTRAINTS, window=FIRST_3X3):
    with ExitStack() as stack:
        return window_reader(stack, path, open_grid(path), quantity, cube, 1)(window)


def test_a_density_weighs_by_the_cell_area_and_an_amount_does_not(make_raster):
    path = make_raster(VALUES, crs=UTM14, origin=(X0, Y1), res=CELL * 2)  # 200 m cells: 4 ha
    weight, valid, area, key = read(path, "density")
    assert weight == pytest.approx(np.ravel(VALUES) * 4.0) and area == pytest.approx(np.full(9, 4.0))
    weight, _, _, _ = read(path, "amount")
    assert weight == pytest.approx(np.ravel(VALUES))
    assert valid.all() and not key.any()


def test_nodata_and_nan_are_invalid_and_weigh_nothing(make_raster):
    data = np.array(VALUES, dtype=float)
    data[0, 0], data[2, 2] = -1, np.nan
    weight, valid, _, _ = read(make_raster(data, crs=UTM14, origin=(X0, Y1), res=CELL, nodata=-1), "amount")
    assert valid.tolist() == [False] + [True] * 7 + [False]
    assert weight[0] == 0 and weight[8] == 0 and weight.sum() == pytest.approx(45 - 1 - 9)


def test_constraint_keys_come_from_a_layer_on_another_grid(make_raster):
    path = make_raster(np.ones((2, 2)), crs=UTM14, origin=(X0, Y1), res=CELL)
    # One 200 m cell of class 13 covers the whole 2 x 2 grid of 100 m cells.
    classes = make_raster(np.array([[13]]), dtype=np.uint8, crs=UTM14, origin=(X0, Y1), res=200.0, nodata=255)
    cube = ConstraintCube((ConstraintAxis("lc", CATEGORICAL, path=classes, classes=(12, 13)),))
    _, _, _, key = read(path, "amount", cube, Window(0, 0, 2, 2))
    assert key.tolist() == [1, 1, 1, 1]  # class 13 is key 1


def test_unknown_quantities_and_missing_bands_are_refused(make_raster):
    with pytest.raises(InvalidInput, match="unknown quantity 'volume'"):
        check_quantity("volume")
    with pytest.raises(InvalidRaster, match="no band 2"):
        open_grid(make_raster(np.ones((2, 2)), origin=(-90.0, 15.0), res=0.1), band=2)
