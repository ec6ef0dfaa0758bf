"""Reading boundaries (reading.py): which fields are read by default, what the file's own
source and licence become, and the feature named when one is bad."""

import json

import pytest

from biomass.errors import InvalidVector
from biomass.regions.reading import RegionFile, read_region_file


def collection(tmp_path, *features):
    path = tmp_path / "units.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return path


def unit(props, x0=-100.0):
    ring = [[x0, 20], [x0 + 1, 20], [x0 + 1, 21], [x0, 21], [x0, 20]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_default_fields_and_the_files_own_provenance(tmp_path):
    path = collection(
        tmp_path,
        unit({"code": "ZZ-A", "name": "Único", "parent": "MEX", "source": "INEGI", "licence": "CC-BY 4.0"}),
    )
    (record,) = read_region_file(RegionFile(path=path))
    assert (record.code, record.name_es, record.name_en, record.parent_code) == (
        "ZZ-A",
        "Único",
        "Único",
        "MEX",
    )
    assert (record.source, record.licence) == ("INEGI", "CC-BY 4.0")
    (overridden,) = read_region_file(RegionFile(path=path, source="test", licence="CC0"))
    assert (overridden.source, overridden.licence) == ("test", "CC0")


def test_spanish_and_english_names_are_preferred_and_other_fields_can_be_named(tmp_path):
    path = collection(tmp_path, unit({"clave": "ZZ-B", "name": "x", "name_es": "Norte", "name_en": "North"}))
    (record,) = read_region_file(RegionFile(path=path, code_field="clave"))
    assert (record.code, record.name_es, record.name_en, record.parent_code) == ("ZZ-B", "Norte", "North", "")
    (named,) = read_region_file(
        RegionFile(path=path, code_field="clave", name_field="name", name_en_field="name")
    )
    assert named.name_es == named.name_en == "x"


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"code_field": "clave"}, "code field 'clave' not found; the layer has: code, name"),
        ({"name_en_field": "english"}, "English name field 'english' not found"),
        ({"parent_field": "pais"}, "parent field 'pais' not found"),
        ({"layer": "other"}, "layer 'other' not found"),
        ({"srid": 999999}, "unknown EPSG code 999999"),
    ],
)
def test_a_field_layer_or_code_that_is_not_there_is_named(tmp_path, spec, message):
    path = collection(tmp_path, unit({"code": "ZZ-C", "name": "C"}))
    with pytest.raises(InvalidVector, match=message):
        read_region_file(RegionFile(path=path, **spec))


def test_the_bad_feature_is_named_by_its_place_and_code(tmp_path):
    path = collection(
        tmp_path, unit({"code": "ZZ-D", "name": "D"}), unit({"code": "ZZ-E", "name": ""}, x0=-99)
    )
    with pytest.raises(InvalidVector, match=r"feature 2 \(code 'ZZ-E'\): the name field 'name' is empty"):
        read_region_file(RegionFile(path=path))
