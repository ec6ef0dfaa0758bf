"""The pygeoapi configuration, built in Python for each request: the server URL from the
request (or the OGC_SERVER_URL setting behind a proxy), the collections from the database
(one potentials collection per level and scenario), the texts in the request's language.

Collections: ``regions`` (every region, as /api/regions/), ``potentials-<level>-<scenario>``
(the stored potentials, as /api/potentials/?level=…&scenario=…, properties named as in
potentials.columns.COLUMNS with their units in the schema), ``layer-<slug>`` (each raster
layer's current version, a coverage read by pygeoapi's rasterio provider). Processes: ``catchment`` and
``area`` (as /api/analysis/catchment and /api/analysis/area, the same limits)."""

from __future__ import annotations

import json

import rasterio
from django.conf import settings
from django.utils.translation import gettext as _
from rasterio.windows import from_bounds

from biomass.catalogue.selectors import scenarios_list
from biomass.errors import TooLarge
from biomass.layers.selectors import layers_list
from biomass.potentials.columns import COLUMNS
from biomass.regions.models import Region

from . import processes

# The atlas: Mexico, Central America and the Dominican Republic (lon/lat, CRS84).
EXTENT = [-118.5, 5.0, -68.0, 33.0]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
PROVIDERS = "biomass.ogc.providers"
LIMITS = {"default_items": 100, "max_items": 1000, "on_exceed": "throttle"}

COVERAGE_PREFIX = "layer-"  # each raster layer's coverage collection: layer-<slug>


def potentials_collection_id(level: str, scenario: str) -> str:
    return f"potentials-{level}-{scenario}"


def units_text() -> str:
    """The unit of every numeric column, for a collection's description."""
    return "; ".join(f"{c.name}: {c.unit}" for c in COLUMNS if c.unit)


def _collection(title: str, description: str, keywords: list[str], provider: dict) -> dict:
    return {
        "type": "collection",
        "title": title,
        "description": description,
        "keywords": keywords,
        "links": [],
        "extents": {"spatial": {"bbox": EXTENT, "crs": CRS84}},
        "limits": LIMITS,
        "providers": [{"type": "feature", "data": "database", **provider}],
    }


def _regions() -> dict:
    return _collection(
        _("Regions"),
        _("Countries and their first-level units (states, departments, provinces), full detail."),
        ["regions", "boundaries"],
        {"name": f"{PROVIDERS}.RegionProvider", "id_field": "code", "title_field": "name"},
    )


def _potentials(level, scenario) -> dict:
    description = _(
        "Stored biomass potentials of every %(level)s and resource, scenario %(scenario)s; "
        "one feature per region and resource. Units: %(units)s."
    ) % {"level": level.label, "scenario": scenario.name, "units": units_text()}
    return _collection(
        _("Potentials: %(level)s, %(scenario)s") % {"level": level.label, "scenario": scenario.name},
        description,
        ["biomass", "potentials", level.value, scenario.slug],
        {
            "name": f"{PROVIDERS}.PotentialProvider",
            "id_field": "id",
            "title_field": "region_name",
            "level": level.value,
            "scenario": scenario.slug,
        },
    )


def _coverages() -> dict:
    """Each layer's current version (its Cloud-Optimized GeoTIFF) as a coverage ``layer-<slug>``."""
    found = {}
    for layer in layers_list():
        version = layer.current_version
        if version is None or not version.file or not version.path.exists():
            continue
        found[f"{COVERAGE_PREFIX}{layer.slug}"] = {
            "type": "collection",
            "title": layer.shown_name,
            "description": _("Raster layer, version %(number)s, in %(units)s.")
            % {"number": version.number, "units": layer.shown_units},
            "keywords": ["raster", layer.role],
            "links": [],
            "extents": {"spatial": {"bbox": EXTENT, "crs": CRS84}},
            "providers": [
                {
                    "type": "coverage",
                    "name": f"{PROVIDERS}.LayerCoverageProvider",
                    "data": str(version.path),
                    "band": {"id": layer.slug, "title": str(layer.shown_name), "unit": layer.units},
                    "format": {"name": "GTiff", "mimetype": "image/tiff"},
                }
            ],
        }
    return found


def mark_coverages(content: str | bytes) -> str | bytes:
    """A /collections answer (JSON) with each coverage marked ``itemType`` "coverage" and
    ``layerDataType`` "Coverage": GDAL's OAPIF driver (3.6) skips a collection by the latter, so
    feature clients list the feature collections only and never ask a raster for /items."""
    try:
        body = json.loads(content)
    except ValueError:
        return content  # HTML or an error page: left as pygeoapi wrote it
    described = body.get("collections", [body]) if isinstance(body, dict) else []
    for collection in described:
        if isinstance(collection, dict) and str(collection.get("id", "")).startswith(COVERAGE_PREFIX):
            collection.update({"itemType": "coverage", "layerDataType": "Coverage"})
    return json.dumps(body)


def coverage_check(config: dict, collection_id: str, bbox: str | None) -> None:
    """Refuse a coverage request above CLIP_MAX_PIXELS cells (the whole layer, or the cells of
    ``bbox`` "minlon,minlat,maxlon,maxlat" in the layer's grid): TooLarge naming ``bbox``."""
    resource = config["resources"].get(collection_id) or {}
    provider = (resource.get("providers") or [{}])[0]
    if provider.get("type") != "coverage":
        return
    with rasterio.open(provider["data"]) as dataset:
        cells = dataset.width * dataset.height
        try:
            if bbox:
                window = from_bounds(*(float(v) for v in bbox.split(",")[:4]), transform=dataset.transform)
                cells = min(cells, abs(round(window.width) * round(window.height)))
        except (ValueError, TypeError):
            return  # pygeoapi answers a malformed bbox itself
    limit = settings.CLIP_MAX_PIXELS
    if cells > limit:
        raise TooLarge(
            "the coverage asked for has %(cells)s cells, more than %(limit)s: give a smaller bbox",
            field="bbox",
            params={"cells": cells, "limit": limit},
        )


def _process(name: str) -> dict:
    return {"type": "process", "processor": {"name": f"biomass.ogc.processes.{name}"}}


def _metadata() -> dict:
    return {
        "identification": {
            "title": _("Biomass energy atlas: OGC API"),
            "description": _(
                "Biomass energy potentials of Mexico, Central America and the Dominican Republic."
            ),
            "keywords": ["biomass", "bioenergy", "potentials"],
            "keywords_type": "theme",
            "terms_of_service": "",
            "url": "",
        },
        "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "provider": {"name": _("Biomass energy atlas"), "url": ""},
        "contact": {"name": _("Biomass energy atlas"), "role": "pointOfContact"},
    }


def ogc_config(*, url: str) -> dict:
    """The pygeoapi configuration for a server at ``url`` (no trailing slash)."""
    resources = {"regions": _regions()}
    for scenario in scenarios_list():
        for level in Region.Level:
            resources[potentials_collection_id(level.value, scenario.slug)] = _potentials(level, scenario)
    resources.update(_coverages())
    resources["catchment"] = _process("CatchmentProcessor")
    resources["area"] = _process("AreaProcessor")
    return {
        "server": {
            "url": url,
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": LIMITS,
            "pretty_print": False,
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OpenStreetMap"},
        },
        "logging": {"level": "ERROR"},
        "metadata": _metadata(),
        "resources": resources,
    }


def server_url(request) -> str:
    """The OGC API's public URL: the OGC_SERVER_URL setting, else the request's own host."""
    return settings.OGC_SERVER_URL or request.build_absolute_uri("/ogc").rstrip("/")


# Referenced so that the processors' module is imported (and checked) with the configuration.
PROCESSES = (processes.CatchmentProcessor, processes.AreaProcessor)
