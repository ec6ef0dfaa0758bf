"""The technology and tariff serializers: every parameter in the reference order with its unit
in the active language, and the tariff's units."""

import pytest
from django.utils import translation

from biomass.api.serializers.technologies import TariffSerializer, TechnologySerializer
from biomass.catalogue.models import Tariff, Technology
from biomass.catalogue.reference.technologies import PARAMETERS

pytestmark = pytest.mark.django_db


def test_a_technology_lists_every_parameter_in_order_with_its_unit_in_the_active_language():
    chp = Technology.objects.get(slug="steam-chp")
    with translation.override("es"):
        data = TechnologySerializer(chp).data
    assert [p["name"] for p in data["parameters"]] == list(PARAMETERS)
    units = {p["name"]: p["unit"] for p in data["parameters"]}
    assert units["lifetime_years"] == "años" and units["capex_usd_per_kw"] == "USD/kW"
    thermal = next(p for p in data["parameters"] if p["name"] == "efficiency_thermal")
    assert (thermal["low"], thermal["central"], thermal["high"]) == (0.45, 0.55, 0.60)
    assert data["name"] == "Cogeneración con ciclo de vapor" and data["description"].startswith("Combustión")


def test_a_tariff_has_its_units_and_no_heat_price_is_none():
    data = TariffSerializer(Tariff.objects.get(country="MEX")).data
    assert data["electricity_usd_mwh"] == 70 and data["heat_usd_mwh"] is None
    assert data["units"] == {"electricity_usd_mwh": "USD/MWh", "heat_usd_mwh": "USD/MWh"}
