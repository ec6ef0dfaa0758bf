"""CSV and JSON writers (exports.py): every column, full precision, no data as empty or null."""

import csv
import io
import json
import math

from biomass.potentials.columns import FIELDS
from biomass.potentials.exports import dumps, to_csv, to_json

ROW = dict.fromkeys(FIELDS, "x") | {"technical_t": 0.1 + 0.2, "economic_t": None, "coverage": math.nan}


def test_csv_keeps_full_precision_and_writes_no_data_as_empty():
    text = to_csv([ROW])
    (parsed,) = csv.DictReader(io.StringIO(text))
    assert list(parsed) == list(FIELDS)
    assert parsed["technical_t"] == "0.30000000000000004" and float(parsed["technical_t"]) == 0.1 + 0.2
    assert parsed["economic_t"] == ""
    assert to_csv([ROW], bom=True).startswith("\ufeff" + FIELDS[0])


def test_json_writes_no_data_and_non_finite_numbers_as_null():
    data = json.loads(dumps(to_json([ROW])))
    (row,) = data["results"]
    assert data["count"] == 1 and row["economic_t"] is None and row["coverage"] is None
    assert data["units"]["technical_t"] == "t DM/yr" and list(row) == list(FIELDS)
