"""The one declaration of the export columns (columns.py): order, units, and GJ per hectare
on paper."""

import pytest
from django.utils import translation

from biomass.potentials.columns import (
    COLUMNS,
    FIELDS,
    STABLE_FIELDS,
    UNITS,
    columns_for_display,
    gj_per_ha,
    potential_row,
)
from biomass.potentials.models import Potential

pytestmark = pytest.mark.django_db


def test_the_stable_columns_come_first_in_their_documented_order():
    assert STABLE_FIELDS == (
        "region_code",
        "region_name",
        "level",
        "resource",
        "scenario",
        "theoretical_t",
        "technical_t",
        "theoretical_pj",
        "technical_pj",
        "coverage",
    )
    assert len(set(FIELDS)) == len(FIELDS) == len(COLUMNS)
    assert UNITS["technical_t"] == "t DM/yr" and UNITS["economic_pj"] == "PJ/yr"
    assert UNITS["technical_gj_ha"] == "GJ/ha/yr"


def test_gj_per_hectare_on_paper():
    # 1 PJ over 1,000 km² (100,000 ha): 1e6 GJ / 1e5 ha = 10 GJ/ha
    assert gj_per_ha(1.0, 1000.0) == pytest.approx(10.0)
    assert gj_per_ha(None, 1000.0) is None and gj_per_ha(1.0, 0) is None


def test_a_row_carries_every_column_with_the_stored_numbers():
    p = Potential.objects.select_related("region", "resource", "scenario").get(
        region__code="CRI", resource__slug="forest-residues", scenario__slug="central"
    )
    row = potential_row(p)
    assert tuple(row) == FIELDS
    assert (row["region_code"], row["technical_t"], row["layer_version"]) == ("CRI", p.technical_t, 1)
    assert row["technical_gj_ha"] == pytest.approx(p.technical_pj * 1e6 / (p.region.area_km2 * 100))
    assert row["parent_code"] == "" and row["resource_version"] == p.resource.version


def test_units_for_the_pages_are_translated():
    with translation.override("es"):
        spanish = columns_for_display()
    with translation.override("en"):
        english = columns_for_display()
    assert spanish["technical_t"] == {"unit": "t DM/yr", "label": "t MS/año"}
    assert english["technical_gj_ha"] == {"unit": "GJ/ha/yr", "label": "GJ/ha/yr"}
    assert set(spanish) == set(UNITS)
