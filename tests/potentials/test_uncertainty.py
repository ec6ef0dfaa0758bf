"""Percentiles of the stored potentials (uncertainty.py): ordered, around the central
scenario's numbers, spread by the statistics' years, kept in a file keyed by every input."""

import pytest

from biomass.catalogue.models import Scenario
from biomass.potentials import uncertainty
from biomass.potentials.models import Potential, PotentialTotal

pytestmark = pytest.mark.django_db


def test_every_stored_potential_has_ordered_percentiles():
    rows = Potential.objects.filter(scenario__slug="central")
    assert rows.exists()
    for p in rows:
        for q in ("theoretical_t", "technical_t", "economic_t", "technical_pj"):
            low, mid, high = (p.percentiles[f"{q}_p{n}"] for n in (10, 50, 90))
            assert low <= mid <= high, (p, q)


def test_the_central_total_lies_within_its_range_and_the_years_spread_it():
    total = PotentialTotal.objects.get(region__code="MEX", scenario__slug="central")
    point = sum(
        p.technical_pj
        for p in Potential.objects.filter(
            region__code="MEX", scenario__slug="central", resource__counted_in_totals=True
        )
    )
    assert total.percentiles["technical_pj_p10"] < point < total.percentiles["technical_pj_p90"]
    # maize is a statistic: with every parameter fixed, its spread would come from the years alone
    sensitivity = {(b["resource"], b["parameter"]) for b in total.sensitivity["bars"]}
    assert ("maize-stover", "availability") in sensitivity
    assert total.sensitivity["point"] == pytest.approx(
        point, rel=1e-9
    )  # every parameter at its central value


def test_results_are_kept_by_their_inputs(tmp_path):
    central = Scenario.objects.get(slug="central")
    first = uncertainty.percentiles(central)
    files = set(uncertainty.compute.cache_dir("uncertainty").glob("central-*.json"))
    assert uncertainty.percentiles(central) == first  # read back, the same
    central.price_usd_t += 10
    central.version += 1  # a changed scenario is another key: computed again
    changed = uncertainty.percentiles(central)
    assert set(uncertainty.compute.cache_dir("uncertainty").glob("central-*.json")) > files
    key = ("MEX", "maize-stover")
    assert changed["rows"][key]["economic_t_p50"] >= first["rows"][key]["economic_t_p50"]
    assert changed["rows"][key]["theoretical_t_p50"] == first["rows"][key]["theoretical_t_p50"]
