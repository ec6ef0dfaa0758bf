"""Writes for the catalogue (services.py): every change raises the version of what changed
and recomputes its potentials; re-loading unchanged reference data changes nothing."""

import json

import pytest
from django.core.exceptions import ValidationError

from biomass.catalogue import reference
from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.services import reference_data_load, resource_save, scenario_save
from biomass.potentials.models import Potential
from tests.conftest import queued_work
from tests.uploads import technical

pytestmark = pytest.mark.django_db


def test_saving_a_scenario_raises_its_version_and_recomputes_on_commit(django_capture_on_commit_callbacks):
    high = Scenario.objects.get(slug="high")
    before = technical("HND", "forest-residues", "high").technical_t
    high.availability_overrides = {"forest-residues": 0.1}
    with django_capture_on_commit_callbacks(execute=False) as queued:
        scenario_save(scenario=high, changed=["availability_overrides"])
    assert Scenario.objects.get(slug="high").version == 2 and len(queued_work(queued)) == 1
    assert technical("HND", "forest-residues", "high").technical_t == before  # not before the commit
    queued[0]()  # the task runs (immediate backend)
    after = technical("HND", "forest-residues", "high")
    assert after.scenario_version == 2 and after.technical_t < before


def test_an_unchanged_scenario_keeps_its_version_and_an_impossible_one_is_refused(
    django_capture_on_commit_callbacks,
):
    low = Scenario.objects.get(slug="low")
    scenario_save(scenario=low, changed=[])
    assert Scenario.objects.get(slug="low").version == 1
    low.capacity_factor = 0
    with pytest.raises(ValidationError):
        scenario_save(scenario=low, changed=["capacity_factor"])
    assert Scenario.objects.get(slug="low").capacity_factor > 0


def test_saving_a_resource_with_a_parameter_raises_its_version_and_recomputes(
    django_capture_on_commit_callbacks,
):
    forest = Resource.objects.get(slug="forest-residues")
    availability = forest.parameters.get(name="availability")
    old = availability.central
    availability.low, availability.central, availability.high = 0.1, 0.2, 0.3
    before = technical("PAN", "forest-residues")
    with django_capture_on_commit_callbacks(execute=True):
        resource_save(resource=forest, parameters=[availability])
    after = technical("PAN", "forest-residues")
    assert Resource.objects.get(pk=forest.pk).version == 2 and after.resource_version == 2
    # the technical potential is proportional to the availability factor (0.5 -> 0.2)
    assert old == 0.5 and after.technical_t == pytest.approx(before.technical_t * 0.2 / old)
    assert after.theoretical_t == pytest.approx(before.theoretical_t)


def test_reloading_unchanged_reference_data_changes_nothing():
    before = sorted(Potential.objects.values_list("pk", "computed_at"))
    assert reference_data_load() == {
        "resources": [],
        "scenarios": [],
        "commodities": [],
        "technologies": [],
        "tariffs": [],
    }
    assert set(Resource.objects.values_list("version", flat=True)) == {1}
    assert sorted(Potential.objects.values_list("pk", "computed_at")) == before


def test_a_changed_reference_file_raises_versions_and_recomputes(monkeypatch, call):
    data = {name: reference.read(name) for name in ("resources.json", "scenarios.json", "commodities.json")}
    forest = next(r for r in data["resources.json"]["resources"] if r["slug"] == "forest-residues")
    forest["parameters"]["lhv"] |= {"low": 10.0, "central": 10.0, "high": 10.0}
    data["scenarios.json"]["scenarios"][0]["price_usd_t"] = 31
    monkeypatch.setattr(reference, "read", lambda name: json.loads(json.dumps(data[name])))
    out, _ = call("load_reference_data")
    assert "changed resources: forest-residues; changed scenarios: low; changed commodities: none" in out
    assert Resource.objects.get(slug="forest-residues").version == 2
    assert Scenario.objects.get(slug="low").version == 2 and Scenario.objects.get(slug="high").version == 1
    row = technical("MEX", "forest-residues")
    # burnt as received at the forest residues' dry share d: 10 − 2.443 (1 − d) / d GJ/t DM
    d = forest["parameters"]["dry_matter"]["central"]
    energy = 10.0 - 2.443 * (1 - d) / d
    assert row.resource_version == 2 and row.theoretical_pj == pytest.approx(row.theoretical_t * energy / 1e6)
    assert technical("MEX", "forest-residues", "low").scenario_version == 2


def test_a_changed_commodity_conversion_spreads_the_statistics_again(monkeypatch, call):
    data = {name: reference.read(name) for name in ("resources.json", "scenarios.json", "commodities.json")}
    coffee = next(c for c in data["commodities.json"]["commodities"] if c["slug"] == "coffee-green")
    pulp = next(y for y in coffee["yields"] if y["resource"] == "coffee-pulp")
    old_factor, pulp["factor"] = pulp["factor"], 5.0
    before, husk = technical("HND", "coffee-pulp"), technical("HND", "coffee-husk")
    monkeypatch.setattr(reference, "read", lambda name: json.loads(json.dumps(data[name])))
    out, _ = call("load_reference_data")
    assert "changed commodities: coffee-green" in out
    after = technical("HND", "coffee-pulp")
    assert after.layer_version.number == before.layer_version.number + 1
    assert after.theoretical_t == pytest.approx(before.theoretical_t * 5.0 / old_factor, rel=1e-9)
    assert technical("HND", "coffee-husk").theoretical_t == pytest.approx(husk.theoretical_t, rel=1e-9)
