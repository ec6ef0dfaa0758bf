"""Rasters built in memory (rasterio MemoryFile) for the engine tests: any CRS, dtype and
nodata, no files on disk."""

import numpy as np
import pytest
import rasterio
import shapely
from pyproj import Transformer
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.constraints import NO_CONSTRAINTS
from biomass.engine.grid import Grid
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone

UTM14 = "EPSG:32614"
TO_LONLAT = Transformer.from_crs(UTM14, "EPSG:4326", always_xy=True)
# A 3 x 3 grid of 100 m cells (1 ha each) in UTM 14N, origin (500000, 2200300).
X0, Y1, CELL = 500_000.0, 2_200_300.0, 100.0
VALUES = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


@pytest.fixture
def make_raster():
    files = []

    def make(data, *, crs="EPSG:4326", origin=(0.0, 0.0), res=1.0, nodata=None, dtype=None):
        data = np.asarray(data, dtype=dtype or np.float64)
        memfile = MemoryFile()
        files.append(memfile)
        with memfile.open(
            driver="GTiff",
            width=data.shape[1],
            height=data.shape[0],
            count=1,
            dtype=data.dtype,
            crs=crs,
            transform=from_origin(origin[0], origin[1], res, res),
            nodata=nodata,
        ) as ds:
            ds.write(data, 1)
        return memfile.name

    yield make
    for f in files:
        f.close()


def grid_of(path):
    with rasterio.open(path) as ds:
        return Grid.from_dataset(ds)


def utm_zone(code, x0, y0, x1, y1):
    """A rectangle given in UTM 14N metres, as a lon/lat region (densified edges)."""
    box = shapely.segmentize(shapely.box(x0, y0, x1, y1), 10.0)
    lonlat = shapely.transform(box, lambda xy: np.column_stack(TO_LONLAT.transform(xy[:, 0], xy[:, 1])))
    return Zone(code, lonlat)


def sums(path, zones, quantity="density", cube=NO_CONSTRAINTS, **kw):
    """The sums of one region level over a raster (weights computed here)."""
    grid = grid_of(path)
    weights = compute_zone_weights(grid, zones)
    return aggregate_layer(path, quantity=quantity, weights={"level": weights}, cube=cube, **kw).levels[
        "level"
    ]
