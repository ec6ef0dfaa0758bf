"""The engine's errors: problems with the input that the user can fix, each with a clear
message and, when one parameter is at fault, its name. They know nothing of HTTP; the web
edge maps them to statuses (``biomass.api.errors``).

``BiomassError`` is the root of every domain error of the platform: ``biomass.errors`` adds
the ones that belong to stored objects (not found, conflict, too large)."""

from __future__ import annotations


class BiomassError(Exception):
    """Base class: a problem the user can fix, reported with a clear message."""

    code = "invalid"
    default_field: str | None = None

    def __init__(self, message: str, *, field: str | None = None, params: dict | None = None):
        """``message`` may hold ``%(name)s`` placeholders filled from ``params``: the web edge
        translates the template into the request's language before filling it in
        (``biomass.api.errors``), so a message is translated without the engine knowing of
        languages."""
        self.template = message
        self.params = params or {}
        self.message = message % {k: _english(v) for k, v in self.params.items()} if params else message
        super().__init__(self.message)
        self.field = field or self.default_field


class InvalidInput(BiomassError):
    """A parameter, file or geometry that cannot be used."""


class InvalidRaster(InvalidInput):
    code = "invalid_raster"


class InvalidGeometry(InvalidInput):
    code = "invalid_geometry"
    default_field = "geometry"


class Text:
    """A piece of a message with its own template and values (a row's problem inside "line
    %(line)s, column %(column)s: %(problem)s"), translated like the message that holds it."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return (
            self.template % {k: _english(v) for k, v in self.params.items()} if self.params else self.template
        )


def _english(value):
    """A number in an English message: grouped thousands, whole floats without ".0"."""
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"
