"""The biomass potential platform (Django project package and main app).

Import order matters here. SQLite loads the SpatiaLite extension with RTLD_GLOBAL, which puts
the system's GEOS and PROJ into the process's global symbol scope; a wheel's extension module
loaded after that (shapely, exactextract, pyproj, rasterio's modules) would bind its GEOS or
PROJ calls to the system library instead of the one it ships with, and fail or misbehave (wrong
results, or heap corruption at exit). Loading them first, when
this package is imported (settings, app loading, the engine), keeps each on its own library.
"""

import os

# Rasters are read once, window by window: a large GDAL block cache (5 % of RAM by default)
# only makes memory grow with the raster. Bounded unless the environment says otherwise.
os.environ.setdefault("GDAL_CACHEMAX", "64")

import exactextract  # noqa: E402,F401
import pyproj  # noqa: E402,F401
import rasterio  # noqa: E402,F401
import rasterio.features  # noqa: E402,F401
import rasterio.mask  # noqa: E402,F401
import rasterio.vrt  # noqa: E402,F401
import rasterio.warp  # noqa: E402,F401
import shapely  # noqa: E402,F401
