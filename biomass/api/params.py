"""Query parameters as small validated objects (no hand-parsed query strings)."""

from rest_framework import serializers

from regions.models import Region

from ..models import Resource

FORMATS = ["json", "csv", "geojson"]


class PotentialParams(serializers.Serializer):
    level = serializers.ChoiceField(choices=Region.Level.values, required=False)
    region = serializers.CharField(required=False, max_length=20)
    resource = serializers.CharField(required=False, max_length=60)
    category = serializers.ChoiceField(choices=Resource.Category.values, required=False)
    scenario = serializers.CharField(required=False, max_length=60)
    format = serializers.ChoiceField(choices=FORMATS, required=False, default="json")
    bom = serializers.BooleanField(required=False, default=False, help_text="CSV: start with a UTF-8 BOM")
    language = serializers.ChoiceField(choices=["es", "en"], required=False)
    zoom = serializers.IntegerField(required=False, min_value=0, max_value=22, help_text="GeoJSON detail")
