"""pygeoapi feature providers over our selectors: regions (regions.selectors.regions_list, as
/api/regions/) and stored potentials of one level and scenario
(potentials.selectors.potentials_queryset, as /api/potentials/). One code path on SpatiaLite
and PostGIS; the properties are those of the API, value for value."""

from __future__ import annotations

import json

from django.contrib.gis.geos import Polygon
from pygeoapi.provider.base import (
    BaseProvider,
    ProviderInvalidQueryError,
    ProviderItemNotFoundError,
)
from pygeoapi.provider.rasterio_ import RasterioProvider

from biomass.errors import BiomassError, InvalidInput
from biomass.languages import error_message
from biomass.potentials.columns import COLUMNS, COVERAGE, potential_row
from biomass.potentials.exports import clean_row
from biomass.potentials.selectors import UNKNOWN, potentials_queryset
from biomass.regions.models import Region
from biomass.regions.selectors import regions_list

TYPES = {str: "string", float: "number", int: "integer"}
REGION_FIELDS = {
    "code": {"type": "string", "description": "ISO 3166-1 alpha-3 or ISO 3166-2 code"},
    "name": {"type": "string", "description": "in the language asked for"},
    "name_es": {"type": "string"},
    "name_en": {"type": "string"},
    "level": {"type": "string", "description": "country or admin1"},
    "parent": {"type": "string", "description": "code of the country of an admin-1 unit"},
    "kind": {"type": "string"},
    "area_km2": {
        "type": "number",
        "description": "geodesic area on the WGS84 ellipsoid, km²",
        "x-ogc-unit": "km2",
    },
    "source": {"type": "string"},
    "licence": {"type": "string"},
}
# Property filters a client may give (?level=admin1), as the API's query parameters.
REGION_FILTERS = ("level", "parent", "code")
POTENTIAL_FILTERS = {"region_code": "region", "resource": "resource", "category": "category"}


# Units of COLUMNS that are sentences, as a unit symbol ("1": a dimensionless fraction, 0-1);
# the sentence stays in the field's description.
UNIT_SYMBOLS = {COVERAGE: "1"}


def potential_fields() -> dict:
    """Each column of potentials.columns.COLUMNS with its JSON type and unit."""
    fields = {}
    for column in COLUMNS:
        field = {"type": TYPES[column.kind]}
        if column.unit:
            field["x-ogc-unit"] = UNIT_SYMBOLS.get(column.unit, column.unit)
        description = "; ".join(text for text in (column.unit, column.help) if text)
        if description:
            field["description"] = description
        fields[column.name] = field
    return fields


def in_bbox(queryset, field: str, bbox):
    """Features whose geometry intersects a lon/lat box exactly (as the API's bbox filter;
    a box without width or height widened by a hair)."""
    if not bbox:
        return queryset
    west, south, east, north = (float(v) for v in bbox[:4])
    box = Polygon.from_bbox((west, south, max(east, west + 1e-9), max(north, south + 1e-9)))
    box.srid = 4326
    return queryset.filter(**{f"{field}__intersects": box})


def feature_collection(queryset, offset: int, limit: int, resulttype: str, feature) -> dict:
    matched = queryset.count()
    if resulttype == "hits":
        return {"type": "FeatureCollection", "features": [], "numberMatched": matched, "numberReturned": 0}
    features = [feature(item) for item in queryset[offset : offset + limit]]
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
    }


def geometry(geom, skip: bool) -> dict | None:
    return None if skip or geom is None else json.loads(geom.json)


class SelectorProvider(BaseProvider):
    """What both providers share: the fields, the paging, domain errors as a 400."""

    FIELDS: dict = {}

    def __init__(self, provider_def: dict):
        super().__init__(provider_def)
        self.get_fields()

    def get_fields(self) -> dict:
        self._fields = self.FIELDS
        return self._fields

    def rows(self, filters: dict, bbox):
        raise NotImplementedError

    def feature(self, item, skip_geometry: bool = False) -> dict:
        raise NotImplementedError

    def query(self, offset=0, limit=10, resulttype="results", bbox=None, properties=None, **kwargs) -> dict:
        skip = bool(kwargs.get("skip_geometry"))
        try:
            rows = self.rows(dict(properties or []), bbox)
            return feature_collection(rows, offset, limit, resulttype, lambda item: self.feature(item, skip))
        except BiomassError as error:
            raise ProviderInvalidQueryError(user_msg=f"{error.field}: {error_message(error)}") from error


class RegionProvider(SelectorProvider):
    FIELDS = REGION_FIELDS

    def rows(self, filters: dict, bbox):
        level = filters.get("level")
        if level and level not in Region.Level.values:
            raise InvalidInput(UNKNOWN["level"], field="level", params={"value": level})
        regions = regions_list(**{name: filters.get(name) or None for name in REGION_FILTERS})
        return in_bbox(regions, "geom", bbox)

    def feature(self, region, skip_geometry: bool = False) -> dict:
        properties = {name: getattr(region, name) for name in REGION_FIELDS if name != "parent"}
        properties["parent"] = region.parent.code if region.parent_id else None
        return {
            "type": "Feature",
            "id": region.code,
            "geometry": geometry(region.geom, skip_geometry),
            "properties": properties,
        }

    def get(self, identifier, **kwargs) -> dict:
        region = regions_list().filter(code=identifier).first()
        if region is None:
            raise ProviderItemNotFoundError(user_msg=f"unknown region {identifier!r}")
        return self.feature(region)


class PotentialProvider(SelectorProvider):
    """One level and scenario (``level`` and ``scenario`` in the provider's definition); a
    feature per region and resource, its id ``<region>:<resource>``."""

    FIELDS = {"id": {"type": "string", "description": "<region_code>:<resource>"}}

    def __init__(self, provider_def: dict):
        self.level = provider_def["level"]
        self.scenario = provider_def["scenario"]
        super().__init__(provider_def)

    def get_fields(self) -> dict:
        self._fields = {**self.FIELDS, **potential_fields()}
        return self._fields

    def rows(self, filters: dict, bbox):
        chosen = {arg: filters.get(name) or None for name, arg in POTENTIAL_FILTERS.items()}
        rows = potentials_queryset(level=self.level, scenario=self.scenario, geometry="geom", **chosen)
        return in_bbox(rows, "region__geom", bbox)

    def feature(self, potential, skip_geometry: bool = False) -> dict:
        row = clean_row(potential_row(potential))
        return {
            "type": "Feature",
            "id": f"{row['region_code']}:{row['resource']}",
            "geometry": geometry(potential.region.geom, skip_geometry),
            "properties": {"id": f"{row['region_code']}:{row['resource']}", **row},
        }

    def get(self, identifier, **kwargs) -> dict:
        region, _, resource = str(identifier).partition(":")
        rows = potentials_queryset(level=self.level, scenario=self.scenario, geometry="geom")
        potential = rows.filter(region__code=region, resource__slug=resource).first()
        if potential is None:
            raise ProviderItemNotFoundError(user_msg=f"unknown feature {identifier!r}")
        return self.feature(potential)


class LayerCoverageProvider(RasterioProvider):
    """pygeoapi's rasterio coverage with the layer's band named and in its unit: the provider
    definition's ``band`` gives ``id`` (the layer's slug), ``title`` and ``unit``."""

    def __init__(self, provider_def: dict):
        self.band = provider_def.get("band") or {}
        super().__init__(provider_def)

    def get_fields(self) -> dict:
        fields = super().get_fields()
        for field in fields.values():
            field["title"] = self.band.get("title") or field.get("title")
            if self.band.get("unit"):
                field["x-ogc-unit"] = self.band["unit"]
        return fields

    def gen_covjson(self, metadata, data):
        covjson = super().gen_covjson(metadata, data)
        parameter = covjson.get("parameters", {}).pop(None, None)
        if parameter is not None:
            key = self.band.get("id", "value")
            parameter["description"] = {"en": self.band.get("title")}
            parameter["unit"] = {"symbol": self.band.get("unit") or None}
            parameter["observedProperty"] = {"id": key, "label": {"en": self.band.get("title")}}
            covjson["parameters"][key] = parameter
            covjson["ranges"][key] = covjson["ranges"].pop(None)
        return covjson
