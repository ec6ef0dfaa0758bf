"""The STAC catalogue of the raster layers at /stac/: a collection per published layer, an
item per processed version with the Cloud-Optimized GeoTIFF as asset (documents.py builds
them with pystac and rio-stac over the layers' selectors; views.py serves them)."""
