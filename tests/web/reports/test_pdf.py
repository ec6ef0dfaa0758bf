"""The PDF building blocks: a table, a chart and a document whose text reads back."""

import io

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Spacer

from biomass.web.reports import pdf


def test_a_document_with_a_table_and_a_chart_reads_back():
    body = pdf.document(
        [
            pdf.heading("Título <b>"),
            pdf.table(["Name", "Value (PJ/yr)"], [["a & b", "1,5"], ["c", "no data"]], [0.5, 0.5]),
            pdf.bar_chart(["a & b", "c"], [1.5, None], "Technical (PJ/yr)"),
        ],
        title="Test report",
        author="tests",
    )
    reader = PdfReader(io.BytesIO(body))
    text = reader.pages[0].extract_text()
    assert body.startswith(b"%PDF")
    assert "Título <b>" in text and "a & b" in text and "no data" in text and "Test report · 1" in text
    assert reader.metadata.title == "Test report"


def alignment(cell) -> int:
    """A table cell's paragraph alignment (0 left, 2 right); reportlab may wrap it in a tuple."""
    return (cell if hasattr(cell, "style") else cell[0]).style.alignment


def test_a_header_puts_the_unit_under_the_name_and_never_splits_a_word():
    table = pdf.table(
        ["Resource", ("Theoretical", "t DM/yr"), "Coverage"], [["a", "1", "50.0 %"]], [0.2, 0.08, 0.1]
    )
    body = pdf.document([table], title="t", author="a")
    lines = [
        x.strip()
        for x in PdfReader(io.BytesIO(body)).pages[0].extract_text().replace("\xa0", " ").split("\n")
    ]
    assert "Theoretical" in " ".join(lines) and "t DM/yr" in lines
    assert not any(line.endswith("Theoretica") or line.startswith("l ") for line in lines)
    head = table._cellvalues[0]
    assert alignment(head[0]) == 0 and alignment(head[1]) == alignment(head[2]) == 2
    assert alignment(table._cellvalues[1][1]) == 2  # over right-aligned numbers


def test_text_columns_after_the_numbers_stay_left_aligned():
    table = pdf.table(["R", "Low", "High", "Source"], [["a", "1", "2", "a note"]], [0.2, 0.1, 0.1, 0.5], 1, 3)
    assert [alignment(c) for c in table._cellvalues[1]] == [0, 2, 2, 0]
    assert [alignment(c) for c in table._cellvalues[0]] == [0, 2, 2, 0]


def test_one_rule_for_percentages():
    assert pdf.percent(1) == "100 %" and pdf.percent(0) == "0 %"
    assert pdf.percent(0.9996) == "> 99.9 %" and pdf.percent(0.0004) == "< 0.1 %"
    assert pdf.percent(0.991) == "99.1 %" and pdf.percent(0.5) == "50.0 %"


def pages_of(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def test_a_heading_goes_to_the_next_page_with_its_content_rather_than_stay_alone():
    tall = Drawing(pdf.WIDTH, 200)
    tall.add(String(0, 100, "THE CHART", fontSize=10))
    room = A4[1] - 2 * pdf.MARGIN - 150  # 150 points left: the heading, not the chart, fits
    body = pdf.document([Spacer(1, room), *pdf.section("The heading", tall)], title="t", author="a")
    pages = pages_of(body)
    assert len(pages) == 2 and "The heading" in pages[1] and "THE CHART" in pages[1]


def test_a_long_table_starts_under_its_heading_when_there_is_room():
    rows = [[f"row {i}", str(i)] for i in range(120)]
    room = A4[1] - 2 * pdf.MARGIN - 200  # 200 points left: the heading and some rows
    section = pdf.section(
        "Long table", pdf.table(["Name", "N"], rows, [0.5, 0.5]), split_below=pdf.TABLE_START
    )
    pages = pages_of(pdf.document([Spacer(1, room), *section], title="t", author="a"))
    assert "Long table" in pages[0] and "row 0" in pages[0] and "row 119" in pages[-1]
    room = A4[1] - 2 * pdf.MARGIN - 60  # 60 points: the heading alone would fit, it moves on
    section = pdf.section(
        "Long table", pdf.table(["Name", "N"], rows, [0.5, 0.5]), split_below=pdf.TABLE_START
    )
    pages = pages_of(pdf.document([Spacer(1, room), *section], title="t", author="a"))
    assert "Long table" not in pages[0] and "Long table" in pages[1] and "row 0" in pages[1]


def test_the_bar_chart_axis_reaches_past_the_longest_bar_and_names_its_unit():
    drawing = pdf.bar_chart(["a", "b", "c"], [33.2, 5.0, None], "Technical (PJ/yr)")
    chart = drawing.contents[0]
    assert chart.valueAxis.valueMin == 0 and chart.valueAxis.valueMax == 40 >= 33.2
    assert any(getattr(s, "text", "") == "Technical (PJ/yr)" for s in drawing.contents)
