"""Query parameters as small validated objects (no hand-parsed query strings)."""

from collections.abc import Callable, Iterable

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from biomass.catalogue.models import Commodity, Resource, Scenario, Technology
from biomass.errors import InvalidInput
from biomass.regions.models import Region

FORMATS = ["json", "csv", "geojson", "gpkg", "parquet"]
# Upper bounds of numeric parameters that have no natural one: far above any real use, low
# enough that no result overflows (a float becoming infinity, which JSON cannot carry) and
# no integer overflows a database's.
PLANT_MAX_MW = 1_000_000  # hundreds of times the largest biomass plant ever built
PRICE_MAX_USD_MWH = 100_000  # a hundred times any electricity price
MAX_OFFSET = 1_000_000_000
MAX_POPULATION = 2_000_000_000


def json_object(data) -> dict:
    """A JSON request body that must be an object ({…}): anything else is a 400."""
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object as the request body", field="body")
    return data


GEOJSON_TYPES = {"Polygon", "MultiPolygon", "Feature", "FeatureCollection"}


def area_body(data) -> dict:
    """The area request as {"geometry": …, "scenario": …}: the body is either that, or the
    GeoJSON itself (a Polygon or MultiPolygon, a Feature, or a FeatureCollection of one), with
    an optional "scenario" member beside its "type"."""
    body = json_object(data)
    if body.get("type") not in GEOJSON_TYPES:
        return body
    area = {"geometry": {k: v for k, v in body.items() if k != "scenario"}}
    return area | ({"scenario": body["scenario"]} if "scenario" in body else {})


class TextField(serializers.CharField):
    """A string, never a number turned into one: the schema says string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StoredChoiceField(serializers.ChoiceField):
    """A code or slug that must exist. The choices are read from the database when the field
    is used, and documented as an enum in the OpenAPI schema; an unknown value is a 400 that
    names the parameter."""

    values: Callable[[], Iterable[str]] = staticmethod(lambda: [])
    what = "value"

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)
        self.error_messages["invalid_choice"] = f"unknown {self.what} '{{input}}'"

    def _get_choices(self):
        return {value: value for value in self.values()}

    def _set_choices(self, choices):
        pass

    choices = property(_get_choices, _set_choices)

    @property
    def choice_strings_to_values(self):
        return self.choices

    @choice_strings_to_values.setter
    def choice_strings_to_values(self, value):
        pass


class ScenarioChoiceField(StoredChoiceField):
    what = "scenario"
    values = staticmethod(
        lambda: Scenario.objects.order_by("sort_order", "slug").values_list("slug", flat=True)
    )


class RegionCodeField(StoredChoiceField):
    what = "region code"
    values = staticmethod(lambda: Region.objects.order_by("code").values_list("code", flat=True))


class CommoditySlugField(StoredChoiceField):
    what = "commodity"
    values = staticmethod(lambda: Commodity.objects.order_by("slug").values_list("slug", flat=True))


class CountryCodeField(StoredChoiceField):
    """A country's ISO 3166-1 alpha-3 code, in any case."""

    what = "country code"
    values = staticmethod(
        lambda: (
            Region.objects.filter(level=Region.Level.COUNTRY).order_by("code").values_list("code", flat=True)
        )
    )

    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class ResourceSlugField(StoredChoiceField):
    what = "resource"
    values = staticmethod(lambda: Resource.objects.order_by("slug").values_list("slug", flat=True))


class ZoomParams(serializers.Serializer):
    """Query parameters that choose how detailed the geometries are."""

    zoom = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=22,
        help_text="web-map zoom level; lower zooms get lighter geometries",
    )


class PotentialParams(serializers.Serializer):
    """Filters; an empty filter is no filter."""

    level = serializers.ChoiceField(choices=Region.Level.values, required=False, allow_blank=True)
    region = RegionCodeField(required=False, allow_blank=True, help_text="region code")
    resource = ResourceSlugField(required=False, allow_blank=True, help_text="resource slug")
    category = serializers.ChoiceField(choices=Resource.Category.values, required=False, allow_blank=True)
    scenario = ScenarioChoiceField(required=False, allow_blank=True, help_text="scenario slug")
    format = serializers.ChoiceField(choices=FORMATS, required=False, allow_blank=True, default="json")
    bom = serializers.BooleanField(required=False, default=False, help_text="CSV: start with a UTF-8 BOM")
    language = serializers.ChoiceField(
        choices=["es", "en"],
        required=False,
        allow_blank=True,
        help_text="language of region and resource names",
    )
    zoom = serializers.IntegerField(
        required=False, min_value=0, max_value=22, help_text="geometry detail of geojson, gpkg and parquet"
    )


class SeriesParams(serializers.Serializer):
    region = RegionCodeField(help_text="region code, e.g. MEX or MX-JAL")
    resource = ResourceSlugField(required=False, allow_blank=True, help_text="resource slug (all by default)")
    scenario = ScenarioChoiceField(required=False, default="central", help_text="scenario slug")
    format = serializers.ChoiceField(
        choices=["json", "csv"], required=False, allow_blank=True, default="json"
    )
    bom = serializers.BooleanField(required=False, default=False, help_text="CSV: start with a UTF-8 BOM")
    language = serializers.ChoiceField(
        choices=["es", "en"], required=False, allow_blank=True, help_text="language of the names"
    )


class TotalParams(serializers.Serializer):
    level = serializers.ChoiceField(choices=["country", "admin1"], required=False, allow_blank=True)
    region = RegionCodeField(required=False, allow_blank=True, help_text="region code, e.g. MEX or MX-JAL")
    scenario = ScenarioChoiceField(
        required=False, allow_blank=True, help_text="scenario slug (all by default)"
    )
    format = serializers.ChoiceField(
        choices=["json", "csv", "parquet"], required=False, allow_blank=True, default="json"
    )
    bom = serializers.BooleanField(required=False, default=False, help_text="CSV: start with a UTF-8 BOM")
    language = serializers.ChoiceField(
        choices=["es", "en"], required=False, allow_blank=True, help_text="language of the names"
    )


class RecordParams(serializers.Serializer):
    region = RegionCodeField(required=False, allow_blank=True, help_text="region code")
    commodity = CommoditySlugField(required=False, allow_blank=True, help_text="commodity slug")
    format = serializers.ChoiceField(
        choices=["json", "csv"], required=False, allow_blank=True, default="json"
    )


class ClipParams(serializers.Serializer):
    region = RegionCodeField(help_text="region code, e.g. MEX or MX-JAL")


class RegionParams(ZoomParams):
    """Filters of the region list (and ``bbox``, read by the bounding-box filter)."""

    level = serializers.ChoiceField(choices=Region.Level.values, required=False, allow_blank=True)
    parent = RegionCodeField(required=False, allow_blank=True, help_text="code of the parent region")
    code = RegionCodeField(required=False, allow_blank=True, help_text="one region by code")
    format = serializers.ChoiceField(
        choices=["json", "gpkg", "parquet"],
        required=False,
        allow_blank=True,
        default="json",
        help_text="json (GeoJSON), gpkg (GeoPackage) or parquet (GeoParquet)",
    )


class PageParams(serializers.Serializer):
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=10000, help_text="rows per page (1000)"
    )
    offset = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_OFFSET, help_text="rows to skip"
    )


POSITIONS = {
    "type": "array",
    "items": {
        "type": "array",
        "items": {"type": "number", "minimum": -180, "maximum": 180},
        "minItems": 2,
        "maxItems": 3,
        "description": "longitude (±180), latitude (±90)",
    },
}
POLYGON = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Polygon"]},
        "coordinates": {"type": "array", "items": POSITIONS},
    },
}
MULTIPOLYGON = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {"type": "array", "items": {"type": "array", "items": POSITIONS}},
    },
}
FEATURE = {
    "type": "object",
    "required": ["type", "geometry"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {"oneOf": [POLYGON, MULTIPOLYGON]},
    },
}
COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": FEATURE, "minItems": 1, "maxItems": 1},
    },
}


@extend_schema_field(
    {
        "oneOf": [POLYGON, MULTIPOLYGON, FEATURE, COLLECTION],
        "description": "GeoJSON (RFC 7946): a valid polygon, longitude first",
    }
)
class GeoJSONField(serializers.JSONField):
    pass


class CatchmentParams(serializers.Serializer):
    lon = serializers.FloatField(
        min_value=-180, max_value=180, help_text="longitude of the plant site, degrees"
    )
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="latitude of the plant site, degrees")
    radius_km = serializers.FloatField(
        min_value=0.001,
        max_value=settings.CATCHMENT_MAX_RADIUS_KM,
        help_text="catchment radius (geodesic), km",
    )
    scenario = ScenarioChoiceField(required=False, default="central")
    plant_mw = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0.001,
        max_value=PLANT_MAX_MW,
        help_text="electric capacity to feed (MW): the answer gives the radius needed",
    )
    format = serializers.ChoiceField(choices=["json", "csv"], required=False, default="json")


class SiteParams(serializers.Serializer):
    country = CountryCodeField(required=False, allow_blank=True, help_text="ISO 3166-1 alpha-3 code")
    min_population = serializers.IntegerField(required=False, min_value=0, max_value=MAX_POPULATION)


def validated(serializer_class, data) -> dict:
    """The validated parameters, or a 400 naming the first bad one."""
    # A plain dict, not the QueryDict: with a QueryDict DRF reads an empty value as "not
    # given" (HTML form semantics), and ?zoom= would pass silently instead of being refused.
    params = serializer_class(data=data.dict() if hasattr(data, "dict") else data)
    if not params.is_valid():
        raise serializers.ValidationError(params.errors)
    return params.validated_data


class TechnologyChoiceField(StoredChoiceField):
    what = "technology"
    values = staticmethod(
        lambda: Technology.objects.order_by("sort_order", "slug").values_list("slug", flat=True)
    )


class SlugListField(TextField):
    """Comma-separated slugs (empty: none given)."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        return [slug.strip() for slug in text.split(",") if slug.strip()] or None


class PlantSiteParams(serializers.Serializer):
    lon = serializers.FloatField(
        min_value=-180, max_value=180, help_text="longitude of the plant site, degrees"
    )
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="latitude of the plant site, degrees")
    technology = TechnologyChoiceField(help_text="technology slug (GET /api/technologies/)")
    scenario = ScenarioChoiceField(required=False, default="central")
    resource = SlugListField(
        required=False,
        allow_blank=True,
        help_text="comma-separated resource slugs to restrict the supply to (all the technology can use by default)",
    )
    format = serializers.ChoiceField(choices=["json", "csv"], required=False, default="json")


class PlantParams(PlantSiteParams):
    mw = serializers.FloatField(
        min_value=0.001,
        max_value=PLANT_MAX_MW,
        help_text="electric capacity, MW (within the technology's sizes)",
    )
    tariff_usd_mwh = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=PRICE_MAX_USD_MWH,
        help_text="selling price of electricity, USD/MWh (default: the country's reference tariff)",
    )
    heat_price_usd_mwh = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=PRICE_MAX_USD_MWH,
        help_text="selling price of heat, USD/MWh (CHP only)",
    )


class PlantSizeParams(PlantSiteParams):
    sizes = serializers.IntegerField(
        required=False, default=30, min_value=2, max_value=60, help_text="number of sizes"
    )
    min_mw = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=0.001,
        max_value=PLANT_MAX_MW,
        help_text="smallest size, MW",
    )
    max_mw = serializers.FloatField(
        required=False, allow_null=True, min_value=0.001, max_value=PLANT_MAX_MW, help_text="largest size, MW"
    )
