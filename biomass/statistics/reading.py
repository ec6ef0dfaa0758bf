"""Reading a statistics file: CSV in UTF-8 with the columns region_code, commodity, year,
quantity, unit (t of product, or head). Every line is checked before anything is stored;
the first problem stops the reading with a message that names the line and the column."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from biomass.catalogue.models import Commodity
from biomass.errors import InvalidInput
from biomass.regions.models import Region

COLUMNS = ("region_code", "commodity", "year", "quantity", "unit")
FIRST_YEAR = 1900


@dataclass(frozen=True)
class Record:
    region_id: int
    commodity_id: int
    year: int
    quantity: float


class _Line:
    """Errors that name the line and the column."""

    def __init__(self, number: int):
        self.number = number

    def error(self, column: str, message: str) -> InvalidInput:
        return InvalidInput(f"line {self.number}, column {column}: {message}", field="file")


def read_statistics(path: str | Path) -> list[Record]:
    rows = _rows(Path(path))
    regions = dict(Region.objects.values_list("code", "pk"))
    commodities = {c.slug: c for c in Commodity.objects.all()}
    this_year = date.today().year
    records, seen = [], {}
    for number, row in rows:
        line = _Line(number)
        record = _record(line, row, regions, commodities, this_year)
        key = (record.region_id, record.commodity_id, record.year)
        if key in seen:
            raise line.error(
                "region_code",
                f"{row['region_code']}, {row['commodity']}, {row['year']} repeats line {seen[key]}",
            )
        seen[key] = number
        records.append(record)
    if not records:
        raise InvalidInput("the file has no rows below its header", field="file")
    return records


def _rows(path: Path) -> list[tuple[int, dict]]:
    """The file's rows as {column: text} with their line numbers, after the header."""
    data = path.read_bytes()
    if not data.strip():
        raise InvalidInput("the file is empty", field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput(
            f"line {line}, character {column}: the file is not UTF-8 text (byte {exc.start} cannot be "
            "read); save it as CSV in UTF-8",
            field="file",
        ) from None
    if "\x00" in text:
        raise InvalidInput("the file is not CSV text (it holds NUL bytes)", field="file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InvalidInput(f"line {reader.line_num}: not CSV: {exc}", field="file") from None
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra or len(header) != len(COLUMNS):
        raise InvalidInput(
            f"line 1: the header must be {','.join(COLUMNS)}"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(extra)}" if extra else ""),
            field="file",
        )
    out = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise InvalidInput(f"line {number}: {len(row)} values for {len(header)} columns", field="file")
        out.append((number, {name: cell.strip() for name, cell in zip(header, row, strict=True)}))
    return out


def _record(line: _Line, row: dict, regions: dict, commodities: dict, this_year: int) -> Record:
    if row["region_code"] not in regions:
        raise line.error("region_code", f"unknown region {row['region_code']!r}")
    commodity = commodities.get(row["commodity"])
    if commodity is None:
        raise line.error(
            "commodity", f"unknown commodity {row['commodity']!r}; known: {', '.join(sorted(commodities))}"
        )
    if row["unit"] != commodity.unit:
        raise line.error("unit", f"the unit of {commodity.slug} is {commodity.unit!r}, not {row['unit']!r}")
    try:
        year = int(row["year"])
    except ValueError:
        raise line.error("year", f"{row['year']!r} is not a year") from None
    if not FIRST_YEAR <= year <= this_year:
        raise line.error("year", f"{year} is not a year from {FIRST_YEAR} to {this_year}")
    return Record(regions[row["region_code"]], commodity.pk, year, _quantity(line, row["quantity"]))


def _quantity(line: _Line, text: str) -> float:
    if text == "":
        raise line.error("quantity", "the quantity is missing")
    try:
        value = float(text)
    except ValueError:
        raise line.error("quantity", f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise line.error("quantity", f"{text!r} is not a number")
    if value < 0:
        raise line.error("quantity", f"{text} is negative")
    return value
