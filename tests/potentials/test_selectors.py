"""Reads of stored potentials (selectors.py): filters, a stable order, an unknown filter
value refused by name, geometries loaded only when asked for."""

import pytest

from biomass.errors import InvalidInput
from biomass.potentials.selectors import potentials_queryset, potentials_rows

pytestmark = pytest.mark.django_db


def test_filters_combine_and_the_order_is_stable():
    rows = potentials_rows(level="admin1", resource="forest-residues", scenario="central")
    assert len(rows) == 160 and {r["level"] for r in rows} == {"admin1"}
    assert [r["region_code"] for r in rows] == sorted(r["region_code"] for r in rows)
    (mexico,) = potentials_rows(region="MEX", category="forest", scenario="high")
    assert mexico["resource"] == "forest-residues"


@pytest.mark.parametrize(
    "filters, field",
    [
        ({"level": "planet"}, "level"),
        ({"region": "ATL"}, "region"),
        ({"resource": "unobtainium"}, "resource"),
        ({"scenario": "utopia"}, "scenario"),
        ({"category": "minerals"}, "category"),
    ],
)
def test_an_unknown_filter_value_is_invalid_input_naming_it(filters, field):
    with pytest.raises(InvalidInput) as refused:
        potentials_queryset(**filters)
    assert refused.value.field == field


def test_only_the_asked_geometry_is_loaded(django_assert_num_queries):
    rows = list(potentials_queryset(region="CRI", scenario="central", geometry="geom_coarse"))
    with django_assert_num_queries(0):
        assert all(row.region.geom_coarse is not None for row in rows)
    deferred = potentials_queryset(region="CRI").first().region.get_deferred_fields()
    assert {"geom", "geom_medium", "geom_coarse"} <= deferred
