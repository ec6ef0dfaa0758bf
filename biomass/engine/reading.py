"""Reading a layer window by window: cell values with their weights, validity, areas and
constraint keys, and the constraint layers on the resource layer's grid.

The weight of a cell is its value times its area in hectares for densities
(t DM·ha⁻¹·yr⁻¹), and its value for per-cell quantities (amount, production, head counts).
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from .constraints import ConstraintAxis, ConstraintCube
from .errors import InvalidInput, InvalidRaster
from .grid import Grid

DENSITY = "density"
AMOUNT = "amount"
PRODUCTION = "production"
HEADS = "heads"
QUANTITIES = (DENSITY, AMOUNT, PRODUCTION, HEADS)


def check_quantity(quantity: str) -> None:
    if quantity not in QUANTITIES:
        raise InvalidInput(
            "unknown quantity %(quantity)r; choose one of %(known)s",
            params={"quantity": quantity, "known": ", ".join(QUANTITIES)},
        )


def open_grid(path, band: int = 1) -> Grid:
    """The grid of a raster, checking that the band exists."""
    with rasterio.open(path) as dataset:
        if not 1 <= band <= dataset.count:
            raise InvalidRaster("the raster has no band %(band)s", params={"band": band})
        return Grid.from_dataset(dataset)


def window_reader(stack: ExitStack, path, grid: Grid, quantity: str, cube: ConstraintCube, band: int):
    """A function window -> (weight, valid, area, key) over the window's cells (flat):
    weight = value x cell area (densities) or value, 0 where invalid; key = constraint key."""
    dataset = stack.enter_context(rasterio.open(path))
    readers = [constraint_reader(stack, axis, grid) for axis in cube.axes]
    nodata = dataset.nodatavals[band - 1]
    row_areas = grid.row_areas_ha()

    def read(win: Window):
        values = dataset.read(band, window=win).astype(np.float64, copy=False).ravel()
        valid = np.isfinite(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != nodata
        area = np.repeat(row_areas[win.row_off : win.row_off + win.height], win.width)
        weight = values * area if quantity == DENSITY else values
        weight = np.where(valid, weight, 0.0)
        if cube.axes:
            key = cube.combine(
                [axis.keys(*reader(win)) for axis, reader in zip(cube.axes, readers, strict=True)],
                values.shape,
            )
        else:
            key = np.zeros(values.shape, dtype=np.int64)
        return weight, valid, area, key

    return read


def constraint_reader(stack: ExitStack, axis: ConstraintAxis, grid: Grid):
    """A function window -> (values, valid) reading the axis's layer on the resource grid
    (nearest neighbour when the grids differ)."""
    if not axis.path:
        raise InvalidInput("constraint %(name)r has no raster", params={"name": axis.name})
    source = stack.enter_context(rasterio.open(axis.path))
    if source.crs is None:
        raise InvalidRaster(
            "constraint %(name)r has no coordinate reference system", params={"name": axis.name}
        )
    nodata = source.nodata
    if Grid.from_dataset(source).key != grid.key:
        source = stack.enter_context(
            WarpedVRT(
                source,
                crs=grid.crs_wkt,
                transform=grid.affine,
                width=grid.width,
                height=grid.height,
                resampling=Resampling.nearest,
                nodata=nodata,
            )
        )

    def read(win: Window):
        values = source.read(1, window=win, boundless=False).astype(np.float64, copy=False).ravel()
        valid = np.isfinite(values)
        if nodata is not None and not np.isnan(nodata):
            valid &= values != nodata
        return values, valid

    return read
