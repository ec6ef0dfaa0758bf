"""The reference data files: loaded by the migrations, every value sourced or labelled an assumption."""

import pytest

from biomass.catalogue import reference
from biomass.catalogue.models import ECONOMIC_UNITS, Resource, Scenario
from biomass.engine import factors

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


def test_every_assumption_says_why_and_every_constant_and_spread_is_sourced():
    for resource in Resource.objects.prefetch_related("parameters"):
        for parameter in resource.parameters.all():
            if parameter.is_assumption:
                assert len(parameter.note) > 20, f"{parameter}: an assumption needs its reasoning"
    for name, constant in reference.read("resources.json")["constants"].items():
        assert constant["source"] and constant["unit"], name
    spreads = reference.read("scenarios.json")["uncertainty"]
    for name in ("price_usd_t", "collection_cost_usd_t", "transport_cost_usd_t_km", "tortuosity"):
        assert 0 < spreads[name]["spread"] < 1 and spreads[name]["source"], name
    for name, source in reference.read("scenarios.json")["sources"].items():
        if name == "parameter_case":
            continue  # points to each parameter's own source, checked above
        assert "assumption" in source or any(str(year) in source for year in range(1950, 2030)), name


def test_every_resource_is_an_energy_source_by_its_route_in_every_case():
    methane = reference.constant("methane_energy_gj_per_m3")
    for resource in Resource.objects.prefetch_related("parameters"):
        assert resource.route in ("combustion", "biogas")
        for case in ("low", "central", "high"):
            energy = float(factors.energy(resource.route, resource.parameter_values(case), methane))
            assert energy > 0, (resource.slug, case)  # a negative net energy is refused, never shown


def test_no_scenario_is_zero_by_construction():
    for scenario in Scenario.objects.all():
        assert scenario.price_usd_t > scenario.collection_cost_usd_t, scenario.slug
