"""Potentials year by year (series.py) where admin-1 statistics are imported: a unit follows
its own production, its country the sum of its units, and a year a unit does not report is
no data (null), not 0."""

import pytest

from biomass.catalogue.models import Resource
from biomass.potentials.models import Potential
from biomass.potentials.series import potentials_series
from biomass.statistics.services import StatisticsRequest, statistics_import

pytestmark = pytest.mark.django_db
UNITS = ("BZ-BZ", "BZ-CY", "BZ-CZL", "BZ-OW", "BZ-SC", "BZ-TOL")


def stored(code):
    return Potential.objects.get(
        region__code=code, resource__slug="sugarcane-bagasse", scenario__slug="central"
    )


def by_year(code):
    rows = potentials_series(region=code, resource="sugarcane-bagasse")["results"]
    return {r["year"]: r for r in rows}


def test_units_follow_their_own_years_and_the_country_their_sum(tmp_path):
    lines = ["region_code,commodity,year,quantity,unit"]
    for i, code in enumerate(UNITS):
        lines += [
            f"{code},sugar-cane-milled,2019,{100_000 * (i + 1)},t",
            f"{code},sugar-cane-milled,2020,{50_000 * (i + 1)},t",
        ]
    lines.append("BZ-OW,sugar-cane-milled,2018,999,t")  # only one unit reports 2018
    path = tmp_path / "belize.csv"
    path.write_text("\n".join(lines) + "\n")
    statistics_import(
        path=path, request=StatisticsRequest(source="Belize survey", licence="CC0", name="Belize")
    )
    # Orange Walk (the 4th unit): reference = mean(999, 400,000, 200,000) over 2018-2020
    orange_walk = by_year("BZ-OW")
    reference = (999 + 400_000 + 200_000) / 3
    assert orange_walk[2019]["theoretical_t"] == pytest.approx(
        stored("BZ-OW").theoretical_t * 400_000 / reference, rel=1e-9
    )
    assert [y for y, r in orange_walk.items() if r["reference"]] == [2018, 2019, 2020]
    # Belize: the sum of its units, reported by all of them in 2019 and 2020 only
    belize = by_year("BLZ")
    total_2020 = sum(50_000 * (i + 1) for i in range(6))
    country_reference = (
        sum((100_000 * (i + 1) + 50_000 * (i + 1)) / 2 for i in range(6) if UNITS[i] != "BZ-OW") + reference
    )
    assert belize[2020]["theoretical_t"] == pytest.approx(
        stored("BLZ").theoretical_t * total_2020 / country_reference, rel=1e-9
    )
    assert belize[2018]["theoretical_t"] is None  # five units do not report 2018: no data
    assert stored("BLZ").theoretical_t == pytest.approx(sum(stored(c).theoretical_t for c in UNITS), rel=1e-9)


def test_a_crop_no_longer_grown_still_has_its_theoretical_years(tmp_path):
    def import_sorghum(recent_tonnes):
        rows = "".join(f"PAN,sorghum,{year},{recent_tonnes},t\n" for year in range(2021, 2026))
        path = tmp_path / "sorghum.csv"
        path.write_text("region_code,commodity,year,quantity,unit\nPAN,sorghum,1990,1000,t\n" + rows)
        statistics_import(
            path=path, request=StatisticsRequest(source="s", licence="l", name="Panama sorghum")
        )
        return {r["year"]: r for r in potentials_series(region="PAN", resource="sorghum-straw")["results"]}

    params = Resource.objects.get(slug="sorghum-straw").parameter_values("central")
    per_tonne = params["rpr"] * params["dry_matter"]
    years = import_sorghum(500)  # the reference (2021-2025) is 500 t: scaled as usual
    assert years[1990]["theoretical_t"] == pytest.approx(1000 * per_tonne, rel=1e-9)
    assert years[1990]["technical_t"] == pytest.approx(2 * years[2025]["technical_t"], rel=1e-9)
    years = import_sorghum(0)  # reference 0: the production itself gives the theoretical potential
    assert years[1990]["theoretical_t"] == pytest.approx(1000 * per_tonne, rel=1e-9)
    assert years[1990]["technical_t"] is None and years[2025]["technical_t"] == 0.0
    unit = {r["year"]: r for r in potentials_series(region="PA-8", resource="sorghum-straw")["results"]}
    assert unit[1990]["theoretical_t"] is None  # a unit's share of a 0 reference is unknown
