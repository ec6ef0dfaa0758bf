"""The site report's supply-cost curve as a reportlab drawing, as the web chart draws it
(static/biomass/js/chart.js): cumulative technical supply (PJ/yr, x) against delivered cost
(USD/GJ, y), both axes from 0 with their titles and units, each step coloured by the resource
that supplies most of it (Dark2, the rest grey) with a key. A last step far above the rest does
not flatten them: the y axis stops at the 95th percentile of the costs (with room above it)
and a clipped step is drawn to the top with an arrow and its value."""

from __future__ import annotations

import math

import numpy as np
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from biomass.web.templatetags.biomass_tags import num

PALETTE = [
    colors.HexColor(c) for c in ("#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#1f78b4", "#b8860b")
]
OTHER = colors.HexColor("#8c8c8c")
LEFT, BOTTOM, PLOT_HEIGHT = 48, 30, 140
KEY_ROW = 11
CLIP_FACTOR = 2.0  # the axis is capped when the highest cost exceeds twice the 95th percentile


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving about ``ticks`` intervals over ``span``."""
    raw = max(span, 1e-12) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def axis_max(top: float) -> tuple[float, float]:
    """The axis' end (a whole number of steps, at least ``top``) and its step."""
    step = nice_step(top)
    return max(step, math.ceil(top / step - 1e-9) * step), step


def key_of(totals: list[dict]) -> list[tuple[str, str, object]]:
    """(resource, name, colour) of the resources on the curve, most energy first: as many as
    the palette has colours, the rest grey."""
    ranked = sorted(
        (t for t in totals if t.get("counted_in_totals", True) and (t.get("technical_pj") or 0) > 0),
        key=lambda t: -t["technical_pj"],
    )
    entries = [(t["resource"], t["resource_name"], PALETTE[i]) for i, t in enumerate(ranked[: len(PALETTE)])]
    rest = ranked[len(PALETTE) :]
    if len(rest) == 1:
        entries.append((rest[0]["resource"], rest[0]["resource_name"], OTHER))
    elif rest:
        entries.append(("", _("Other resources"), OTHER))
    return entries


def cost_axis(costs: list[float]) -> tuple[float, float]:
    """The y axis' end and step: to the highest cost, or capped near the 95th percentile when
    the highest is more than CLIP_FACTOR times it."""
    highest = max(costs)
    p95 = float(np.percentile(costs, 95))
    top = highest if highest <= CLIP_FACTOR * p95 or p95 <= 0 else 1.2 * p95
    return axis_max(top)


def _axes(width: float, x_end: float, x_step: float, y_end: float, y_step: float, group: Group) -> None:
    font = {"fontSize": 7, "fontName": "Helvetica"}
    group.add(Line(LEFT, BOTTOM, LEFT + width, BOTTOM, strokeWidth=0.6))
    group.add(Line(LEFT, BOTTOM, LEFT, BOTTOM + PLOT_HEIGHT, strokeWidth=0.6))
    for i in range(round(x_end / x_step) + 1):
        x = LEFT + width * i * x_step / x_end
        group.add(Line(x, BOTTOM, x, BOTTOM - 3, strokeWidth=0.5))
        group.add(String(x, BOTTOM - 11, num(i * x_step), textAnchor="middle", **font))
    for i in range(round(y_end / y_step) + 1):
        y = BOTTOM + PLOT_HEIGHT * i * y_step / y_end
        group.add(Line(LEFT - 3, y, LEFT, y, strokeWidth=0.5))
        group.add(String(LEFT - 5, y - 2.5, num(i * y_step), textAnchor="end", **font))
    x_title = f"{_('Supply')} (PJ/{_('yr')})"
    group.add(
        String(
            LEFT + width / 2,
            BOTTOM - 23,
            x_title,
            textAnchor="middle",
            fontSize=7.5,
            fontName="Helvetica-Bold",
        )
    )
    y_title = Group(
        String(
            0,
            0,
            f"{_('Delivered cost')} (USD/GJ)",
            textAnchor="middle",
            fontSize=7.5,
            fontName="Helvetica-Bold",
        )
    )
    y_title.transform = (0, 1, -1, 0, 10, BOTTOM + PLOT_HEIGHT / 2)
    group.add(y_title)


def supply_chart(points: list[dict], totals: list[dict], width: float) -> Drawing:
    """The curve of the points that have a cost, with its key below."""
    key = key_of(totals)
    colour = {resource: c for resource, _name, c in key}
    rows = math.ceil(len(key) / 3)
    plot_width = width - LEFT - 10
    drawing = Drawing(width, BOTTOM + PLOT_HEIGHT + 10 + rows * KEY_ROW + 6)
    plot = Group()
    plot.translate(0, rows * KEY_ROW + 6)
    x_end, x_step = axis_max(points[-1]["cumulative_pj"])
    y_end, y_step = cost_axis([p["cost_usd_per_gj"] for p in points])
    _axes(plot_width, x_end, x_step, y_end, y_step, plot)

    def xy(pj: float, cost: float) -> tuple[float, float]:
        return LEFT + plot_width * pj / x_end, BOTTOM + PLOT_HEIGHT * min(cost, y_end) / y_end

    highest = max(p["cost_usd_per_gj"] for p in points)
    previous = (0.0, points[0]["cost_usd_per_gj"])
    for p in points:
        ink = colour.get(p.get("resource"), OTHER)
        x0, y0 = xy(*previous)
        x1, y1 = xy(p["cumulative_pj"], p["cost_usd_per_gj"])
        plot.add(Line(x0, y0, x0, y1, strokeColor=ink, strokeWidth=1.2))  # the riser to this step
        plot.add(Line(x0, y1, x1, y1, strokeColor=ink, strokeWidth=2))
        if p["cost_usd_per_gj"] > y_end:  # clipped: an arrow up and the real value
            plot.add(Polygon([x1 - 3, y1 - 1, x1, y1 + 4, x1 + 3, y1 - 1], fillColor=ink, strokeColor=None))
            if p["cost_usd_per_gj"] == highest:
                label = f"↑ {num(highest)} USD/GJ"
                plot.add(String(x1 - 5, y1 - 9, label, textAnchor="end", fontSize=6.5, fontName="Helvetica"))
        previous = (p["cumulative_pj"], p["cost_usd_per_gj"])
    drawing.add(plot)
    column = (width - LEFT) / 3
    for i, (_resource, name, ink) in enumerate(key):
        x, y = LEFT + column * (i % 3), (rows - 1 - i // 3) * KEY_ROW
        drawing.add(Rect(x, y, 10, 7, fillColor=ink, strokeColor=None))
        drawing.add(String(x + 14, y + 1, name, fontSize=6.5, fontName="Helvetica"))
    return drawing
