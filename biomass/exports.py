"""Writers shared by the command line and the API: CSV, JSON and GeoJSON with the same
field names (the columns of DESIGN.md first) and explicit units."""

from __future__ import annotations

import csv
import io
import json
import math

from .selectors import COLUMNS, EXTRA_COLUMNS, UNITS

FIELDS = COLUMNS + EXTRA_COLUMNS


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_csv(rows: list[dict], *, bom: bool = False) -> str:
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else _format(row.get(k))) for k in FIELDS})
    return out.getvalue()


def _format(value):
    if isinstance(value, float):
        return repr(value)  # full precision; a spreadsheet rounds for display
    return value


def to_json(rows: list[dict]) -> dict:
    return {
        "units": UNITS,
        "count": len(rows),
        "results": [{k: _clean(row.get(k)) for k in FIELDS} for row in rows],
    }


def to_geojson(rows: list[dict], geometries: dict[str, dict]) -> dict:
    """RFC 7946 FeatureCollection: one feature per row, the region's geometry (EPSG:4326,
    longitude first) and the row as properties."""
    return {
        "type": "FeatureCollection",
        "units": UNITS,
        "features": [
            {
                "type": "Feature",
                "id": f"{row['region_code']}/{row['resource']}/{row['scenario']}",
                "geometry": geometries.get(row["region_code"]),
                "properties": {k: _clean(row.get(k)) for k in FIELDS},
            }
            for row in rows
        ],
    }


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
