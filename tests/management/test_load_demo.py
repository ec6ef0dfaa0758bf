"""load_demo: the demo data the way `make demo` loads it, idempotent."""

import pytest

from biomass.catalogue.models import Scenario
from biomass.layers.models import Layer, LayerVersion
from biomass.potentials.models import Potential
from biomass.regions.models import Region
from tests.conftest import media_snapshot

pytestmark = pytest.mark.django_db


def test_demo_potentials_cover_every_region_resource_and_scenario():
    regions = Region.objects.count()
    assert regions == 169
    for slug in ("crop-residues-mixed", "forest-residues"):
        for scenario in Scenario.objects.all():
            rows = Potential.objects.filter(resource__slug=slug, scenario=scenario)
            assert rows.count() == regions
    mexico = Potential.objects.get(
        region__code="MEX", resource__slug="crop-residues-mixed", scenario__slug="central"
    )
    # Every Mexican cell is on the grid: coverage is complete; low <= central <= high.
    assert mexico.coverage == pytest.approx(1.0, abs=1e-4)
    by_case = {
        p.scenario.slug: p.technical_t
        for p in Potential.objects.filter(region__code="MEX", resource__slug="crop-residues-mixed")
    }
    assert by_case["low"] < by_case["central"] < by_case["high"]
    assert mexico.technical_t <= mexico.theoretical_t * 0.4 + 1e-6  # availability 0.4 and constraints
    assert mexico.theoretical_pj == pytest.approx(mexico.theoretical_t * 16.5 / 1e6)


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
