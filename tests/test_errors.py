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


# --- every message a user can be shown has its Spanish (issue 15) -----------------------
import ast  # noqa: E402
import gettext as gettext_module  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ERROR_CLASSES = {
    name
    for name, value in {**vars(errors), **vars(engine_errors)}.items()
    if isinstance(value, type) and issubclass(value, engine_errors.BiomassError)
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]")


def _name(call: ast.Call) -> str | None:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)


def _templates():
    """(place, template or None, whole) of every message the code gives an error: the first
    argument of an error class or of ``Text``, the problem given to a statistics line's
    ``error``, and every ``gettext_noop`` text. ``None``: not a literal (an f-string or a
    sum), which could not be translated; ``whole``: a message, which starts with a capital
    letter, rather than a piece of one ("media 2016–2020", "%(where)s: …")."""
    for path in sorted((ROOT / "biomass").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name, index = _name(node), 0
            whole = name in ERROR_CLASSES  # a whole message, not a piece of one
            if name == "error" and len(node.args) >= 2 and getattr(node.func.value, "id", "") == "line":
                index = 1  # line.error(column, problem, **params)
            elif name not in ERROR_CLASSES | {"Text", "gettext_noop"}:
                continue
            if len(node.args) <= index:
                continue
            arg, place = node.args[index], f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield place, arg.value, whole
            elif not (isinstance(arg, ast.Attribute) and arg.attr == "template") and not (
                isinstance(arg, ast.Subscript) or isinstance(arg, ast.Name)
            ):
                yield place, None, whole


def test_every_error_message_is_a_template_with_its_spanish():
    """The messages come from the source itself (not a list kept by hand): each is a literal
    template, and the Spanish catalogue translates it, starts with a capital letter, keeps
    the same placeholders and never names a GeoJSON type in English."""
    compiled = ROOT / "locale/es/LC_MESSAGES/django.mo"
    with compiled.open("rb") as fh:
        catalogue = gettext_module.GNUTranslations(fh)._catalog
    found = list(_templates())
    assert len(found) > 200  # the walk sees the code's messages
    problems = []
    for place, template, whole in found:
        if template is None:
            problems.append(f"{place}: not a literal template")
            continue
        spanish = catalogue.get(template)
        if not spanish:
            problems.append(f"{place}: no Spanish for {template!r}")
        elif sorted(PLACEHOLDER.findall(spanish)) != sorted(PLACEHOLDER.findall(template)):
            problems.append(f"{place}: placeholders differ in {spanish!r}")
        elif whole and not template.startswith("%(") and not spanish[0].isupper():
            problems.append(f"{place}: starts in lower case: {spanish!r}")
        elif re.search(r"\b(Multi)?(Polygon|Point|LineString)\b", spanish):
            problems.append(f"{place}: GeoJSON type in English: {spanish!r}")
    assert not problems, "\n".join(problems)


# --- pieces of messages in Spanish too (review of issue 16) -----------------------------
from django.utils import translation  # noqa: E402

from biomass.engine.raster_safety import check_geotiff_signature, check_tiff_tags  # noqa: E402
from biomass.languages import error_message  # noqa: E402
from tests.rasters import with_metadata, write_geotiff  # noqa: E402


def _refusal(call, *args):
    with pytest.raises(engine_errors.BiomassError) as caught:
        call(*args)
    return caught.value


@pytest.mark.parametrize(
    "head, spanish",
    [
        (b"\xff\xd8\xff\xe0", "una imagen JPEG"),
        (b"GIF89a", "una imagen GIF"),
        (b"%PDF-1.7", "un documento PDF"),
        (b"\x89PNG\r\n", "una imagen PNG"),
    ],
)
def test_what_a_refused_file_is_is_said_in_spanish(tmp_path, head, spanish):
    path = tmp_path / "upload.tif"
    path.write_bytes(head + b"\x00" * 64)
    error = _refusal(check_geotiff_signature, path)
    with translation.override("es"):
        assert error_message(error) == (
            f"El archivo es {spanish}, no un GeoTIFF; solo se aceptan archivos GeoTIFF"
        )


def test_gdal_metadata_in_the_default_domain_is_said_in_spanish(tmp_path):
    path = with_metadata(write_geotiff(tmp_path / "ref.tif"), ns=None, OVERVIEW_FILE="/etc/passwd")
    error = _refusal(check_tiff_tags, path)
    assert "(OVERVIEW_FILE, default domain)" in error.message
    with translation.override("es"):
        assert error_message(error) == (
            "Los metadatos GDAL del archivo nombran otro archivo o conjunto de datos "
            "(OVERVIEW_FILE, dominio predeterminado); esos archivos se rechazan"
        )


@pytest.mark.parametrize(
    "role, quantity, spanish",
    [
        (
            "resource",
            "continuous",
            "Una capa de tipo recurso debe ser una de: cantidad, densidad, animales, producción",
        ),
        ("constraint", "density", "Una capa de tipo restricción debe ser una de: clases, valores continuos"),
        ("cost", "density", "Una capa de tipo costo debe ser una de: valores continuos"),
    ],
)
def test_a_layer_role_and_its_quantities_are_named_in_spanish(role, quantity, spanish):
    from biomass.layers.requests import LayerRequest

    error = _refusal(
        LayerRequest.from_data, {"name": "x", "role": role, "quantity": quantity, "resource": "r"}
    )
    with translation.override("es"):
        assert error_message(error) == spanish


def test_an_unknown_role_is_shown_as_sent_not_translated():
    from biomass.layers.requests import LayerRequest

    error = _refusal(LayerRequest.from_data, {"name": "x", "role": "density"})
    with translation.override("es"):
        assert error_message(error) == "Tipo de capa desconocido 'density'"
