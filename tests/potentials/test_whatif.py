"""What-if (whatif.py): with no change it equals the stored scenario to the last digit; a
change moves exactly what it should; bad changes are refused by name."""

import pytest

from biomass.errors import InvalidInput
from biomass.potentials.models import Potential
from biomass.potentials.whatif import whatif_potentials, whatif_scenario

pytestmark = pytest.mark.django_db
QUANTITIES = ("theoretical_t", "technical_t", "economic_t", "theoretical_pj", "technical_pj", "economic_pj")


def _stored(scenario="central", level="country"):
    rows = Potential.objects.filter(scenario__slug=scenario, region__level=level)
    return {(p.region.code, p.resource.slug): p for p in rows.select_related("region", "resource")}


def test_no_change_is_the_stored_scenario():
    result = whatif_potentials(scenario=whatif_scenario(base="central", changes={}), level="admin1")
    stored = _stored(level="admin1")
    assert {(r["region_code"], r["resource"]) for r in result["rows"]} == set(stored)
    for row in result["rows"]:
        p = stored[row["region_code"], row["resource"]]
        assert all(row[q] == getattr(p, q) for q in QUANTITIES), row


def test_availability_scales_only_the_technical_potential_of_its_resource():
    stored = _stored()
    changed = whatif_scenario(base="central", changes={"availability": {"maize-stover": 0.8}})
    rows = {(r["region_code"], r["resource"]): r for r in whatif_potentials(scenario=changed)["rows"]}
    old = stored["MEX", "maize-stover"].resource.parameters.get(name="availability").central
    assert rows["MEX", "maize-stover"]["technical_t"] == pytest.approx(
        stored["MEX", "maize-stover"].technical_t * 0.8 / old
    )
    assert rows["MEX", "maize-stover"]["theoretical_t"] == stored["MEX", "maize-stover"].theoretical_t
    assert rows["MEX", "sorghum-straw"]["technical_t"] == stored["MEX", "sorghum-straw"].technical_t


def test_a_higher_price_reaches_further_and_totals_add_up():
    low = whatif_potentials(scenario=whatif_scenario(base="central", changes={"price_usd_t": 21}))
    high = whatif_potentials(scenario=whatif_scenario(base="central", changes={"price_usd_t": 200}))
    economic = {t["region_code"]: t["economic_t"] for t in low["totals"]}
    for total in high["totals"]:
        assert total["economic_t"] >= economic[total["region_code"]]
        assert total["economic_t"] == pytest.approx(total["technical_t"], rel=0.05)  # almost all pays
    mex = [r for r in high["rows"] if r["region_code"] == "MEX" and r["resource"] != "crop-residues-mixed"]
    total = next(t for t in high["totals"] if t["region_code"] == "MEX")
    assert total["technical_pj"] == pytest.approx(sum(r["technical_pj"] for r in mex))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"availability": {"maize-stover": 1.5}}, "availability.maize-stover"),
        ({"availability": {"no-such-thing": 0.5}}, "availability.no-such-thing"),
        ({"price_usd_t": -1}, "price_usd_t"),
        ({"price_usd_t": "cheap"}, "price_usd_t"),
        ({"tortuosity": 0.5}, "tortuosity"),
        ({"constraints": {"slope-coarse": {"max": 2.3}}}, "constraints.slope-coarse"),
        ({"constraints": {"no-layer": {"max": 2}}}, "constraints.no-layer"),
        ({"constraints": {"land-cover": {"exclude": ["water"]}}}, "constraints.land-cover.exclude"),
        ({"constraints": {"land-cover": {"exclude": [999]}}}, "constraints.land-cover.exclude"),
        ({"constraints": {"land-cover": {"exclude": "x"}}}, "constraints.land-cover.exclude"),
        ({"constraints": {"land-cover": {"max": 3}}}, "constraints.land-cover"),
        ({"constraints": {"slope-coarse": {"max": "5"}}}, "constraints.slope-coarse.max"),
        ({"constraints": {"slope-coarse": {"max": None}}}, "constraints.slope-coarse.max"),
        ({"constraints": {"slope-coarse": {"max": 3, "nodata": "maybe"}}}, "constraints.slope-coarse.nodata"),
        ({"constraints": {"slope-coarse": {}}}, "constraints.slope-coarse"),
        ({"efficiency_electric": 0.5}, "efficiency_electric"),
    ],
)
def test_bad_changes_name_the_field(changes, field):
    with pytest.raises(InvalidInput) as error:
        whatif_potentials(scenario=whatif_scenario(base="central", changes=changes))
    assert error.value.field == field
