"""The domain's errors (biomass/errors.py): one hierarchy rooted in the engine's, pure Python,
each with a machine-readable code."""

import pytest

from biomass import errors
from biomass.engine import errors as engine_errors


@pytest.mark.parametrize(
    "cls, code, parent",
    [
        (errors.InvalidVector, "invalid_vector", errors.InvalidInput),
        (errors.NotFound, "not_found", errors.BiomassError),
        (errors.Conflict, "conflict", errors.BiomassError),
        (errors.TooLarge, "too_large", errors.BiomassError),
        (errors.InvalidRaster, "invalid_raster", errors.InvalidInput),
    ],
)
def test_every_error_has_a_code_and_belongs_to_the_one_hierarchy(cls, code, parent):
    error = cls("message", field="f")
    assert isinstance(error, parent) and isinstance(error, engine_errors.BiomassError)
    assert (error.code, error.message, error.field) == (code, "message", "f")


def test_the_module_exports_what_it_says():
    assert sorted(errors.__all__) == sorted(
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, Exception)
    )
