"""From statistics to production layers (derive.py), checked on the demo data against the
fixture file read independently: every country's theoretical potential is its mean production
× conversion × RPR × dry matter to 1e-9; a country without a statistic has no data (no row),
not 0; the fallback for a country without cropland in the land cover keeps its total."""

from collections import defaultdict

import numpy as np
import pytest

from biomass.catalogue.models import CommodityYield, Resource
from biomass.layers.models import Layer
from biomass.potentials.models import Potential
from biomass.statistics.derive import Reference, added, references
from tests.demo import reference_production, statistics_series

pytestmark = pytest.mark.django_db


def expected_theoretical() -> dict[tuple[str, str], float]:
    """{(country, resource): t DM/yr} on paper: Σ over the commodities that yield the resource
    of mean production × factor × RPR × dry matter (central values)."""
    out: dict[tuple[str, str], float] = defaultdict(float)
    links = CommodityYield.objects.select_related("commodity", "resource")
    params = {r.slug: r.parameter_values("central") for r in Resource.objects.prefetch_related("parameters")}
    for (commodity, country), production in reference_production().items():
        for link in links.filter(commodity__slug=commodity):
            p = params[link.resource.slug]
            out[(country, link.resource.slug)] += production * link.factor * p["rpr"] * p["dry_matter"]
    return out


def test_every_country_keeps_its_statistic_exactly():
    expected = expected_theoretical()
    assert len(expected) > 100
    stored = {
        (code, slug): t
        for code, slug, t in Potential.objects.filter(scenario__slug="central", region__level="country")
        .exclude(resource__slug="forest-residues")
        .values_list("region__code", "resource__slug", "theoretical_t")
    }
    assert set(stored) == set(expected)
    for key, value in expected.items():
        assert stored[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


def test_a_country_without_a_statistic_has_no_data_not_zero():
    countries = {country for (commodity, country) in statistics_series() if commodity == "oil-palm-fruit"}
    assert 0 < len(countries) < 9  # FAOSTAT reports palm oil for some of the nine countries only
    rows = Potential.objects.filter(
        resource__slug="oil-palm-efb", region__level="country", scenario__slug="low"
    )
    assert set(rows.values_list("region__code", flat=True)) == countries


def test_belize_spreads_its_cane_over_its_districts_and_keeps_its_total():
    provenance = Layer.objects.get(slug="sugarcane-bagasse").current_version.provenance
    cane = provenance["commodities"]["sugar-cane-milled"]
    # MODIS shows almost no cropland in Belize at 0.05°; its savannas hold the cane, no fallback
    assert cane["rule"] == "cropland" and cane["fallback"] == []
    central = Potential.objects.filter(resource__slug="sugarcane-bagasse", scenario__slug="central")
    belize = central.get(region__code="BLZ")
    assert belize.theoretical_t == pytest.approx(
        expected_theoretical()[("BLZ", "sugarcane-bagasse")], rel=1e-9
    )
    assert belize.theoretical_t > 100_000  # ~1.4 Mt of cane milled a year: no longer ≈ 0
    districts = central.filter(region__parent__code="BLZ")
    assert districts.count() == 6 and sum(d.theoretical_t > 0 for d in districts) >= 4


def test_the_reference_is_the_mean_of_the_last_five_years_reported():
    series = {("maize", "CRI"): {2010: 1.0, 2014: 2.0, 2016: 3.0, 2017: 4.0, 2019: 5.0, 2020: 6.0}}
    assert references(series)["maize"]["CRI"] == Reference(value=4.0, first=2014, last=2020)
    assert references({("maize", "CRI"): {2020: 7.0}})["maize"]["CRI"] == Reference(7.0, 2020, 2020)


def test_no_data_plus_no_data_stays_no_data():
    a, b = np.array([np.nan, np.nan, 1.0, 2.0]), np.array([np.nan, 3.0, np.nan, 4.0])
    out = added(a, b)
    assert np.isnan(out[0]) and list(out[1:]) == [3.0, 1.0, 6.0]
