"""The on-the-fly analyses as OGC API Processes: ``catchment`` (the biomass within a radius of
a plant site) and ``area`` (the biomass inside a polygon). They call the same selectors as
/api/analysis/catchment and /api/analysis/area, with the same limits, and give the same JSON.
A bad input fails the job: pygeoapi answers 400 with a description that names the field."""

from __future__ import annotations

import math

from django.conf import settings
from django.utils.translation import gettext_noop
from pygeoapi.process.base import BaseProcessor, ProcessorExecuteError

from biomass.analysis.selectors import area_analysis, catchment_analysis
from biomass.api.params import PLANT_MAX_MW
from biomass.engine.geometry import shape_from_geojson
from biomass.errors import BiomassError, InvalidInput
from biomass.languages import error_message

NOT_A_NUMBER = gettext_noop("%(name)s must be a number")
MISSING = gettext_noop("%(name)s is required")

RESULT = {
    "title": "Analysis",
    "description": "totals by resource (t DM/yr, PJ/yr), supply-cost curve (USD/t DM, USD/GJ), "
    "plant (MW); the same JSON as /api/analysis/…",
    "schema": {"type": "object", "contentMediaType": "application/json"},
}
SCENARIO = {
    "title": "Scenario",
    "description": "scenario slug (see /api/scenarios/); central by default",
    "schema": {"type": "string", "default": "central"},
    "minOccurs": 0,
    "maxOccurs": 1,
}


def _number(
    title: str,
    description: str,
    minimum: float,
    maximum: float,
    required: bool = True,
    exclusive: bool = False,
) -> dict:
    """An input's description; ``exclusive``: the minimum itself is refused (exclusiveMinimum)."""
    bounds = {"exclusiveMinimum": minimum} if exclusive else {"minimum": minimum}
    return {
        "title": title,
        "description": description,
        "schema": {"type": "number", **bounds, "maximum": maximum},
        "minOccurs": 1 if required else 0,
        "maxOccurs": 1,
    }


def _metadata(id_: str, title: str, description: str, inputs: dict, example: dict) -> dict:
    return {
        "version": "1.0.0",
        "id": id_,
        "title": title,
        "description": description,
        "jobControlOptions": ["sync-execute"],
        "keywords": ["biomass", "analysis"],
        "links": [],
        "inputs": inputs,
        "outputs": {"result": RESULT},
        "example": {"inputs": example},
    }


def _failed(error: BiomassError) -> ProcessorExecuteError:
    """A domain error as a failed job: '<field>: <message in the request's language>'."""
    message = error_message(error)
    return ProcessorExecuteError(f"{error.field}: {message}" if error.field else message)


def number(data: dict, name: str, required: bool = True) -> float | None:
    """An input as a finite number; missing or not a number: InvalidInput naming it."""
    value = data.get(name)
    if value is None:
        if required:
            raise InvalidInput(MISSING, field=name, params={"name": name})
        return None
    if isinstance(value, bool):
        raise InvalidInput(NOT_A_NUMBER, field=name, params={"name": name})
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(NOT_A_NUMBER, field=name, params={"name": name}) from None
    if not math.isfinite(value):
        raise InvalidInput(NOT_A_NUMBER, field=name, params={"name": name})
    return value


def scenario(data: dict) -> str:
    value = data.get("scenario") or "central"
    if not isinstance(value, str):
        raise InvalidInput("unknown scenario %(slug)r", field="scenario", params={"slug": str(value)})
    return value


class CatchmentProcessor(BaseProcessor):
    """The biomass within a geodesic radius of a candidate plant site (as /api/analysis/catchment)."""

    def __init__(self, processor_def: dict):
        limit = settings.CATCHMENT_MAX_RADIUS_KM
        inputs = {
            "lon": _number("Longitude", "of the plant site, degrees (EPSG:4326)", -180, 180),
            "lat": _number("Latitude", "of the plant site, degrees (EPSG:4326)", -90, 90),
            "radius_km": _number(
                "Radius",
                f"geodesic catchment radius, km (more than 0, at most {limit:g})",
                0,
                limit,
                exclusive=True,
            ),
            "scenario": SCENARIO,
            "plant_mw": _number(
                "Plant",
                "electric capacity to feed, MW: the answer gives the radius needed",
                0,
                PLANT_MAX_MW,
                False,
            ),
        }
        example = {"lon": -84.0, "lat": 10.0, "radius_km": 50, "scenario": "central"}
        description = "Totals by resource, supply-cost curve and plant size within a radius of a site."
        super().__init__(processor_def, _metadata("catchment", "Catchment", description, inputs, example))

    def execute(self, data: dict, outputs=None):
        try:
            plant_mw = number(data, "plant_mw", required=False)
            if plant_mw is not None and plant_mw > PLANT_MAX_MW:
                raise InvalidInput(
                    "plant_mw must be at most %(limit)s", field="plant_mw", params={"limit": PLANT_MAX_MW}
                )
            result = catchment_analysis(
                lon=number(data, "lon"),
                lat=number(data, "lat"),
                radius_km=number(data, "radius_km"),
                scenario_slug=scenario(data),
                plant_mw=plant_mw,
            )
        except BiomassError as error:
            raise _failed(error) from error
        return "application/json", result


class AreaProcessor(BaseProcessor):
    """The biomass inside a polygon (as /api/analysis/area)."""

    def __init__(self, processor_def: dict):
        inputs = {
            "geometry": {
                "title": "Area",
                "description": "GeoJSON Polygon or MultiPolygon, EPSG:4326, longitude first; at most "
                f"{settings.ANALYSIS_MAX_VERTICES} vertices and {settings.ANALYSIS_MAX_AREA_KM2:g} km²",
                "schema": {"type": "object", "contentMediaType": "application/geo+json"},
                "minOccurs": 1,
                "maxOccurs": 1,
            },
            "scenario": SCENARIO,
        }
        square = [[-84.2, 9.8], [-83.8, 9.8], [-83.8, 10.2], [-84.2, 10.2], [-84.2, 9.8]]
        example = {"geometry": {"type": "Polygon", "coordinates": [square]}, "scenario": "central"}
        description = "Totals by resource, supply-cost curve and plant size inside a polygon."
        super().__init__(processor_def, _metadata("area", "Area", description, inputs, example))

    def execute(self, data: dict, outputs=None):
        try:
            if data.get("geometry") is None:
                raise InvalidInput(MISSING, field="geometry", params={"name": "geometry"})
            result = area_analysis(
                geometry=shape_from_geojson(data["geometry"]), scenario_slug=scenario(data)
            )
        except BiomassError as error:
            raise _failed(error) from error
        return "application/json", result
