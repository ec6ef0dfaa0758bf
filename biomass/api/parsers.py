"""The API's JSON body parser: DRF's, with a bound on nesting. Python's JSON decoder recurses
once per level, so a body nested thousands of levels deep raised ``RecursionError`` (a 500);
it is a 400 naming the body here, like any other body that cannot be read. Nothing the API
accepts needs more than a few levels (a GeoJSON FeatureCollection of a MultiPolygon: 7), so
anything deeper than MAX_DEPTH is refused before a serializer or GEOS walks it recursively."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested too deeply (at most {MAX_DEPTH} levels)") from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(f"JSON nested too deeply (at most {MAX_DEPTH} levels)")
        return data


def depth(data) -> int:
    """How deeply lists and objects nest in decoded JSON (a scalar: 0), without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, level = pending.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children)
    return deepest
