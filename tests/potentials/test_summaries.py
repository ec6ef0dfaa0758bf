"""The summaries of the pages (summaries.py): a country's totals are the sums of its
resources, its admin-1 densities follow from their areas, the comparison agrees with both."""

import pytest

from biomass.errors import NotFound
from biomass.potentials.models import Potential
from biomass.potentials.summaries import COMPLETE, countries_comparison, country_summary
from tests.demo import country_resources
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db


def test_country_totals_are_the_sums_of_its_resources():
    summary = country_summary(code="GTM")
    stored = Potential.objects.filter(region__code="GTM", scenario__slug="central")
    assert summary["central"].slug == "central"
    assert len(summary["resources"]) == stored.count() == len(country_resources()["GTM"])
    assert summary["totals"]["technical_pj"] == pytest.approx(sum(p.technical_pj for p in stored))
    assert summary["totals"]["economic_pj"] == pytest.approx(sum(p.economic_pj for p in stored))
    for row in summary["resources"]:
        everything = Potential.objects.filter(region__code="GTM", resource=row["resource"])
        assert row["technical_pj_low"] == min(p.technical_pj for p in everything)
        assert row["technical_pj_high"] == max(p.technical_pj for p in everything)
    assert sum(c["technical_pj"] for c in summary["categories"]) == pytest.approx(
        summary["totals"]["technical_pj"]
    )
    # one scale for every bar: the longest (theoretical or technical P90) is 100 %, none is cut
    bars = [max(r["bar"]["technical_pj_p90"], r["bar"]["theoretical_pj"]) for r in summary["resources"]]
    assert max(bars) == pytest.approx(100.0) and all(b <= 100.0 + 1e-9 for b in bars)


def test_a_resource_that_overlaps_others_is_listed_but_never_added(call, tmp_path):
    before = country_summary(code="CRI")
    path = tmp_path / "mixed.tif"
    path.write_bytes(geotiff(2.0))  # mixed field residues over central Costa Rica
    call(
        "import_layer", str(path), "--resource", "crop-residues-mixed", "--quantity", "density", "--name", "x"
    )
    after = country_summary(code="CRI")
    mixed = next(r for r in after["resources"] if r["resource"].slug == "crop-residues-mixed")
    assert mixed["technical_pj"] > 0 and len(after["resources"]) == len(before["resources"]) + 1
    assert after["totals"] == before["totals"] and after["categories"] == before["categories"]
    assert after["admin1"] == before["admin1"]
    comparison = {t["country"].code: t["pj"] for t in countries_comparison()["totals"]}
    assert comparison["CRI"] == pytest.approx(before["totals"]["technical_pj"])


def test_admin1_rows_and_their_density_on_paper():
    summary = country_summary(code="CRI")
    assert [row["region"].code for row in summary["admin1"]] == sorted(
        r["region"].code for r in summary["admin1"]
    )
    san_jose = next(row for row in summary["admin1"] if row["region"].code == "CR-SJ")
    stored = Potential.objects.filter(region__code="CR-SJ", scenario__slug="central")
    assert san_jose["technical_pj"] == pytest.approx(sum(p.technical_pj for p in stored))
    area_ha = san_jose["region"].area_km2 * 100
    assert san_jose["gj_per_ha"] == pytest.approx(san_jose["technical_pj"] * 1e6 / area_ha)


def test_an_unknown_or_non_country_code_is_not_found():
    for code in ("ATL", "CR-SJ"):
        with pytest.raises(NotFound):
            country_summary(code=code)


def test_the_comparison_agrees_with_the_country_pages():
    comparison = countries_comparison()
    honduras = next(t for t in comparison["totals"] if t["country"].code == "HND")
    assert honduras["pj"] == pytest.approx(country_summary(code="HND")["totals"]["technical_pj"])


def test_the_comparison_puts_the_largest_potential_first():
    comparison = countries_comparison()
    order = [t["pj"] for t in comparison["totals"]]
    assert order == sorted(order, reverse=True) and order[0] > order[-1]
    codes = [c.code for c in comparison["countries"]]
    assert codes[0] == "MEX" and codes != sorted(codes)  # not by ISO code any more
    assert [t["country"].code for t in comparison["totals"]] == codes
    assert [r["country"].code for r in comparison["scenarios"]["rows"]] == codes
    for row in comparison["table"]:  # every cell under its country
        assert [cell["country"].code for cell in row["cells"]] == codes
    sums = [sum(cell["pj"] or 0.0 for cell in row["cells"]) for row in comparison["table"]]
    assert sums == sorted(sums, reverse=True)


def test_a_country_without_numbers_is_no_data_in_the_comparison():
    Potential.objects.filter(region__code="BLZ").delete()
    comparison = countries_comparison()
    belize = next(t for t in comparison["totals"] if t["country"].code == "BLZ")
    assert belize["pj"] is None and belize["gj_per_ha"] is None
    assert comparison["countries"][-1].code == "BLZ"  # no data goes last, not as 0


def test_the_coverage_names_a_layer_over_part_of_the_country(call, tmp_path):
    """The lowest coverage of all would be that of a layer over a corner of the country: the
    summary gives the layers that cover it whole and names the others with their share."""
    whole = country_summary(code="CRI")["coverage"]
    assert whole["partial"] == [] and whole["complete"] == whole["count"] > 10
    assert whole["lowest_complete"] >= COMPLETE
    path = tmp_path / "mixed.tif"
    path.write_bytes(geotiff(2.0))  # over central Costa Rica only
    call(
        "import_layer", str(path), "--resource", "crop-residues-mixed", "--quantity", "density", "--name", "x"
    )
    coverage = country_summary(code="CRI")["coverage"]
    assert coverage["complete"] == whole["complete"] and coverage["count"] == whole["count"] + 1
    assert coverage["lowest_complete"] == whole["lowest_complete"]
    [partial] = coverage["partial"]
    stored = Potential.objects.get(
        region__code="CRI", resource__slug="crop-residues-mixed", scenario__slug="central"
    )
    assert partial["resource"].slug == "crop-residues-mixed" and partial["coverage"] == stored.coverage
    assert 0 < stored.coverage < 0.5


def test_a_unit_without_numbers_is_no_data_not_zero(client):
    Potential.objects.filter(region__code="CR-C").delete()
    cartago = next(row for row in country_summary(code="CRI")["admin1"] if row["region"].code == "CR-C")
    assert cartago["technical_pj"] is None and cartago["gj_per_ha"] is None and cartago["coverage"] is None
    html = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html[html.index('<tr id="CR-C">') :].split("</tr>")[0]
    assert 'data-value=""' in row and "no data" in row and ">0<" not in row
