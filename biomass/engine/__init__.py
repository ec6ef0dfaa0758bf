"""The computation engine: pure Python over numpy arrays, rasterio datasets and shapely
geometries. Nothing in this package imports Django."""
