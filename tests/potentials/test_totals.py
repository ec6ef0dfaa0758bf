"""Region totals (totals.py): the sums of the stored potentials counted in totals, with the
percentiles of the Monte Carlo's total, in the export order of the columns."""

import pytest

from biomass.errors import InvalidInput
from biomass.potentials.columns import FIELDS as COLUMNS
from biomass.potentials.models import Potential, PotentialTotal
from biomass.potentials.totals import FIELDS, potential_totals

pytestmark = pytest.mark.django_db


def test_totals_are_the_sums_of_the_counted_resources():
    rows = potential_totals(level="country", scenario="central")
    assert [r["region_code"] for r in rows] == sorted(r["region_code"] for r in rows) and len(rows) == 9
    for row in rows:
        stored = Potential.objects.filter(
            region__code=row["region_code"], scenario__slug="central", resource__counted_in_totals=True
        )
        assert row["technical_pj"] == pytest.approx(sum(p.technical_pj for p in stored), rel=1e-12)
        total = PotentialTotal.objects.get(region__code=row["region_code"], scenario__slug="central")
        assert row["technical_t_p90"] == total.percentiles["technical_t_p90"]


def test_the_percentile_columns_follow_the_export_order():
    def percentile(name):
        return name.split("_")[-1] in ("p10", "p50", "p90")

    assert [f for f in FIELDS if percentile(f)] == [c for c in COLUMNS if percentile(c)]


def test_unknown_filters_are_refused_by_name():
    with pytest.raises(InvalidInput) as error:
        potential_totals(region="XXX")
    assert error.value.field == "region"
