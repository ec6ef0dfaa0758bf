"""Regions as GeoJSON Features (RFC 7946, EPSG:4326, longitude first), with the geometry
detail chosen by the ``zoom`` in the serializer's context."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer, GeometrySerializerMethodField

from biomass.regions.models import Region

MULTIPOLYGON_SCHEMA = {
    "type": "object",
    "description": "GeoJSON MultiPolygon (RFC 7946), EPSG:4326, longitude first",
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {
            "type": "array",
            "items": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "number"}, "minItems": 2},
                },
            },
        },
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(MULTIPOLYGON_SCHEMA)
class ZoomedGeometryField(GeometrySerializerMethodField):
    pass


class RegionSerializer(GeoFeatureModelSerializer):
    """A region as a GeoJSON Feature; a list of them is a FeatureCollection."""

    geometry = ZoomedGeometryField()
    name = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    area_km2 = serializers.FloatField(help_text="geodesic area on the WGS84 ellipsoid, km²")

    class Meta:
        model = Region
        geo_field = "geometry"
        id_field = False
        fields = [
            "code",
            "name",
            "name_es",
            "name_en",
            "level",
            "parent",
            "kind",
            "area_km2",
            "source",
            "licence",
        ]

    def get_geometry(self, region: Region):
        return region.geometry_for_zoom(self.context.get("zoom"))
