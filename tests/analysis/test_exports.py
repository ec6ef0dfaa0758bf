"""The supply-cost curve as CSV (exports.py): one line per point, full precision."""

import csv
import io

from biomass.analysis.exports import CURVE_FIELDS, supply_curve_csv


def test_the_curve_as_csv():
    points = [
        {
            "cost_usd_per_t": 20.0,
            "cost_usd_per_gj": 1 / 3,
            "cumulative_t": 10.5,
            "cumulative_pj": 1e-4,
            "resource": "bean-straw",
        },
        {
            "cost_usd_per_t": 25.5,
            "cost_usd_per_gj": None,
            "cumulative_t": 20.0,
            "cumulative_pj": 2e-4,
            "resource": "coffee-husk",
        },
    ]
    rows = list(csv.reader(io.StringIO(supply_curve_csv({"supply_curve": points}))))
    assert rows[0] == list(CURVE_FIELDS)
    assert rows[1] == ["20.0", repr(1 / 3), "10.5", "0.0001", "bean-straw"] and rows[2][1] == ""
    assert float(rows[1][1]) == 1 / 3
