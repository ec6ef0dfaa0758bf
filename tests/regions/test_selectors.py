"""Reads for regions (selectors.py)."""

import pytest

from biomass.errors import InvalidInput, NotFound
from biomass.regions.selectors import (
    countries_list,
    country_outlines,
    level_geometries,
    region_get,
    regions_list,
)

pytestmark = pytest.mark.django_db


def test_lists_by_level_parent_and_code():
    assert [r.code for r in regions_list(parent="CRI")] == [
        "CR-A",
        "CR-C",
        "CR-G",
        "CR-H",
        "CR-L",
        "CR-P",
        "CR-SJ",
    ]
    assert regions_list(level="country").count() == 9 == len(countries_list()) == len(country_outlines())
    assert [r.code for r in regions_list(code="MX-YUC")] == ["MX-YUC"]
    for field in ("parent", "code"):
        with pytest.raises(InvalidInput) as refused:
            regions_list(**{field: "ATL"})
        assert refused.value.field == field


def test_one_region_and_the_geometries_the_engine_reads():
    assert region_get(code="PAN").name_en == "Panama"
    with pytest.raises(NotFound):
        region_get(code="ATL")
    with pytest.raises(InvalidInput):
        region_get(code="ATL", parameter=True)
    codes = [code for code, _ in level_geometries(level="admin1")]
    assert len(codes) == 160 and codes == sorted(codes)
