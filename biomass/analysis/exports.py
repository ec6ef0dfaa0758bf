"""The supply-cost curve of an analysis as CSV."""

from __future__ import annotations

import csv
import io

CURVE_FIELDS = ("cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj", "resource")


def supply_curve_csv(result: dict) -> str:
    """One line per point of ``result["supply_curve"]``, full precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CURVE_FIELDS)
    for point in result["supply_curve"]:
        writer.writerow([_cell(point.get(k)) for k in CURVE_FIELDS])
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else repr(value)
