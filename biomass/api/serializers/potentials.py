"""Stored potentials, with the fields, types and units of ``biomass.potentials.columns`` (the
one declaration of the export columns): a row serializer for JSON, its paginated page, and
a GeoJSON Feature serializer (the region's geometry, the row as properties) used by the API
and by ``export_potentials`` alike."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer, GeometrySerializerMethodField

from biomass.potentials.columns import COLUMNS, potential_row
from biomass.potentials.exports import clean_row
from biomass.potentials.models import Potential
from biomass.potentials.totals import FIELDS as TOTAL_FIELDS
from biomass.potentials.totals import UNITS as TOTAL_UNITS
from biomass.potentials.whatif import LIMITS

from ..params import TextField

FIELD_TYPES = {str: serializers.CharField, float: serializers.FloatField, int: serializers.IntegerField}


def _fields() -> dict[str, serializers.Field]:
    """One read-only serializer field per column, documented with its unit."""
    fields = {}
    for column in COLUMNS:
        help_text = "; ".join(part for part in (column.unit, column.help) if part)
        fields[column.name] = FIELD_TYPES[column.kind](
            read_only=True, allow_null=column.nullable, help_text=help_text or None
        )
    return fields


class _RowSerializer(serializers.Serializer):
    def to_representation(self, instance: Potential) -> dict:
        return clean_row(potential_row(instance))


PotentialRowSerializer = type(
    "PotentialRowSerializer",
    (_RowSerializer,),
    {"__doc__": "One row: the stable columns first, then the others.", "__module__": __name__, **_fields()},
)


class PotentialPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    units = serializers.DictField(child=serializers.CharField())
    results = PotentialRowSerializer(many=True)


class PotentialFeatureSerializer(GeoFeatureModelSerializer):
    """A row as a GeoJSON Feature: the region's geometry at the context's ``zoom`` (full detail
    without one), the row as properties, ``region/resource/scenario`` as id."""

    feature_id = serializers.SerializerMethodField()
    geometry = GeometrySerializerMethodField()

    class Meta:
        model = Potential
        geo_field = "geometry"
        id_field = "feature_id"
        fields = ["feature_id"]

    def get_feature_id(self, potential: Potential) -> str:
        return f"{potential.region.code}/{potential.resource.slug}/{potential.scenario.slug}"

    def get_geometry(self, potential: Potential):
        return potential.region.geometry_for_zoom(self.context.get("zoom"))

    def get_properties(self, instance: Potential, fields) -> dict:
        return clean_row(potential_row(instance))


class SeriesRowSerializer(serializers.Serializer):
    region_code = serializers.CharField()
    region_name = serializers.CharField()
    resource = serializers.CharField()
    resource_name = serializers.CharField()
    scenario = serializers.CharField()
    year = serializers.IntegerField()
    theoretical_t = serializers.FloatField(allow_null=True, help_text="t DM/yr; null: no data that year")
    technical_t = serializers.FloatField(allow_null=True, help_text="t DM/yr")
    theoretical_pj = serializers.FloatField(allow_null=True, help_text="PJ/yr")
    technical_pj = serializers.FloatField(allow_null=True, help_text="PJ/yr")
    reference = serializers.BooleanField(help_text="a year of the reference period of the stored potential")
    label = serializers.CharField(help_text="source and reference years")


class SeriesSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    scenario = serializers.CharField()
    units = serializers.DictField(child=serializers.CharField())
    without_series = serializers.ListField(
        child=serializers.CharField(), help_text="resources of the region not based on yearly statistics"
    )
    count = serializers.IntegerField()
    results = SeriesRowSerializer(many=True)


class TotalRowSerializer(serializers.Serializer):
    region_code = serializers.CharField()
    region_name = serializers.CharField()
    level = serializers.CharField()
    scenario = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        for name in TOTAL_FIELDS[4:]:
            fields[name] = serializers.FloatField(allow_null=True, help_text=TOTAL_UNITS[name])
        return fields


class TotalsSerializer(serializers.Serializer):
    units = serializers.DictField(child=serializers.CharField())
    count = serializers.IntegerField()
    results = TotalRowSerializer(many=True)


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "availability": {
                "type": "object",
                "description": "resource slug: share of the resource available (0-1)",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
            },
            "constraints": {
                "type": "object",
                "description": 'constraint layer slug: {"max": n} or {"exclude": [classes]}',
                "additionalProperties": {"type": "object"},
            },
            **{
                name: {"type": "number", "minimum": low, "maximum": high, "description": unit}
                for name, (low, high, unit) in LIMITS.items()
            },
        },
        "additionalProperties": False,
    }
)
class WhatIfChangesField(serializers.DictField):
    """The changes of a what-if, each number with its range (biomass.potentials.whatif.LIMITS),
    checked by ``whatif_scenario``."""


class WhatIfRequestSerializer(serializers.Serializer):
    scenario = TextField(default="central", help_text="the scenario changed (slug)")
    level = serializers.ChoiceField(choices=["country", "admin1"], default="country")
    changes = WhatIfChangesField(
        default=dict,
        help_text='{"availability": {resource: 0-1}, "constraints": {layer: {"max": n} or {"exclude": [classes]}}, '
        '"price_usd_t", "collection_cost_usd_t", "transport_cost_usd_t_km", "tortuosity"}',
    )


class WhatIfSerializer(serializers.Serializer):
    scenario = serializers.DictField(help_text="the scenario as changed (its economic values and rules)")
    units = serializers.DictField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField(), help_text="region × resource")
    totals = serializers.ListField(
        child=serializers.DictField(), help_text="per region, resources counted in totals"
    )
