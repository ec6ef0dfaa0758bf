"""Layers, their versions (public and staff views) and the upload form."""

import math
import sys

from django.urls import reverse
from rest_framework import serializers

from biomass.layers.models import Layer, LayerVersion
from biomass.layers.requests import YEARS
from biomass.layers.selectors import version_is_stale


class FiniteFloatField(serializers.FloatField):
    """A float that JSON can carry: NaN or infinity (a GeoTIFF's NaN nodata) becomes null."""

    def to_representation(self, value):
        value = super().to_representation(value)
        return value if math.isfinite(value) else None


class VersionSerializer(serializers.ModelSerializer):
    nodata = FiniteFloatField(read_only=True, allow_null=True, help_text="null: none, or NaN")

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
        return version_is_stale(version)

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
    year = serializers.IntegerField(required=False, allow_null=True, min_value=YEARS[0], max_value=YEARS[1])
    source = serializers.CharField(required=False, allow_blank=True)
    licence = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=200)
    bin_width = serializers.FloatField(required=False, allow_null=True, min_value=1e-9, max_value=1e9)
    crs = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=999999,
        help_text="EPSG code, for a file without a coordinate system",
    )
    nodata = serializers.FloatField(  # any finite float64 (DRF refuses NaN and infinity)
        required=False, allow_null=True, min_value=-sys.float_info.max, max_value=sys.float_info.max
    )
    band = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)


class LayerSerializer(serializers.ModelSerializer):
    resource = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    current_version = VersionSerializer(read_only=True, allow_null=True)
    tiles = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()
    # In the request's language (the stored texts are the curator's).
    name = serializers.CharField(source="shown_name", read_only=True)
    units = serializers.CharField(source="shown_units", read_only=True)
    source = serializers.CharField(source="shown_source", read_only=True)
    licence = serializers.CharField(source="shown_licence", read_only=True)
    label = serializers.CharField(source="shown_label", read_only=True)

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
