"""load_demo: the demo data the way `make demo` loads it, idempotent."""

import pytest

from biomass.catalogue.models import Resource, Scenario
from biomass.layers.models import Layer, LayerVersion
from biomass.potentials.models import Potential
from biomass.regions.models import Region
from tests.conftest import media_snapshot
from tests.demo import reference_production, region_resources

pytestmark = pytest.mark.django_db


def test_demo_potentials_cover_every_region_resource_and_scenario():
    assert Region.objects.count() == 169
    expected = region_resources("country") | region_resources("admin1")
    for scenario in Scenario.objects.all():
        rows = Potential.objects.filter(scenario=scenario).values_list("region__code", "resource__slug")
        assert set(rows) == expected  # numbers where the statistics are, no row (no data) elsewhere
    mexico = Potential.objects.get(
        region__code="MEX", resource__slug="maize-stover", scenario__slug="central"
    )
    # Every Mexican cell is on the grid: coverage is complete; low <= central <= high.
    assert mexico.coverage == pytest.approx(1.0, abs=1e-4)
    by_case = {
        p.scenario.slug: p.technical_t
        for p in Potential.objects.filter(region__code="MEX", resource__slug="maize-stover")
    }
    assert by_case["low"] < by_case["central"] < by_case["high"]
    # theoretical = mean maize production 2016-2020 (from the CSV) x RPR x dry matter, exactly
    params = Resource.objects.get(slug="maize-stover").parameter_values("central")
    production = reference_production()[("maize", "MEX")]
    assert mexico.theoretical_t == pytest.approx(production * params["rpr"] * params["dry_matter"], rel=1e-9)
    assert mexico.technical_t <= mexico.theoretical_t * params["availability"] * (1 + 1e-9)
    # energy: the net calorific value as received, LHV − 2.443 (1 − d) / d GJ/t DM
    ncv = params["lhv"] - 2.443 * (1 - params["dry_matter"]) / params["dry_matter"]
    assert mexico.theoretical_pj == pytest.approx(mexico.theoretical_t * ncv / 1e6)


def state():
    """What a failed import must leave unchanged: the database rows and the media files."""
    return (
        sorted(Layer.objects.values_list("slug", "current_version_id")),
        LayerVersion.objects.count(),
        sorted(Potential.objects.values_list("region_id", "resource_id", "scenario_id", "technical_t")),
        media_snapshot(),
    )


def test_load_demo_is_idempotent(call):
    before = state()
    out, _ = call("load_demo")
    assert out.count("already loaded") == 5
    assert state() == before


def test_a_demo_file_held_by_an_older_version_is_not_loaded_again(call):
    """A layer whose current version is no longer the demo's file (staff replaced or
    withdrew it) keeps its state: the demo's file is already one of its versions."""
    layer = Layer.objects.exclude(current_version=None).order_by("slug").first()
    Layer.objects.filter(pk=layer.pk).update(current_version=None)
    versions = LayerVersion.objects.count()
    out, _ = call("load_demo")
    assert out.count("already loaded") == 5
    assert LayerVersion.objects.count() == versions
    assert Layer.objects.get(pk=layer.pk).current_version is None
