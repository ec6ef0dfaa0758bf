"""The active language, for the names the catalogue and the regions keep in Spanish and
English: Spanish unless English is active (Spanish is the platform's first language), and
Spanish when the English name is missing."""

from __future__ import annotations

import re
from contextlib import nullcontext

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, gettext_noop

from biomass.errors import InvalidInput


def english_active() -> bool:
    return (get_language() or "es")[:2] == "en"


def bilingual(name_es: str, name_en: str) -> str:
    """The name in the active language: the English one if English is active and it exists."""
    return name_en if english_active() and name_en else name_es


# Texts the platform composes and stores in English: with years in them
# (statistics.processing.years_label), an upload's warning.
_COMPOSED = (
    (re.compile(r"mean (?P<first>\d{4})–(?P<last>\d{4})"), gettext_noop("mean %(first)s–%(last)s")),
    (
        re.compile(r"mean of the last five years reported, (?P<first>\d{4})–(?P<last>\d{4})"),
        gettext_noop("mean of the last five years reported, %(first)s–%(last)s"),
    ),
    (  # an upload's warning (layers.services.upload), stored with its version
        re.compile(
            r"maximum density (?P<value>\S+) t DM/ha/yr is implausibly high for residues; check the units"
        ),
        gettext_noop(
            "maximum density %(value)s t DM/ha/yr is implausibly high for residues; check the units"
        ),
    ),
)


def translated(text: str) -> str:
    """A stored or reference text (a layer's name, a unit, a source note, a town) in the
    active language: its entry in the translation catalogue, or the text itself. A text the
    platform composed ("FAOSTAT food balances, mean 2016–2020") is translated piece by piece."""
    if not text:
        return text
    found = gettext(text)
    if found != text:
        return found
    for pattern, template in _COMPOSED:
        match = pattern.fullmatch(text)
        if match:
            pieces = match.groupdict()
            if "value" in pieces:  # a number, stored in English: in the language's format
                pieces["value"] = _stored_number(pieces["value"])
            return gettext(template) % pieces
    for separator in ("; ", ", "):
        if separator in text:
            head, tail = text.split(separator, 1)
            return translated(head) + separator + translated(tail)
    return text


def _stored_number(text: str):
    """A number stored in an English text (1,234,567.5; older texts 1.23457e+06), written in
    the active language's format; a text that is no number as it is."""
    try:
        return number_text(float(text.replace(",", "")))
    except ValueError:
        return text


def error_message(error) -> str:
    """A domain error's message in the active language: its template translated, then
    filled in with its parameters (numbers written in the language's format)."""
    template = gettext(error.template) if getattr(error, "template", None) else error.message
    params = getattr(error, "params", None)
    if not params:
        return template
    values = {k: _value(k, v) for k, v in params.items()}
    try:
        return template % values
    except (KeyError, TypeError, ValueError):  # a translation that does not fit its template
        return error.message


# GeoJSON's geometry types, as a message names them (gettext_noop: "Polygon" -> "polígono").
GEOMETRY_TYPES = frozenset(
    gettext_noop(name)
    for name in (
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
        "Feature",
        "FeatureCollection",
    )
)


def _value(key: str, value):
    """A value for a message: a piece with its own template in the active language, a unit,
    a layer's role, its quantities ("allowed", pieces joined by ", ") or a geometry type
    translated, a number in the language's format; other texts (a code,
    a file name) as the user sent them."""
    if hasattr(value, "template") and hasattr(value, "params"):
        return error_message(value)
    if key in ("unit", "status", "what", "quantity", "canonical", "role", "allowed") or (
        key == "kind" and value in GEOMETRY_TYPES
    ):
        return translated(value)
    return number_text(value)


def number_text(value):
    """A number for a message in the active language's format (whole floats without ".0");
    anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


LANGUAGES = ("es", "en")
UNKNOWN_LANGUAGE = gettext_noop("%(name)s: %(value)s is not a language of this site (es, en).")


def requested_language(query, message: str = UNKNOWN_LANGUAGE):
    """A context in the language ``?language=es|en`` (or its short form ``?lang=``) asks for;
    none asked: the request's (cookie, Accept-Language). An unknown one is InvalidInput naming
    the parameter (``message``: its template, with ``name`` and ``value``)."""
    for name in ("language", "lang"):
        value = query.get(name)
        if value is None or value == "":
            continue
        if value not in LANGUAGES:
            raise InvalidInput(message, field=name, params={"name": name, "value": value[:20]})
        return translation.override(value)
    return nullcontext()
