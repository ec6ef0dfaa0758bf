"""The stable shape of the plant economics endpoints (a plant at a site, and its size curve).
Every number may be null: no data (a site without supply, a plant it cannot feed), never 0."""

from rest_framework import serializers


def number(help_text: str = "") -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


class PlantSiteSerializer(serializers.Serializer):
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    countries = serializers.ListField(child=serializers.CharField(), help_text="country codes at the site")


class PlantScenarioSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    discount_rate = serializers.FloatField(help_text="fraction per year (real terms)")
    discount_rate_source = serializers.CharField(allow_null=True)


class PlantInputSerializer(serializers.Serializer):
    central = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    unit = serializers.CharField()
    source = serializers.CharField()
    is_assumption = serializers.BooleanField()


class PlantTechnologySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    routes = serializers.ListField(child=serializers.CharField())
    produces_heat = serializers.BooleanField()
    min_mw = serializers.FloatField(help_text="MW electric")
    max_mw = serializers.FloatField(help_text="MW electric")
    inputs = serializers.DictField(
        child=PlantInputSerializer(), help_text="each parameter with its unit and source"
    )


class PlantPartsSerializer(serializers.Serializer):
    mw_electric = serializers.FloatField(help_text="MW")
    electricity_mwh = number("MWh/yr")
    heat_mwh = number("MWh/yr")
    fuel_gj = number("GJ/yr (LHV)")
    capital_usd = number("USD")
    capital_usd_per_kw = number("USD/kW")
    annual_capital_usd = number("USD/yr")
    fixed_om_usd = number("USD/yr")
    variable_om_usd = number("USD/yr")
    fuel_usd = number("USD/yr; null when the supply cannot feed the plant")
    annual_cost_usd = number("USD/yr")
    electricity_share = number("share of the annual cost borne by electricity (exergy split)")
    annuity_factor = number("1/yr")
    lifetime_years = serializers.IntegerField()


class PlantFuelShareSerializer(serializers.Serializer):
    resource = serializers.CharField()
    resource_name = serializers.CharField()
    share = serializers.FloatField(help_text="fraction of the fuel taken")


class PlantFuelSerializer(serializers.Serializer):
    supplied = serializers.BooleanField()
    needed_gj = serializers.FloatField(help_text="GJ/yr")
    radius_km = number("km")
    average_usd_gj = number("USD/GJ delivered")
    marginal_usd_gj = number("USD/GJ delivered")
    resources = PlantFuelShareSerializer(many=True)


class PlantTariffSerializer(serializers.Serializer):
    electricity_usd_mwh = number("USD/MWh")
    heat_usd_mwh = number("USD/MWh")
    country = serializers.CharField(allow_null=True)
    source = serializers.CharField(allow_null=True)
    is_assumption = serializers.BooleanField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    given_by_user = serializers.BooleanField()
    heat_source = serializers.CharField(allow_null=True, help_text="where the heat price comes from")


class PlantEvaluationSerializer(serializers.Serializer):
    site = PlantSiteSerializer()
    scenario = PlantScenarioSerializer()
    technology = PlantTechnologySerializer()
    plant = PlantPartsSerializer()
    fuel = PlantFuelSerializer()
    lcoe_usd_mwh = number("USD/MWh")
    lcoh_usd_mwh = number("USD/MWh, CHP only")
    lcoe_usd_mwh_p10 = number()
    lcoe_usd_mwh_p50 = number()
    lcoe_usd_mwh_p90 = number()
    lcoh_usd_mwh_p10 = number()
    lcoh_usd_mwh_p50 = number()
    lcoh_usd_mwh_p90 = number()
    draws = serializers.IntegerField(allow_null=True)
    unsupplied_draws = serializers.IntegerField(allow_null=True)
    tariff = PlantTariffSerializer()
    revenue_usd = number("USD/yr")
    npv_usd = number("USD")
    simple_payback_years = number("years; null when the yearly cash flow is not positive")
    units = serializers.DictField(child=serializers.CharField())
    note = serializers.CharField(allow_null=True)
    method = serializers.CharField()


class PlantSizeSerializer(serializers.Serializer):
    mw = serializers.FloatField(help_text="MW electric")
    supplied = serializers.BooleanField()
    lcoe_usd_mwh = number("USD/MWh")
    lcoh_usd_mwh = number("USD/MWh")
    radius_km = number("km")
    average_usd_gj = number("USD/GJ")
    marginal_usd_gj = number("USD/GJ")
    capital_usd_per_kw = number("USD/kW")
    fuel_gj = number("GJ/yr")


class PlantBestSizeSerializer(serializers.Serializer):
    mw = serializers.FloatField()
    lcoe_usd_mwh = serializers.FloatField()


class PlantSizeCurveSerializer(serializers.Serializer):
    site = PlantSiteSerializer()
    scenario = PlantScenarioSerializer()
    technology = PlantTechnologySerializer()
    sizes = PlantSizeSerializer(many=True)
    best = PlantBestSizeSerializer(allow_null=True)
    units = serializers.DictField(child=serializers.CharField())
    note = serializers.CharField(allow_null=True)
    method = serializers.CharField()
