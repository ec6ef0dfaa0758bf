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
from biomass.engine.errors import Text
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

    def error(self, column: str, problem: str, **params) -> InvalidInput:
        """``problem``: a template (translated like every message) filled in with ``params``."""
        return InvalidInput(
            "line %(line)s, column %(column)s: %(problem)s",
            field="file",
            params={"line": str(self.number), "column": column, "problem": Text(problem, **params)},
        )


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
                "%(region)s, %(commodity)s, %(year)s repeats line %(first)s",
                region=row["region_code"],
                commodity=row["commodity"],
                year=row["year"],
                first=str(seen[key]),
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
            "line %(line)s, character %(column)s: the file is not UTF-8 text (byte %(byte)s cannot be "
            "read); save it as CSV in UTF-8",
            field="file",
            params={"line": str(line), "column": str(column), "byte": str(exc.start)},
        ) from None
    if "\x00" in text:
        raise InvalidInput("the file is not CSV text (it holds NUL bytes)", field="file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InvalidInput(
            "line %(line)s: not CSV: %(reason)s",
            field="file",
            params={"line": str(reader.line_num), "reason": str(exc)},
        ) from None
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated and not (missing or extra):
        raise InvalidInput(
            "line 1: the header must be %(columns)s; %(repeated)s appears more than once",
            field="file",
            params={"columns": ",".join(COLUMNS), "repeated": ", ".join(repeated)},
        )
    if missing or extra or len(header) != len(COLUMNS):
        raise InvalidInput(
            "line 1: the header must be %(columns)s; missing: %(missing)s; unknown: %(unknown)s",
            field="file",
            params={
                "columns": ",".join(COLUMNS),
                "missing": ", ".join(missing) or "—",
                "unknown": ", ".join(extra) or "—",
            },
        )
    out = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise InvalidInput(
                "line %(line)s: %(values)s values for %(columns)s columns",
                field="file",
                params={"line": str(number), "values": len(row), "columns": len(header)},
            )
        out.append((number, {name: cell.strip() for name, cell in zip(header, row, strict=True)}))
    return out


def _record(line: _Line, row: dict, regions: dict, commodities: dict, this_year: int) -> Record:
    if row["region_code"] not in regions:
        raise line.error("region_code", "unknown region %(code)r", code=row["region_code"])
    commodity = commodities.get(row["commodity"])
    if commodity is None:
        raise line.error(
            "commodity",
            "unknown commodity %(slug)r; known: %(known)s",
            slug=row["commodity"],
            known=", ".join(sorted(commodities)),
        )
    if row["unit"] != commodity.unit:
        raise line.error(
            "unit",
            "the unit of %(slug)s is %(expected)r, not %(given)r",
            slug=commodity.slug,
            expected=commodity.unit,
            given=row["unit"],
        )
    try:
        year = int(row["year"])
    except ValueError:
        raise line.error("year", "%(value)r is not a year", value=row["year"]) from None
    if not FIRST_YEAR <= year <= this_year:
        raise line.error(
            "year",
            "%(year)s is not a year from %(first)s to %(last)s",
            year=str(year),
            first=str(FIRST_YEAR),
            last=str(this_year),
        )
    return Record(regions[row["region_code"]], commodity.pk, year, _quantity(line, row["quantity"]))


def _quantity(line: _Line, text: str) -> float:
    if text == "":
        raise line.error("quantity", "the quantity is missing")
    try:
        value = float(text)
    except ValueError:
        raise line.error("quantity", "%(value)r is not a number", value=text) from None
    if not math.isfinite(value):
        raise line.error("quantity", "%(value)r is not a number", value=text)
    if value < 0:
        raise line.error("quantity", "%(value)s is negative", value=text)
    return value
