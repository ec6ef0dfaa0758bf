from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer, GeometrySerializerMethodField

from regions.models import Region


class ZoomParams(serializers.Serializer):
    """Query parameters that choose how detailed the geometries are."""

    zoom = serializers.IntegerField(
        required=False, min_value=0, max_value=22, help_text="web-map zoom level; lower zooms get lighter geometries"
    )


class RegionSerializer(GeoFeatureModelSerializer):
    name = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    geometry = GeometrySerializerMethodField()

    class Meta:
        model = Region
        geo_field = "geometry"
        id_field = False
        fields = ["code", "name", "name_es", "name_en", "level", "parent", "kind", "area_km2", "source", "licence"]

    def get_geometry(self, region: Region):
        return region.geometry_for_zoom(self.context.get("zoom"))
