"""The building blocks of a PDF report with reportlab: styles, a paragraph, a table with a
header row, a horizontal bar chart, and the document itself. No Django data here."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()
CELL = STYLES["BodyText"].clone("cell", fontSize=7.5, leading=9)
CELL_RIGHT = CELL.clone("cell-right", alignment=2)
HEAD = CELL.clone("head", fontName="Helvetica-Bold")
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
GREEN = colors.HexColor("#2e7d32")


def text(value: str, style: str = "BodyText") -> Paragraph:
    """A paragraph of plain text (escaped: names and sources are data, not markup)."""
    return Paragraph(escape(str(value)), STYLES[style])


def heading(value: str, level: int = 2) -> Paragraph:
    return text(value, f"Heading{level}")


def table(header: list[str], rows: list[list[str]], widths: list[float], numeric_from: int = 1) -> Table:
    """A table whose cells wrap; columns from ``numeric_from`` on are right-aligned numbers.
    ``widths`` are shares of the page width."""
    data = [[Paragraph(escape(h), HEAD) for h in header]]
    for row in rows:
        data.append(
            [Paragraph(escape(str(v)), CELL_RIGHT if i >= numeric_from else CELL) for i, v in enumerate(row)]
        )
    result = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return result


def bar_chart(labels: list[str], values: list[float], title: str) -> Drawing:
    """Horizontal bars, one per label (a missing value draws no bar)."""
    row_height = 12
    height = row_height * len(labels) + 40
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 25
    chart.width, chart.height = WIDTH - 170, height - 40
    chart.data = [[v if v is not None else 0 for v in reversed(values)]]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(String(150, 5, title, fontSize=7.5, fontName="Helvetica"))
    return drawing


def document(flowables: list[Flowable], *, title: str, author: str) -> bytes:
    """The PDF of these flowables on A4 pages numbered at the foot."""
    buffer = io.BytesIO()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(MARGIN, 8 * mm, f"{title} · {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
    )
    doc.build(flowables, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


SPACE = Spacer(1, 4 * mm)
