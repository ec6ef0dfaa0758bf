"""The biomass potential platform: the domain, in rooms that each own one thing.

engine/      pure computation (numpy, rasterio, shapely, pyproj): no Django, no HTTP
errors.py    the domain's error hierarchy (no HTTP statuses)
regions/     the Django app "regions": Region, boundary import
catalogue/   resources with cited parameters, scenarios, reference data
layers/      raster layers and their versions: upload, processing, tiles, audit
potentials/  stored potentials: computation, recomputation, summaries, exports
analysis/    on-the-fly analysis of a site or an area, candidate sites
api/         the REST API; api/errors.py maps errors to HTTP statuses for the whole site
web/         pages and templates

Arrows point one way: web/api → services/selectors → models → engine. See docs/architecture.md.
"""
