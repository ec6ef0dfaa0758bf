"""compute_potentials: a scenario change recomputed from cached sums; unknown ids refused."""

import pytest
from django.core.management.base import CommandError

from biomass.catalogue.models import Scenario
from biomass.potentials.models import Potential

pytestmark = pytest.mark.django_db


def test_scenario_change_recomputes_from_cached_sums(call, tmp_path):
    central = Scenario.objects.get(slug="central")
    before = Potential.objects.get(region__code="MEX", resource__slug="maize-stover", scenario=central)
    central.constraints = {
        **central.constraints,
        "land-cover": {"exclude": [0, 8, 9, 10, 11, 12, 13, 14, 15, 16]},
    }
    central.version += 1
    central.save()
    out, _ = call("compute_potentials", "--scenario", "central")
    after = Potential.objects.get(region__code="MEX", resource__slug="maize-stover", scenario=central)
    # Maize production is spread over croplands, mosaics, savannas and grasslands (8-10, 12, 14)
    # only: excluding them leaves nothing.
    assert before.technical_t > 0 and after.technical_t == 0
    assert after.theoretical_t == pytest.approx(before.theoretical_t)
    assert after.scenario_version == central.version


def test_compute_potentials_rejects_unknown_ids(call):
    with pytest.raises(CommandError, match="unknown scenario"):
        call("compute_potentials", "--scenario", "utopia")
    with pytest.raises(CommandError, match="unknown layer id"):
        call("compute_potentials", "--layer", "999999")
