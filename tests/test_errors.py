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
