"""The catalogue's models refuse impossible values: in validation (what the admin shows)
and in the database itself (what any other write meets)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from biomass.catalogue.models import Resource, ResourceParameter, Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field, value",
    [
        ("capacity_factor", 0.0),
        ("capacity_factor", 1.01),
        ("efficiency_electric", 0.0),
        ("efficiency_thermal", -0.2),
        ("collection_cost_usd_t", -1.0),
        ("transport_cost_usd_t_km", -0.01),
        ("price_usd_t", -5.0),
        ("tortuosity", 0.99),
    ],
)
def test_impossible_scenario_values_fail_validation_and_the_database(field, value):
    scenario = Scenario.objects.get(slug="central")
    setattr(scenario, field, value)
    with pytest.raises(ValidationError) as refused:
        scenario.full_clean()
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        scenario.save()


def test_a_capacity_factor_of_one_and_free_transport_are_possible():
    scenario = Scenario.objects.get(slug="central")
    scenario.capacity_factor, scenario.transport_cost_usd_t_km, scenario.tortuosity = 1.0, 0.0, 1.0
    scenario.full_clean()


def test_availability_overrides_are_shares():
    scenario = Scenario.objects.get(slug="central")
    for overrides in ({"forest-residues": 1.5}, {"forest-residues": "half"}, ["forest-residues"]):
        scenario.availability_overrides = overrides
        with pytest.raises(ValidationError):
            scenario.full_clean()
    scenario.availability_overrides = {"forest-residues": 0.0}
    scenario.full_clean()


@pytest.mark.parametrize(
    "name, low, central, high, message",
    [
        ("lhv", 18.0, 17.0, 19.0, "ordered"),
        ("rpr", -0.1, 0.5, 1.0, "negative"),
        ("dry_matter", 0.5, 0.9, 1.2, "above 1"),
        ("availability", 0.5, 0.9, 1.01, "above 1"),
    ],
)
def test_impossible_parameters_fail_validation_and_the_database(name, low, central, high, message):
    parameter = ResourceParameter.objects.get(resource__slug="maize-stover", name=name)
    parameter.low, parameter.central, parameter.high = low, central, high
    with pytest.raises(ValidationError, match=message):
        parameter.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        parameter.save()


def test_a_ratio_may_exceed_one_but_a_fraction_may_not():
    rpr = ResourceParameter.objects.get(resource__slug="rice-straw", name="rpr")
    rpr.high = 2.5
    rpr.full_clean()
    assert Resource.objects.get(slug="rice-straw").version == 1
