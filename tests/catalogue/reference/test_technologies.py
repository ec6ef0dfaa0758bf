"""The technologies and tariffs (reference/technologies.py, technologies.json): loaded by the
migration, every parameter sourced or an assumption, bad parameters refused by name, the
loaders idempotent."""

import copy

import pytest
from django.core.exceptions import ValidationError

from biomass.catalogue.models import Scenario, Tariff, Technology
from biomass.catalogue.reference.technologies import (
    PARAMETERS,
    TechnologyError,
    load_tariffs,
    load_technologies,
    read,
    validate_technology,
)
from biomass.catalogue.selectors import technology_costs, technology_get, technology_spreads
from biomass.catalogue.services import reference_data_load, tariff_save, technology_save
from biomass.errors import InvalidInput, NotFound

pytestmark = pytest.mark.django_db
ATLAS = {"BLZ", "CRI", "DOM", "GTM", "HND", "MEX", "NIC", "PAN", "SLV"}


def steam_power() -> dict:
    return copy.deepcopy(next(t for t in read()["technologies"] if t["slug"] == "steam-power"))


def test_the_migration_loads_the_technologies_tariffs_and_discount_rates():
    assert Technology.objects.count() >= 3
    assert {"steam-power", "steam-chp", "biogas-chp"} <= set(
        Technology.objects.values_list("slug", flat=True)
    )
    assert set(Tariff.objects.values_list("country", flat=True)) == ATLAS  # one per atlas country
    rates = dict(Scenario.objects.values_list("slug", "discount_rate"))
    assert rates["low"] > rates["central"] > rates["high"]  # the conservative one discounts most


def test_every_parameter_is_there_ordered_with_its_unit_and_a_source_or_an_assumption():
    for technology in Technology.objects.all():
        assert set(technology.parameters) == set(PARAMETERS), technology.slug
        for name, value in technology.parameters.items():
            assert value["low"] <= value["central"] <= value["high"], (technology.slug, name)
            assert value["unit"] == PARAMETERS[name][0]
            assert len(value["source"]) > 20 and isinstance(value["is_assumption"], bool)
    assert Technology.objects.get(slug="biogas-chp").routes == ["biogas"]
    assert not Technology.objects.get(slug="steam-power").produces_heat
    for tariff in Tariff.objects.all():
        assert 60 <= tariff.electricity_usd_mwh <= 150 and (tariff.source or tariff.is_assumption)


def test_the_heat_exergy_factor_is_the_carnot_factor_of_heat_at_90_c():
    # 1 - 298.15 K / 363.15 K = 65 / 363.15 = 0.17899 -> 0.179
    factor = Technology.objects.get(slug="steam-chp").parameters["heat_exergy_factor"]
    assert factor["central"] == 0.179 and factor["is_assumption"] is False


def test_the_loaders_are_idempotent_and_restore_an_edited_row():
    assert load_technologies(Technology) == [] and load_tariffs(Tariff) == []  # the migration ran them
    Tariff.objects.filter(country="MEX").update(electricity_usd_mwh=1.0)
    assert load_tariffs(Tariff) == ["MEX"] and load_tariffs(Tariff) == []
    assert Tariff.objects.get(country="MEX").electricity_usd_mwh == 70


def test_reference_data_load_raises_the_version_of_a_changed_technology_only():
    steam = Technology.objects.get(slug="steam-power")
    steam.parameters["lifetime_years"]["central"] = 26
    Technology.objects.filter(pk=steam.pk).update(parameters=steam.parameters)
    changed = reference_data_load()
    assert changed["technologies"] == ["steam-power"] and changed["tariffs"] == []
    assert Technology.objects.get(slug="steam-power").version == 2
    assert Technology.objects.get(slug="steam-chp").version == 1
    assert reference_data_load()["technologies"] == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t["parameters"].pop("capacity_factor"), "steam-power.capacity_factor: missing"),
        (
            lambda t: t["parameters"]["capex_usd_per_kw"].update(low=9999),
            "steam-power.capex_usd_per_kw: the values",
        ),
        (
            lambda t: t["parameters"]["capacity_factor"].update(high=1.2),
            "steam-power.capacity_factor: must be above 0",
        ),
        (
            lambda t: t["parameters"]["lifetime_years"].update(unit="months"),
            "steam-power.lifetime_years: unit",
        ),
        (
            lambda t: t["parameters"]["scale_exponent"].update(source=""),
            "steam-power.scale_exponent: a source",
        ),
        (lambda t: t["parameters"]["efficiency_thermal"].update(central=0.5, high=0.5), "efficiency_thermal"),
        (lambda t: t.update(routes=["pyrolysis"]), "steam-power: routes"),
        (lambda t: t.update(reference_mw=80), "steam-power: sizes"),
    ],
)
def test_bad_data_are_refused_naming_the_technology_and_the_parameter(change, words):
    item = steam_power()
    validate_technology("steam-power", item)  # the file's own data pass
    change(item)
    with pytest.raises(TechnologyError, match=words.replace(".", r"\.")):
        validate_technology("steam-power", item)


def test_a_staff_edit_is_validated_and_raises_the_version():
    technology = Technology.objects.get(slug="biogas-chp")
    technology.parameters["efficiency_electric"]["low"] = 0.5  # above central 0.37
    with pytest.raises(ValidationError, match="biogas-chp.efficiency_electric"):
        technology_save(technology=technology)
    technology.refresh_from_db()
    technology.parameters["lifetime_years"]["high"] = 30
    assert technology_save(technology=technology).version == 2
    tariff = Tariff.objects.get(country="CRI")
    tariff.electricity_usd_mwh = -1
    with pytest.raises(ValidationError):
        tariff_save(tariff=tariff)
    tariff.electricity_usd_mwh = 101
    assert tariff_save(tariff=tariff).version == 2


def test_the_selectors_give_the_engine_fields_and_the_spreads():
    steam = technology_get(slug="steam-power")
    costs = technology_costs(steam, case="high")
    assert set(costs) == {"reference_mw", *PARAMETERS}
    assert costs["capex_usd_per_kw"] == 3000 and costs["reference_mw"] == 20
    assert technology_spreads(steam)["efficiency_electric"] == (0.20, 0.27, 0.34)
    assert set(technology_spreads(steam)) == {
        "capex_usd_per_kw",
        "fixed_om_share",
        "efficiency_electric",
        "capacity_factor",
    }
    with pytest.raises(NotFound):
        technology_get(slug="nope")
    with pytest.raises(InvalidInput) as error:
        technology_get(slug="nope", parameter=True)
    assert error.value.field == "technology"
