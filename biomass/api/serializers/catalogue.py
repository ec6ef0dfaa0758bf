"""Resources with their cited parameters, and scenarios with their assumptions."""

from django.core.validators import validate_slug
from rest_framework import serializers

from biomass.catalogue.models import (
    ECONOMIC_UNITS,
    Commodity,
    CommodityYield,
    Resource,
    ResourceParameter,
    Scenario,
)
from biomass.languages import translated
from biomass.layers.models import Layer

from ..params import TextField


class ParameterSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_name_display", read_only=True)
    # In the request's language (the reference data are written in English).
    unit = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    def get_unit(self, parameter) -> str:
        return translated(parameter.unit)

    def get_note(self, parameter) -> str:
        return translated(parameter.note)

    class Meta:
        model = ResourceParameter
        fields = [
            "name",
            "label",
            "unit",
            "low",
            "central",
            "high",
            "source",
            "is_assumption",
            "note",
            "distribution",
        ]


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
            "counted_in_totals",
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
            *ECONOMIC_UNITS,
            "sources",
            "units",
            "updated_at",
        ]

    def get_units(self, scenario) -> dict:
        return {name: translated(unit) for name, unit in ECONOMIC_UNITS.items()}


class CommodityYieldSerializer(serializers.ModelSerializer):
    resource = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CommodityYield
        fields = ["resource", "factor", "unit", "source", "is_assumption", "note"]


class CommoditySerializer(serializers.ModelSerializer):
    """A commodity of the production statistics: its unit, the resources it yields (with the
    conversion and its source) and how its production is spread over the grid."""

    name = serializers.CharField(read_only=True)
    yields = CommodityYieldSerializer(many=True, read_only=True)

    class Meta:
        model = Commodity
        fields = [
            "slug",
            "name",
            "name_es",
            "name_en",
            "unit",
            "basis_es",
            "basis_en",
            "yields",
            "allocation",
            "note",
        ]


class ScenarioCreateSerializer(serializers.Serializer):
    """A what-if saved as a new scenario (staff)."""

    base = TextField(default="central", help_text="the scenario the changes apply to")
    slug = TextField(
        max_length=60, validators=[validate_slug], help_text="letters, digits, hyphens, underscores"
    )
    name_es = TextField(max_length=200)
    name_en = TextField(max_length=200)
    changes = serializers.DictField(default=dict, help_text="as for POST /api/potentials/what-if")
