"""A country's trend (trends.py) on the demo data: the total of a year is the sum of the
resources counted in totals; crops a country does not grow are left out."""

import pytest

from biomass.potentials.series import potentials_series
from biomass.potentials.trends import country_trend
from tests.demo import statistics_series

pytestmark = pytest.mark.django_db


def test_the_total_of_a_year_is_the_sum_of_the_resources():
    counted = {"maize-stover", "sugarcane-bagasse", "wheat-straw", "coffee-pulp"}
    trend = country_trend(code="CRI", scenario="central", counted=counted)
    rows = potentials_series(region="CRI")["results"]
    for year in (1961, 1990, 2020):
        expected = sum(r["technical_pj"] for r in rows if r["year"] == year and r["resource"] in counted)
        assert trend["total"][trend["years"].index(year)] == pytest.approx(expected, rel=1e-12)
    assert trend["reference"] == (2016, 2020) and trend["labels"] == ["FAOSTAT food balances, mean 2016–2020"]
    # Costa Rica grows no wheat (FAOSTAT: 0 t in every year it reports): not drawn, not a gap
    assert all(
        v == 0
        for (c, code), years in statistics_series().items()
        if (c, code) == ("wheat", "CRI")
        for v in years.values()
    )
    assert "wheat-straw" not in {line["slug"] for line in trend["lines"]} and trend["years"][0] == 1961
    assert None not in trend["total"]


def test_a_country_without_statistics_based_resources_has_no_trend():
    assert country_trend(code="CRI", scenario="central", counted={"forest-residues"}) is None
