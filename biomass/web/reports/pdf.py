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
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from biomass.web.templatetags.biomass_tags import num, pct

from .charts import axis_max

STYLES = getSampleStyleSheet()
CELL = STYLES["BodyText"].clone("cell", fontSize=7.5, leading=9)
CELL_RIGHT = CELL.clone("cell-right", alignment=2)
# Headers never split a word (a word wider than its column overflows it rather than break).
HEAD = CELL.clone("head", fontName="Helvetica-Bold", splitLongWords=0)
HEAD_RIGHT = HEAD.clone("head-right", alignment=2)
UNIT = "font name=Helvetica size=7"
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
GREEN = colors.HexColor("#2e7d32")


def percent(value) -> str:
    """A share (0–1) in percent, one rule throughout the reports: one decimal; "100 %" and
    "0 %" only when exact; "> 99.9 %" and "< 0.1 %" for what one decimal would round to them."""
    if value is not None and float(value) in (0.0, 1.0):
        return f"{int(float(value) * 100)} %"
    return pct(value)


def text(value: str, style: str = "BodyText") -> Paragraph:
    """A paragraph of plain text (escaped: names and sources are data, not markup)."""
    return Paragraph(escape(str(value)), STYLES[style])


def heading(value: str, level: int = 2) -> Paragraph:
    return text(value, f"Heading{level}")


def header_cell(label: str | tuple[str, str], right: bool) -> Paragraph:
    """A column's header: its name, and its unit on a line of its own (a (name, unit) pair)
    that never breaks inside (no-break spaces: "t DM/yr" stays whole)."""
    name, unit = label if isinstance(label, tuple) else (label, "")
    markup = escape(name)
    if unit:
        markup += f"<br/><{UNIT}>{escape(unit.replace(' ', chr(0xA0)))}</font>"
    return Paragraph(markup, HEAD_RIGHT if right else HEAD)


def section(title: str, *start: Flowable, level: int = 2, split_below: float | None = None) -> list[Flowable]:
    """A heading kept on the page of the start of its content (never orphaned at a foot): the
    whole goes to the next page when it does not fit; with ``split_below``, to the next page
    only when fewer than that many points are left (a long table then starts under its
    heading and goes on overleaf)."""
    if split_below is not None:
        return [CondPageBreak(split_below), heading(title, level), *start]
    return [KeepTogether([heading(title, level), *start])]


TABLE_START = 90
"""Room (points) for a heading and the first rows of a table: with more left, a long table
starts on this page."""


def table(
    header: list[str | tuple[str, str]],
    rows: list[list[str]],
    widths: list[float],
    numeric_from: int = 1,
    numeric_to: int | None = None,
) -> Table:
    """A table whose cells wrap; columns from ``numeric_from`` to before ``numeric_to`` (the
    last by default) are right-aligned numbers under right-aligned headers, the others
    left-aligned text. ``widths`` are shares of the page width."""
    numeric = range(numeric_from, len(header) if numeric_to is None else numeric_to)
    data = [[header_cell(h, i in numeric) for i, h in enumerate(header)]]
    for row in rows:
        data.append(
            [Paragraph(escape(str(v)), CELL_RIGHT if i in numeric else CELL) for i, v in enumerate(row)]
        )
    result = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return result


def bar_chart(labels: list[str], values: list[float], title: str) -> Drawing:
    """Horizontal bars, one per label (a missing value draws no bar), on a value axis from 0 to
    a round number at least the largest value, titled with its unit under it."""
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
    top = max((v for v in values if v is not None), default=0)
    end, step = axis_max(top) if top > 0 else (1.0, 0.2)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, end, step
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = num
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(
        String(150 + chart.width / 2, 3, title, fontSize=7.5, fontName="Helvetica-Bold", textAnchor="middle")
    )
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
