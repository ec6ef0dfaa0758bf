"""Conversion technologies with every cost and performance value, its unit and its source;
the reference tariffs per country."""

from rest_framework import serializers

from biomass.catalogue.models import Tariff, Technology
from biomass.catalogue.reference.technologies import PARAMETERS
from biomass.languages import bilingual, translated


class TechnologyParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    low = serializers.FloatField()
    central = serializers.FloatField()
    high = serializers.FloatField()
    unit = serializers.CharField()
    source = serializers.CharField()
    is_assumption = serializers.BooleanField()


class TechnologySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.SerializerMethodField()
    parameters = serializers.SerializerMethodField()

    class Meta:
        model = Technology
        fields = [
            "slug",
            "name",
            "name_es",
            "name_en",
            "description",
            "routes",
            "produces_heat",
            "min_mw",
            "max_mw",
            "reference_mw",
            "parameters",
            "version",
        ]

    def get_description(self, technology) -> str:
        return bilingual(technology.description_es, technology.description_en)

    @staticmethod
    def _parameter(name: str, value: dict) -> dict:
        return {
            "name": name,
            **{case: value[case] for case in ("low", "central", "high")},
            "unit": translated(value["unit"]),
            "source": value["source"],
            "is_assumption": value["is_assumption"],
        }

    def get_parameters(self, technology) -> list[dict]:
        """In the order of the reference list; units in the request's language."""
        return TechnologyParameterSerializer(
            [self._parameter(name, technology.parameters[name]) for name in PARAMETERS], many=True
        ).data


class TariffSerializer(serializers.ModelSerializer):
    units = serializers.SerializerMethodField()

    class Meta:
        model = Tariff
        fields = [
            "country",
            "electricity_usd_mwh",
            "heat_usd_mwh",
            "units",
            "year",
            "source",
            "is_assumption",
            "note",
            "version",
        ]

    def get_units(self, tariff) -> dict:
        return {"electricity_usd_mwh": "USD/MWh", "heat_usd_mwh": "USD/MWh"}
