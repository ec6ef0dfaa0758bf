"""The engine's errors know nothing of HTTP: a message, and the parameter at fault."""

import pytest

from biomass.engine import errors


def test_errors_carry_a_message_and_the_field_but_no_status():
    error = errors.InvalidRaster("the file is empty", field="file")
    assert (error.message, error.field, error.code, str(error)) == (
        "the file is empty",
        "file",
        "invalid_raster",
        "the file is empty",
    )
    for cls in (errors.BiomassError, errors.InvalidInput, errors.InvalidRaster, errors.InvalidGeometry):
        assert not hasattr(cls, "status")


def test_a_geometry_error_names_the_geometry_unless_told_otherwise():
    assert errors.InvalidGeometry("empty").field == "geometry"
    assert errors.InvalidGeometry("empty", field="geom").field == "geom"
    assert errors.InvalidInput("bad").field is None


def test_domain_errors_extend_the_engine_hierarchy():
    from biomass import errors as domain

    assert issubclass(domain.NotFound, errors.BiomassError)
    assert issubclass(domain.InvalidVector, errors.InvalidInput)
    assert domain.InvalidRaster is errors.InvalidRaster
    with pytest.raises(errors.BiomassError):
        raise domain.Conflict("busy")
