"""The supply-cost curve of an analysis as CSV."""

from __future__ import annotations

import csv
import io

CURVE_FIELDS = ("cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj")


def supply_curve_csv(result: dict) -> str:
    """One line per point of ``result["supply_curve"]``, full precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CURVE_FIELDS)
    for point in result["supply_curve"]:
        writer.writerow(["" if point[k] is None else repr(point[k]) for k in CURVE_FIELDS])
    return out.getvalue()
