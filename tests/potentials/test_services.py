"""Computing and storing potentials: admin-1 units add up to their country."""

import pytest

from biomass.potentials.models import Potential

pytestmark = pytest.mark.django_db


def test_states_add_up_to_their_country():
    for code in ("MEX", "GTM", "CRI"):
        country = Potential.objects.get(
            region__code=code, resource__slug="forest-residues", scenario__slug="central"
        )
        states = Potential.objects.filter(
            region__parent__code=code, resource__slug="forest-residues", scenario__slug="central"
        )
        assert sum(p.theoretical_t for p in states) == pytest.approx(country.theoretical_t, rel=0.002)
