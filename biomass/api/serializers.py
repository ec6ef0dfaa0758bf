import json

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import Region

from ..models import Layer, LayerVersion, Resource, ResourceParameter, Scenario
from .params import GeoJSONField, ScenarioChoiceField

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


class ZoomParams(serializers.Serializer):
    """Query parameters that choose how detailed the geometries are."""

    zoom = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=22,
        help_text="web-map zoom level; lower zooms get lighter geometries",
    )


class RegionPropertiesSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    area_km2 = serializers.FloatField(help_text="geodesic area on the WGS84 ellipsoid, km²")

    class Meta:
        model = Region
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


class RegionSerializer(serializers.Serializer):
    """A region as a GeoJSON Feature (RFC 7946)."""

    type = serializers.ChoiceField(choices=["Feature"])
    geometry = serializers.JSONField()
    properties = RegionPropertiesSerializer()

    def to_representation(self, region: Region) -> dict:
        geometry = region.geometry_for_zoom(self.context.get("zoom"))
        return {
            "type": "Feature",
            "geometry": json.loads(geometry.json),
            "properties": RegionPropertiesSerializer(region, context=self.context).data,
        }


@extend_schema_field(MULTIPOLYGON_SCHEMA)
class MultiPolygonField(serializers.JSONField):
    pass


class RegionFeatureSchema(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    geometry = MultiPolygonField()
    properties = RegionPropertiesSerializer()


class RegionCollectionSchema(serializers.Serializer):
    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = RegionFeatureSchema(many=True)


class ParameterSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_name_display", read_only=True)

    class Meta:
        model = ResourceParameter
        fields = ["name", "label", "unit", "low", "central", "high", "source", "is_assumption", "note"]


class ResourceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    parameters = ParameterSerializer(many=True, read_only=True)
    layer = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "slug",
            "name",
            "name_es",
            "name_en",
            "category",
            "category_label",
            "route",
            "product_es",
            "product_en",
            "parameters",
            "layer",
        ]

    def get_layer(self, resource) -> int | None:
        layers = [layer for layer in resource.layers.all() if layer.role == Layer.Role.RESOURCE]
        return layers[0].pk if layers else None


class ScenarioSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "slug",
            "name",
            "name_es",
            "name_en",
            "description_es",
            "description_en",
            "version",
            "parameter_case",
            "availability_overrides",
            "constraints",
            "collection_cost_usd_t",
            "transport_cost_usd_t_km",
            "tortuosity",
            "efficiency_electric",
            "efficiency_thermal",
            "capacity_factor",
            "price_usd_t",
            "sources",
            "units",
            "updated_at",
        ]

    def get_units(self, scenario) -> dict:
        return {
            "collection_cost_usd_t": "USD/t DM",
            "transport_cost_usd_t_km": "USD/(t DM·km)",
            "tortuosity": "road km per straight-line km",
            "efficiency_electric": "fraction",
            "efficiency_thermal": "fraction",
            "capacity_factor": "fraction",
            "price_usd_t": "USD/t DM",
        }


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = LayerVersion
        fields = [
            "number",
            "status",
            "stage",
            "progress",
            "original_name",
            "checksum",
            "source_checksum",
            "size_bytes",
            "epsg",
            "crs_wkt",
            "width",
            "height",
            "resolution",
            "bounds",
            "bounds_wgs84",
            "nodata",
            "dtype",
            "statistics",
            "warnings",
            "created_at",
            "processed_at",
        ]


class StaffVersionSerializer(VersionSerializer):
    """What staff see of a version: also the error, who uploaded it, and whether it is served."""

    layer = serializers.IntegerField(source="layer_id", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    current = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = [
            "layer",
            *VersionSerializer.Meta.fields,
            "error",
            "attempts",
            "heartbeat_at",
            "created_by",
            "current",
            "stale",
            "status_url",
        ]

    def get_current(self, version) -> bool:
        return version.layer.current_version_id == version.pk

    def get_stale(self, version) -> bool:
        from biomass.services import is_stale

        return is_stale(version)

    def get_status_url(self, version) -> str:
        return reverse("api-layer-version", kwargs={"pk": version.layer_id, "number": version.number})


class LayerUploadSerializer(serializers.Serializer):
    """A new layer, or a new version of an existing one (same resource, or same slug)."""

    file = serializers.FileField(help_text="GeoTIFF only")
    name = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=Layer.Role.values, default=Layer.Role.RESOURCE)
    quantity = serializers.ChoiceField(choices=Layer.Quantity.values)
    resource = serializers.SlugField(
        required=False, allow_blank=True, help_text="resource slug (resource layers)"
    )
    slug = serializers.SlugField(required=False, allow_blank=True, max_length=80)
    units = serializers.CharField(required=False, allow_blank=True, max_length=40)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)
    source = serializers.CharField(required=False, allow_blank=True)
    licence = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=200)
    bin_width = serializers.FloatField(required=False, allow_null=True, min_value=1e-9)
    crs = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=999999,
        help_text="EPSG code, for a file without a coordinate system",
    )
    nodata = serializers.FloatField(required=False, allow_null=True)
    band = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)


class LayerSerializer(serializers.ModelSerializer):
    resource = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    current_version = VersionSerializer(read_only=True, allow_null=True)
    tiles = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Layer
        fields = [
            "id",
            "slug",
            "name",
            "role",
            "resource",
            "quantity",
            "units",
            "year",
            "source",
            "licence",
            "description",
            "label",
            "legend",
            "bin_width",
            "current_version",
            "tiles",
            "download",
            "updated_at",
        ]

    def get_tiles(self, layer) -> str | None:
        if not layer.current_version_id:
            return None
        base = reverse("tile", kwargs={"layer_id": layer.pk, "z": 0, "x": 0, "y": 0}).replace(
            "/0/0/0.png", ""
        )
        return f"{base}/{{z}}/{{x}}/{{y}}.png?v={layer.current_version.number}"

    def get_download(self, layer) -> str | None:
        if not layer.current_version_id:
            return None
        return reverse("api-layer-download", kwargs={"pk": layer.pk})


class AreaRequestSerializer(serializers.Serializer):
    geometry = GeoJSONField(
        help_text="GeoJSON Polygon or MultiPolygon (or a Feature, or a FeatureCollection of "
        "one), EPSG:4326, longitude first"
    )
    scenario = ScenarioChoiceField(required=False, default="central")


class ResourceTotalSerializer(serializers.Serializer):
    resource = serializers.CharField()
    resource_name = serializers.CharField()
    label = serializers.CharField()
    layer = serializers.CharField()
    layer_version = serializers.IntegerField()
    theoretical_t = serializers.FloatField(help_text="t DM/yr")
    technical_t = serializers.FloatField(help_text="t DM/yr")
    economic_t = serializers.FloatField(help_text="t DM/yr delivered at or below the price")
    theoretical_pj = serializers.FloatField(help_text="PJ/yr")
    technical_pj = serializers.FloatField(help_text="PJ/yr")
    economic_pj = serializers.FloatField(help_text="PJ/yr")


class TotalSerializer(serializers.Serializer):
    theoretical_t = serializers.FloatField()
    technical_t = serializers.FloatField()
    economic_t = serializers.FloatField()
    theoretical_pj = serializers.FloatField()
    technical_pj = serializers.FloatField()
    economic_pj = serializers.FloatField()


class CurvePointSerializer(serializers.Serializer):
    cost_usd_per_t = serializers.FloatField(help_text="marginal delivered cost, USD/t DM")
    cost_usd_per_gj = serializers.FloatField(allow_null=True, help_text="the same, USD/GJ of that resource")
    cumulative_t = serializers.FloatField(help_text="t DM/yr available at or below this cost")
    cumulative_pj = serializers.FloatField(help_text="PJ/yr available at or below this cost")


class PlantSerializer(serializers.Serializer):
    mw_electric = serializers.FloatField(help_text="MW electric the economic supply supports")
    mw_thermal = serializers.FloatField(help_text="MW thermal the economic supply supports")
    basis = serializers.CharField()
    energy_pj = serializers.FloatField(help_text="PJ/yr")
    efficiency_electric = serializers.FloatField()
    efficiency_thermal = serializers.FloatField()
    capacity_factor = serializers.FloatField()


class RadiusForPlantSerializer(serializers.Serializer):
    mw_electric = serializers.FloatField()
    energy_needed_pj = serializers.FloatField()
    radius_km = serializers.FloatField(allow_null=True, help_text="null when the limit radius is not enough")
    note = serializers.CharField(allow_null=True)


class AnalysisSerializer(serializers.Serializer):
    """The stable shape of both analysis endpoints."""

    scenario = serializers.DictField()
    site = serializers.DictField(help_text="where costs are delivered (lon, lat)")
    totals = ResourceTotalSerializer(many=True)
    total = TotalSerializer()
    supply_curve = CurvePointSerializer(many=True, help_text="ordered by cost_usd_per_t")
    plant = PlantSerializer()
    units = serializers.DictField(child=serializers.CharField())
    area_km2 = serializers.FloatField(required=False)
    radius_km = serializers.FloatField(required=False)
    radius_for_plant = RadiusForPlantSerializer(required=False)
