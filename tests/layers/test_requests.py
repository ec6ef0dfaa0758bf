"""The one layer request (requests.py): built the same way from a form, a serializer, the
command line or a manifest entry, and refusing bad values by field."""

import pytest

from biomass.errors import InvalidInput
from biomass.layers.requests import LayerRequest, canonical_units


def test_blank_optional_values_mean_not_given_and_unknown_keys_are_ignored():
    request = LayerRequest.from_data(
        {
            "name": "Slope",
            "role": "constraint",
            "quantity": "continuous",
            "slug": "slope",
            "units": "degree",
            "resource": "",
            "year": None,
            "crs": "",
            "nodata": None,
            "bin_width": 0.5,
            "source": None,
            "file": "ignored",
            "verbosity": 1,
        }
    )
    assert request.resource is None and request.year is None and request.crs is None
    assert request.source == "" and request.bin_width == 0.5 and request.band == 1
    assert request.layer_units == "degree"


def test_units_are_checked_against_the_quantity_and_made_canonical():
    assert canonical_units("density", "t/ha/yr") == "t DM/ha/yr"
    assert canonical_units("density", None) == "t DM/ha/yr"
    assert canonical_units("heads", "animals") == "head"
    with pytest.raises(InvalidInput, match="must be in t DM/ha/yr") as refused:
        canonical_units("density", "kg/m2")
    assert refused.value.field == "units"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "resource": "maize-stover"}, "name"),
        ({"name": "x", "role": "decoration"}, "role"),
        ({"name": "x", "resource": "maize-stover", "quantity": "categorical"}, "quantity"),
        ({"name": "x", "role": "cost", "quantity": "categorical"}, "quantity"),
        ({"name": "x"}, "resource"),
        ({"name": "x", "resource": "maize-stover", "year": 1850}, "year"),
        ({"name": "x", "resource": "maize-stover", "band": 0}, "band"),
        (
            {"name": "x", "role": "constraint", "quantity": "continuous", "units": "deg", "bin_width": 0},
            "bin_width",
        ),
        ({"name": "x", "role": "constraint", "quantity": "continuous"}, "units"),
        ({"name": "x", "resource": "maize-stover", "units": "t/ha"}, "units"),
    ],
)
def test_bad_values_are_refused_naming_the_field(data, field):
    with pytest.raises(InvalidInput) as refused:
        LayerRequest.from_data(data)
    assert refused.value.field == field


def test_the_spanish_spelling_of_a_unit_is_an_alias_of_the_canonical_unit():
    assert canonical_units("density", "t MS/ha/año") == "t DM/ha/yr"
    assert canonical_units("amount", "t MS/año") == "t DM/yr"
    assert canonical_units("production", "t/año") == "t/yr"
    assert canonical_units("heads", "cabezas") == "head"
    assert canonical_units("categorical", "clases") == "class"
    with pytest.raises(InvalidInput):
        canonical_units("density", "t MS/año")  # a Spanish amount is not a density
