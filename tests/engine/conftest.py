"""Rasters built in memory (rasterio MemoryFile) for the engine tests: any CRS, dtype and
nodata, no files on disk."""

import numpy as np
import pytest
import rasterio
from rasterio.io import MemoryFile
from rasterio.transform import from_origin


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
    from biomass.engine.grid import Grid

    with rasterio.open(path) as ds:
        return Grid.from_dataset(ds)
