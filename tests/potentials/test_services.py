"""Computing and storing potentials (services.py): admin-1 units add up to their country,
each row records the versions of its inputs, a constraint layer touches every resource,
unknown inputs change nothing."""

import pytest

from biomass.catalogue.models import Resource, Scenario
from biomass.errors import InvalidInput, NotFound
from biomass.layers.models import Layer
from biomass.potentials.models import Potential
from biomass.potentials.services import potentials_compute, potentials_for_layer_version
from biomass.regions.models import Region
from tests.demo import region_resources, statistics_resources

pytestmark = pytest.mark.django_db


def test_states_add_up_to_their_country():
    for code in ("MEX", "GTM", "CRI"):
        country = Potential.objects.get(
            region__code=code, resource__slug="forest-residues", scenario__slug="central"
        )
        states = Potential.objects.filter(
            region__parent__code=code, resource__slug="forest-residues", scenario__slug="central"
        )
        assert sum(p.theoretical_t for p in states) == pytest.approx(country.theoretical_t, rel=0.002)


def test_every_row_records_the_versions_it_was_computed_with(django_capture_on_commit_callbacks):
    central = Scenario.objects.get(slug="central")
    Scenario.objects.filter(pk=central.pk).update(version=7)
    Resource.objects.filter(slug="forest-residues").update(version=3)
    written = potentials_compute(resource_slugs=["forest-residues"], scenario_slugs=["central"])
    assert written == Region.objects.count()
    rows = Potential.objects.filter(resource__slug="forest-residues", scenario=central)
    served = Layer.objects.get(slug="forest-residues").current_version
    assert {(p.scenario_version, p.resource_version, p.layer_version_id) for p in rows} == {(7, 3, served.pk)}
    others = Potential.objects.filter(resource__slug="forest-residues").exclude(scenario=central)
    assert {p.scenario_version for p in others} == {1} and {p.resource_version for p in others} == {1}


def test_rows_for_a_constraint_layer_version_cover_every_resource():
    version = Layer.objects.get(slug="slope-coarse").current_version
    rows = potentials_for_layer_version(version=version)
    assert {r.slug for r in rows} == statistics_resources() | {"forest-residues"}
    with_data = region_resources("country") | region_resources("admin1")
    for resource, resource_rows in rows.items():
        regions = {code for code, slug in with_data if slug == resource.slug}
        assert len(resource_rows) == len(regions) * Scenario.objects.count(), resource.slug


def test_unknown_layers_and_scenarios_are_refused_and_nothing_changes():
    before = sorted(Potential.objects.values_list("pk", "technical_t"))
    with pytest.raises(NotFound, match="99999"):
        potentials_compute(layer_ids=[99999])
    with pytest.raises(NotFound, match="utopia"):
        potentials_compute(scenario_slugs=["utopia"])
    with pytest.raises(InvalidInput, match="resource layer"):
        potentials_compute(layer_ids=[Layer.objects.get(slug="land-cover").pk])
    assert sorted(Potential.objects.values_list("pk", "technical_t")) == before
