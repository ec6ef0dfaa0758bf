"""One hierarchy for domain errors (pure Python: the engine raises these too).

Each class carries the HTTP status it maps to; ``biomass.api.errors`` (and the CLI, which
turns any ``BiomassError`` into a ``CommandError``) are the only places that translate them.
"""

from __future__ import annotations


class BiomassError(Exception):
    """Base class: a problem the user can fix, reported with a clear message."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict:
        data = {"error": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class InvalidInput(BiomassError):
    """A parameter, file or geometry that cannot be used."""


class InvalidVector(InvalidInput):
    code = "invalid_vector"


class InvalidRaster(InvalidInput):
    code = "invalid_raster"


class InvalidGeometry(InvalidInput):
    code = "invalid_geometry"


class NotFound(BiomassError):
    status = 404
    code = "not_found"


class Conflict(BiomassError):
    status = 409
    code = "conflict"


class TooLarge(BiomassError):
    status = 413
    code = "too_large"
