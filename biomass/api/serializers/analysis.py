"""The stable shape of the analysis endpoints (area and catchment)."""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from biomass.analysis.models import Site
from biomass.languages import translated

from ..params import GeoJSONField, ScenarioChoiceField


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
    counted_in_totals = serializers.BooleanField(
        help_text="false for a resource that overlaps others (mixed field residues): not in the total"
    )
    theoretical_t = serializers.FloatField(help_text="t DM/yr")
    technical_t = serializers.FloatField(help_text="t DM/yr")
    economic_t = serializers.FloatField(help_text="t DM/yr delivered at or below the price")
    theoretical_pj = serializers.FloatField(help_text="PJ/yr")
    technical_pj = serializers.FloatField(help_text="PJ/yr")
    economic_pj = serializers.FloatField(help_text="PJ/yr")


class TotalSerializer(serializers.Serializer):
    """The resources counted in totals; null (no data) where no resource layer covers the area."""

    theoretical_t = serializers.FloatField(allow_null=True)
    technical_t = serializers.FloatField(allow_null=True)
    economic_t = serializers.FloatField(allow_null=True)
    theoretical_pj = serializers.FloatField(allow_null=True)
    technical_pj = serializers.FloatField(allow_null=True)
    economic_pj = serializers.FloatField(allow_null=True)


class CurvePointSerializer(serializers.Serializer):
    cost_usd_per_t = serializers.FloatField(help_text="marginal delivered cost, USD/t DM")
    cost_usd_per_gj = serializers.FloatField(allow_null=True, help_text="the same, USD/GJ of that resource")
    cumulative_t = serializers.FloatField(help_text="t DM/yr available at or below this cost")
    cumulative_pj = serializers.FloatField(help_text="PJ/yr available at or below this cost")
    resource = serializers.CharField(
        help_text="the resource supplying most of the energy since the previous point"
    )


class PlantSerializer(serializers.Serializer):
    mw_electric = serializers.FloatField(
        allow_null=True, help_text="MW electric the economic supply supports; null: no data"
    )
    mw_thermal = serializers.FloatField(
        allow_null=True, help_text="MW thermal the economic supply supports; null: no data"
    )
    basis = serializers.CharField()
    energy_pj = serializers.FloatField(allow_null=True, help_text="PJ/yr; null: no data")
    efficiency_electric = serializers.FloatField(help_text="combustion (steam cycle)")
    efficiency_thermal = serializers.FloatField(help_text="combustion (steam cycle)")
    capacity_factor = serializers.FloatField(help_text="combustion (steam cycle)")
    routes = serializers.DictField(
        help_text="per resource: its conversion route and that route's efficiencies and capacity factor"
    )


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
    supply_curve = CurvePointSerializer(many=True, help_text="ordered by cost_usd_per_gj (the plotted unit)")
    plant = PlantSerializer()
    units = serializers.DictField(child=serializers.CharField())
    countries = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 3166-1 alpha-3 codes of the countries the area touches"
    )
    note = serializers.CharField(
        allow_null=True, help_text="why there is no data (no country here), else null"
    )
    area_km2 = serializers.FloatField(required=False)
    radius_km = serializers.FloatField(required=False)
    radius_for_plant = RadiusForPlantSerializer(required=False)


class SiteSerializer(GeoFeatureModelSerializer):
    """A candidate plant site as a GeoJSON Feature (a point); its name in the request's
    language (GeoNames' English exonyms, e.g. "Guatemala City", have Spanish entries)."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = Site
        geo_field = "point"
        id_field = False
        fields = ["geonameid", "name", "country", "population"]

    def get_name(self, site) -> str:
        return translated(site.name)
