"""Reading a statistics file (reading.py): a good file gives its records; every bad file the
issue names is refused with the line and the column."""

import pytest

from biomass.catalogue.models import Commodity
from biomass.errors import InvalidInput
from biomass.regions.models import Region
from biomass.statistics.reading import COLUMNS, read_statistics

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)


def write(tmp_path, text, *, encoding="utf-8", name="stats.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_a_good_file_gives_its_records(tmp_path):
    path = write(
        tmp_path,
        "\ufeff" + HEADER + "\nBLZ,sugar-cane,2019,1700000,t\n\n BLZ , cattle ,2019, 105000 ,head\r\n",
    )
    records = read_statistics(path)
    belize = Region.objects.get(code="BLZ").pk
    cane, cattle = Commodity.objects.get(slug="sugar-cane").pk, Commodity.objects.get(slug="cattle").pk
    assert [(r.region_id, r.commodity_id, r.year, r.quantity) for r in records] == [
        (belize, cane, 2019, 1_700_000.0),
        (belize, cattle, 2019, 105_000.0),
    ]


def test_the_columns_may_come_in_any_order(tmp_path):
    path = write(tmp_path, "year,quantity,unit,region_code,commodity\n2020,5,t,CR-C,maize\n")
    (record,) = read_statistics(path)
    assert (record.year, record.quantity) == (2020, 5.0)


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "BLZ,sugar-cane,2019,1,t\nATL,sugar-cane,2019,1,t",
            "line 3, column region_code: unknown region 'ATL'",
        ),
        ("BLZ,sugar-beet,2019,1,t", "line 2, column commodity: unknown commodity 'sugar-beet'"),
        ("BLZ,sugar-cane,2019,lots,t", "line 2, column quantity: 'lots' is not a number"),
        ("BLZ,sugar-cane,2019,nan,t", "line 2, column quantity: 'nan' is not a number"),
        ("BLZ,sugar-cane,2019,-5,t", "line 2, column quantity: -5 is negative"),
        ("BLZ,sugar-cane,2019,,t", "line 2, column quantity: the quantity is missing"),
        ("BLZ,sugar-cane,2019,1,head", "line 2, column unit: the unit of sugar-cane is 't', not 'head'"),
        ("BLZ,cattle,2019,1,t", "line 2, column unit: the unit of cattle is 'head', not 't'"),
        ("BLZ,sugar-cane,2019,1,kg", "line 2, column unit: the unit of sugar-cane is 't', not 'kg'"),
        (
            "BLZ,sugar-cane,2019,1,t\nBLZ,maize,2019,1,t\nBLZ,sugar-cane,2019,2,t",
            "line 4, column region_code: BLZ, sugar-cane, 2019 repeats line 2",
        ),
        ("BLZ,sugar-cane,2999,1,t", "line 2, column year: 2999 is not a year from 1900 to"),
        ("BLZ,sugar-cane,19x9,1,t", "line 2, column year: '19x9' is not a year"),
        ("BLZ,sugar-cane,2019,1", "line 2: 4 values for 5 columns"),
        ("", "the file has no rows below its header"),
    ],
)
def test_bad_lines_are_refused_naming_the_line_and_the_column(tmp_path, body, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")) as caught:
        read_statistics(write(tmp_path, HEADER + "\n" + body + "\n"))
    assert caught.value.field == "file"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (
            "region_code,commodity,year,quantity,unit\nBLZ,ca\xf1a,2019,1,t\n".encode("latin-1"),
            "line 2, character 7: the file is not UTF-8",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"region_code,commodity\x00,year", "NUL bytes"),
        (b"region,crop,year,quantity,unit\nBLZ,maize,2019,1,t\n", "line 1: the header must be"),
        (b"region_code,commodity,year,quantity\nBLZ,maize,2019,1\n", "missing: unit"),
        (b'region_code,commodity,year,quantity,unit\n"BLZ,maize,2019,1,t\n', "line"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused(tmp_path, content, message):
    with pytest.raises(InvalidInput, match=message):
        read_statistics(write(tmp_path, content))


def test_a_repeated_column_is_named_in_the_language(tmp_path):
    from django.utils import translation

    from biomass.languages import error_message

    path = write(tmp_path, HEADER + ",year\nBLZ,maize,2019,1,t,2020\n")
    with pytest.raises(InvalidInput) as caught:
        read_statistics(path)
    assert caught.value.message == (
        "line 1: the header must be region_code,commodity,year,quantity,unit; year appears more than once"
    )
    with translation.override("es"):
        assert error_message(caught.value) == (
            "Línea 1: el encabezado debe ser region_code,commodity,year,quantity,unit; "
            "year aparece más de una vez"
        )
