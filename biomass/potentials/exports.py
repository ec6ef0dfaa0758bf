"""Writers shared by the command line and the API: CSV and JSON with the columns of
``columns.py`` (the stable columns first) and explicit units. GeoJSON is written by the
API's GeoJSON serializer (``biomass.api.serializers.potentials``), for both."""

from __future__ import annotations

import csv
import io
import json
import math

from .columns import FIELDS, UNITS


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _format(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # full precision; a spreadsheet rounds for display
    return value


def to_csv(rows: list[dict], *, bom: bool = False, fields: tuple[str, ...] = tuple(FIELDS)) -> str:
    """Rows as CSV with ``fields`` as the header (the potential columns by default); a missing
    value (no data) is an empty cell, never 0."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else _format(row.get(k))) for k in fields})
    return out.getvalue()


def to_json(rows: list[dict]) -> dict:
    return {"units": UNITS, "count": len(rows), "results": [clean_row(row) for row in rows]}


def clean_row(row: dict) -> dict:
    """A row for JSON: every column, non-finite numbers as null."""
    return {k: _clean(row.get(k)) for k in FIELDS}


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
