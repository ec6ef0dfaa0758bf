"""The biomass potential platform (Django project package and main app).

Import order matters here. SQLite loads the SpatiaLite extension with RTLD_GLOBAL, which puts
the system's GEOS into the process's global symbol scope; a wheel's extension module loaded
after that (shapely, exactextract, rasterio's GDAL) would bind its GEOS calls to the system
library instead of the one it ships with, and fail or misbehave. Loading them first, when
this package is imported (settings, app loading, the engine), keeps each on its own library.
"""

import exactextract  # noqa: F401
import rasterio  # noqa: F401
import shapely  # noqa: F401
