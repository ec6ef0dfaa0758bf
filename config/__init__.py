"""Project wiring: settings, URLs, WSGI/ASGI entry points and system checks. Nothing
domain-specific lives here; the platform itself is the ``biomass`` package.

Importing this package sets up the process before anything else loads (Django imports the
settings module, and with it this package, first):

- Rasters are read once, window by window: a large GDAL block cache (5 % of RAM by default)
  only makes memory grow with the raster. It is bounded unless the environment says
  otherwise.
- Import order of the native libraries. SQLite loads the SpatiaLite extension with
  RTLD_GLOBAL, which puts the system's GEOS and PROJ into the process's global symbol scope; a
  wheel's extension module loaded after that (shapely, exactextract, pyproj, rasterio's
  modules, pyogrio's GDAL with its SpatiaLite) would bind its GEOS or PROJ calls to the system library instead of the one it
  ships with, and fail or misbehave (wrong results, or heap corruption at exit). Loading them
  here, before any database connection, keeps each on its own library.
"""

import os

os.environ.setdefault("GDAL_CACHEMAX", "64")

import exactextract  # noqa: E402,F401
import pyogrio  # noqa: E402,F401  (GeoPackage downloads: a SpatiaLite loaded first crashes it)
import pyproj  # noqa: E402,F401
import rasterio  # noqa: E402,F401
import rasterio.features  # noqa: E402,F401
import rasterio.mask  # noqa: E402,F401
import rasterio.vrt  # noqa: E402,F401
import rasterio.warp  # noqa: E402,F401
import shapely  # noqa: E402,F401
