"""What a potential rests on (basis.py): the commodity's mean production, its years and the
dataset, for a country; nothing for an admin-1 unit or a land-cover resource."""

import pytest

from biomass.potentials.basis import production_basis
from biomass.potentials.models import Potential
from tests.demo import reference_production

pytestmark = pytest.mark.django_db


def potential(code, resource):
    return Potential.objects.get(region__code=code, resource__slug=resource, scenario__slug="central")


def test_a_country_potential_names_its_production():
    (coffee,) = production_basis(potential("HND", "coffee-pulp"))
    assert coffee["commodity"].slug == "coffee-green" and coffee["units"] == 0
    assert coffee["quantity"] == pytest.approx(reference_production()[("coffee-green", "HND")])
    assert (coffee["first"], coffee["last"], coffee["datasets"]) == (2016, 2020, ["FAOSTAT food balances"])
    assert coffee["factor"] == 6.25 and coffee["factor_unit"].startswith("t fresh cherries")
    banana = {b["commodity"].slug for b in production_basis(potential("GTM", "banana-rachis"))}
    assert banana == {"banana", "plantain"} & {c for c, code in reference_production() if code == "GTM"}


def test_nothing_for_a_unit_or_a_land_cover_resource():
    assert production_basis(potential("HN-CR", "coffee-pulp")) == []
    assert production_basis(potential("HND", "forest-residues")) == []
