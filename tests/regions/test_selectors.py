"""Reads for regions (selectors.py)."""

import pytest
import shapely
from django.utils import translation

from biomass.errors import InvalidInput, NotFound
from biomass.regions.selectors import (
    countries_list,
    country_outlines,
    level_geometries,
    region_get,
    region_outlines,
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


def test_outlines_by_code_or_touching_a_shape_with_names_in_the_language():
    with translation.override("en"):
        english = region_outlines(codes=["PAN", "CR-SJ"])
    with translation.override("es"):
        spanish = region_outlines(codes=["PAN", "CR-SJ"])
    assert [(code, name) for code, name, _ in english] == [("CR-SJ", "San José"), ("PAN", "Panama")]
    assert spanish[1][1] == "Panamá"
    pan = english[1][2]
    assert pan.geom_type == "MultiPolygon" and pan.contains(shapely.Point(-79.52, 8.98))  # Panama City
    # a small disc in San José: the admin-1 unit only, never its country
    touched = region_outlines(touching=shapely.Point(-84.08, 9.93).buffer(0.01), detail="geom_medium")
    assert [code for code, _, _ in touched] == ["CR-SJ"]
