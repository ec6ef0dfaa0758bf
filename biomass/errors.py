"""One hierarchy for domain errors, pure Python (no Django, no HTTP).

The engine's errors (``biomass.engine.errors``) are the root and the invalid-input family;
this module adds the errors about stored objects. ``biomass.api.errors`` holds the one table
that maps them to HTTP statuses, for the API, the tiles and the pages alike; the command line
turns any ``BiomassError`` into a ``CommandError`` (exit status 1).

Use ``InvalidInput`` (400) for a bad parameter value, including an unknown code or slug given
as a filter, and ``NotFound`` (404) only for the object a path or an explicit lookup names.
"""

from __future__ import annotations

from biomass.engine.errors import BiomassError, InvalidGeometry, InvalidInput, InvalidRaster

__all__ = [
    "BiomassError",
    "InvalidInput",
    "InvalidRaster",
    "InvalidGeometry",
    "InvalidVector",
    "NotFound",
    "Conflict",
    "TooLarge",
]


class InvalidVector(InvalidInput):
    code = "invalid_vector"


class NotFound(BiomassError):
    code = "not_found"


class Conflict(BiomassError):
    code = "conflict"


class TooLarge(BiomassError):
    code = "too_large"
