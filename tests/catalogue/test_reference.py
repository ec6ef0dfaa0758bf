"""The reference data files: loaded by the migrations, every value sourced or labelled an assumption."""

import pytest

from biomass.catalogue import reference
from biomass.catalogue.models import ECONOMIC_UNITS, Resource, Scenario

pytestmark = pytest.mark.django_db


def test_reference_data_is_there_after_migrate_and_every_value_is_sourced_or_an_assumption():
    assert Resource.objects.count() == 21  # with wheat straw, for the food-balance wheat
    assert set(Scenario.objects.values_list("slug", flat=True)) >= {"low", "central", "high"}
    for resource in Resource.objects.prefetch_related("parameters"):
        names = {p.name for p in resource.parameters.all()}
        assert "lhv" in names or "methane_yield" in names, resource.slug
        assert "availability" in names
        for parameter in resource.parameters.all():
            assert parameter.low <= parameter.central <= parameter.high
            assert parameter.source or parameter.is_assumption, parameter


def test_the_economic_parameters_are_declared_once():
    assert reference.ECONOMIC_FIELDS == tuple(ECONOMIC_UNITS)
    assert set(ECONOMIC_UNITS) <= set(reference.SCENARIO_FIELDS)
    for scenario in reference.read("scenarios.json")["scenarios"]:
        assert set(ECONOMIC_UNITS) <= set(scenario)
    assert set(ECONOMIC_UNITS) <= set(reference.read("scenarios.json")["sources"])  # each one sourced
