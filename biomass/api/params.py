"""Query parameters as small validated objects (no hand-parsed query strings)."""

from rest_framework import serializers

from regions.models import Region

from ..models import Resource

FORMATS = ["json", "csv", "geojson"]


class PotentialParams(serializers.Serializer):
    """Filters; an empty filter is no filter."""

    level = serializers.ChoiceField(choices=Region.Level.values, required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True, max_length=20, help_text="region code")
    resource = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="resource slug")
    category = serializers.ChoiceField(choices=Resource.Category.values, required=False, allow_blank=True)
    scenario = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="scenario slug")
    format = serializers.ChoiceField(choices=FORMATS, required=False, allow_blank=True, default="json")
    bom = serializers.BooleanField(required=False, default=False, help_text="CSV: start with a UTF-8 BOM")
    language = serializers.ChoiceField(choices=["es", "en"], required=False, allow_blank=True,
                                       help_text="language of region and resource names")
    zoom = serializers.IntegerField(required=False, min_value=0, max_value=22, help_text="GeoJSON detail")


class ClipParams(serializers.Serializer):
    region = serializers.CharField(max_length=20, help_text="region code, e.g. MEX or MX-JAL")


class PageParams(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=10000, help_text="rows per page (1000)")
    offset = serializers.IntegerField(required=False, min_value=0, help_text="rows to skip")


class CatchmentParams(serializers.Serializer):
    lon = serializers.FloatField(min_value=-180, max_value=180, help_text="longitude of the plant site, degrees")
    lat = serializers.FloatField(min_value=-90, max_value=90, help_text="latitude of the plant site, degrees")
    radius_km = serializers.FloatField(help_text="catchment radius (geodesic), km; above 0 and at most the limit")
    scenario = serializers.CharField(required=False, default="central", max_length=60)
    plant_mw = serializers.FloatField(required=False, allow_null=True,
                                      help_text="electric capacity to feed: the answer gives the radius needed")
    format = serializers.ChoiceField(choices=["json", "csv"], required=False, default="json")


class SiteParams(serializers.Serializer):
    country = serializers.CharField(required=False, allow_blank=True, max_length=3, help_text="ISO3 code")
    min_population = serializers.IntegerField(required=False, min_value=0)
