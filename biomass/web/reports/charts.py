"""The site report's supply-cost curve as a reportlab drawing, as the web chart draws it
(static/biomass/js/chart.js): cumulative technical supply (PJ/yr, x) against delivered cost
(USD/GJ, y), both axes from 0 with their titles and units, each step coloured by the resource
that supplies most of it (Dark2, the rest grey) with a key, and the scenario's price per GJ as a
dashed line. The y axis ends where the map's does (``cost_axis``): a steep tail of costly steps
does not flatten the rest, and a clipped step is drawn to the top with an arrow and its value.
And the plant's levelised cost of electricity against its size (``size_chart``)."""

from __future__ import annotations

import itertools
import math

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from biomass.web.templatetags.biomass_tags import num

PALETTE = [
    colors.HexColor(c) for c in ("#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#1f78b4", "#b8860b")
]
OTHER = colors.HexColor("#8c8c8c")
PRICE = colors.HexColor("#d95f02")  # the map's price line (Dark2's orange, no step has it)
GJ_PER_PJ = 1e6
LEFT, BOTTOM, PLOT_HEIGHT = 48, 30, 140
KEY_ROW = 11


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


def price_per_gj(result: dict) -> float | None:
    """The scenario's price per t (USD/t DM) per GJ of the area's technical supply, as the map
    draws it (chart.js pricePerGj); None without a technical supply to divide by."""
    total, price = result["total"], result["scenario"].get("price_usd_t")
    if price is None or not total.get("technical_t") or not total.get("technical_pj"):
        return None
    return price / (total["technical_pj"] * GJ_PER_PJ / total["technical_t"])


def cost_axis(points: list[dict], price: float | None) -> tuple[float, float]:
    """The y axis' end and step, by the map's rule (chart.js costTop): when a step costs more
    than 1.5 × the price or the cost at 95 % of the supply, whichever is higher, the axis stops
    there; else at the highest cost or the price. Then 5 % of room, to a whole step."""
    costs = [p["cost_usd_per_gj"] for p in points]
    supply = points[-1]["cumulative_pj"] or 1
    at95 = next((p for p in points if p["cumulative_pj"] >= 0.95 * supply), points[-1])
    top = max(1.5 * (price or 0), at95["cost_usd_per_gj"])
    if top >= max(costs):
        top = max(*costs, price or 0)
    return axis_max(top * 1.05)


def _axes(
    width: float, x_end: float, x_step: float, y_end: float, y_step: float, group: Group, titles=None
) -> None:
    """Both axes from 0, ticked and titled (default: the supply-cost curve's titles)."""
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
    x_title, y_title_text = titles or (f"{_('Supply')} (PJ/{_('yr')})", f"{_('Delivered cost')} (USD/GJ)")
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
            y_title_text,
            textAnchor="middle",
            fontSize=7.5,
            fontName="Helvetica-Bold",
        )
    )
    y_title.transform = (0, 1, -1, 0, 10, BOTTOM + PLOT_HEIGHT / 2)
    group.add(y_title)


def _price_line(width: float, y: float, price: float, group: Group) -> None:
    group.add(Line(LEFT, y, LEFT + width, y, strokeColor=PRICE, strokeWidth=0.8, strokeDashArray=[4, 3]))
    label = f"{_('Price')}: {num(price)} USD/GJ"
    group.add(String(LEFT + width, y + 2, label, textAnchor="end", fontSize=6.5, fillColor=PRICE))


def supply_chart(
    points: list[dict], totals: list[dict], width: float, price_usd_gj: float | None = None
) -> Drawing:
    """The curve of the points that have a cost, with the price line (when the price is
    known, in USD/GJ) and the key below."""
    key = key_of(totals)
    colour = {resource: c for resource, _name, c in key}
    rows = math.ceil(len(key) / 3)
    plot_width = width - LEFT - 10
    drawing = Drawing(width, BOTTOM + PLOT_HEIGHT + 10 + rows * KEY_ROW + 6)
    plot = Group()
    plot.translate(0, rows * KEY_ROW + 6)
    x_end, x_step = axis_max(points[-1]["cumulative_pj"])
    y_end, y_step = cost_axis(points, price_usd_gj)
    _axes(plot_width, x_end, x_step, y_end, y_step, plot)
    if price_usd_gj is not None:
        _price_line(plot_width, BOTTOM + PLOT_HEIGHT * price_usd_gj / y_end, price_usd_gj, plot)

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


def size_chart(sizes: list[dict], best: dict | None, chosen_mw: float | None, width: float) -> Drawing:
    """The plant's LCOE (USD/MWh, y) against its size (MW electric, x) as the map's size chart
    draws it (plantchart.js): a gap where the site cannot feed a size, the cheapest size a dot
    with its label, the size chosen a dashed grey line. Needs at least one size with an LCOE."""
    plot_width = width - LEFT - 10
    drawing = Drawing(width, BOTTOM + PLOT_HEIGHT + 16)
    known = [p for p in sizes if p["lcoe_usd_mwh"] is not None]
    x_end, x_step = axis_max(max(p["mw"] for p in sizes))
    y_end, y_step = axis_max(max(p["lcoe_usd_mwh"] for p in known) * 1.05)
    titles = (f"{_('Plant size')} (MW {_('electric')})", f"{_('LCOE')} (USD/MWh)")
    _axes(plot_width, x_end, x_step, y_end, y_step, drawing, titles)

    def xy(mw: float, cost: float) -> tuple[float, float]:
        return LEFT + plot_width * mw / x_end, BOTTOM + PLOT_HEIGHT * cost / y_end

    for a, b in itertools.pairwise(sizes):
        if a["lcoe_usd_mwh"] is not None and b["lcoe_usd_mwh"] is not None:
            x0, y0 = xy(a["mw"], a["lcoe_usd_mwh"])
            x1, y1 = xy(b["mw"], b["lcoe_usd_mwh"])
            drawing.add(Line(x0, y0, x1, y1, strokeColor=PALETTE[0], strokeWidth=1.6))
    if chosen_mw is not None and 0 < chosen_mw <= x_end:
        x = xy(chosen_mw, 0)[0]
        drawing.add(Line(x, BOTTOM, x, BOTTOM + PLOT_HEIGHT, strokeColor=OTHER, strokeDashArray=[3, 3]))
        label = f"{_('Chosen')}: {num(chosen_mw)} MW"
        drawing.add(String(x + 3, BOTTOM + 4, label, fontSize=6.5, fontName="Helvetica", fillColor=OTHER))
    if best is not None and best.get("lcoe_usd_mwh") is not None:
        x, y = xy(best["mw"], best["lcoe_usd_mwh"])
        drawing.add(Circle(x, y, 3, fillColor=PRICE, strokeColor=None))
        label = f"{_('Cheapest')}: {num(best['mw'])} MW · {num(best['lcoe_usd_mwh'])} USD/MWh"
        anchor = "end" if x > LEFT + plot_width * 0.6 else "start"
        drawing.add(String(x, y + 6, label, textAnchor=anchor, fontSize=7, fontName="Helvetica-Bold"))
    return drawing
