"""The site report's supply-cost curve as drawn: axis titles with units, ticks from 0, steps
coloured by resource as the key says, and an outlying last step that does not flatten the
rest (the axis is capped and the step marked with its value)."""

from django.utils import translation
from reportlab.graphics.shapes import Group, Line, String

from biomass.web.reports import charts

TOTALS = [
    {"resource": "maize", "resource_name": "Maize stover", "technical_pj": 3.0, "counted_in_totals": True},
    {
        "resource": "cane",
        "resource_name": "Sugarcane bagasse",
        "technical_pj": 2.0,
        "counted_in_totals": True,
    },
    {"resource": "manure", "resource_name": "Manure", "technical_pj": 9.0, "counted_in_totals": False},
]
POINTS = [
    {"cumulative_pj": 1.0, "cost_usd_per_gj": 1.0, "resource": "maize"},
    {"cumulative_pj": 2.0, "cost_usd_per_gj": 1.2, "resource": "maize"},
    {"cumulative_pj": 3.0, "cost_usd_per_gj": 1.5, "resource": "cane"},
    {"cumulative_pj": 4.0, "cost_usd_per_gj": 1.8, "resource": "maize"},
    *[
        {"cumulative_pj": 4.0 + i / 10, "cost_usd_per_gj": 1.8 + i / 10, "resource": "cane"}
        for i in range(1, 20)
    ],
    {"cumulative_pj": 6.0, "cost_usd_per_gj": 36.1, "resource": "cane"},
]


def flat(node, offset=0.0):
    """(item, y offset of its group) of every shape in the drawing."""
    for item in node.contents:
        if isinstance(item, Group):
            yield from flat(item, offset + (item.transform[5] if item.transform[:4] == (1, 0, 0, 1) else 0))
        else:
            yield item, offset


def test_the_axes_have_titles_with_units_and_start_at_zero():
    with translation.override("en"):
        drawing = charts.supply_chart(POINTS, TOTALS, 500)
    texts = [s.text for s, _ in flat(drawing) if isinstance(s, String)]
    assert "Supply (PJ/yr)" in texts and "Delivered cost (USD/GJ)" in texts
    assert texts.count("0") == 2  # a 0 tick on each axis
    with translation.override("es"):
        texts = [s.text for s, _ in flat(charts.supply_chart(POINTS, TOTALS, 500)) if isinstance(s, String)]
    assert "Oferta (PJ/año)" in texts and "Costo puesto en destino (USD/GJ)" in texts


def test_steps_are_coloured_by_resource_as_the_key_says():
    key = charts.key_of(TOTALS)
    assert [(r, n) for r, n, _ in key] == [
        ("maize", "Maize stover"),
        ("cane", "Sugarcane bagasse"),
    ]  # no manure
    drawing = charts.supply_chart(POINTS, TOTALS, 500)
    inks = {line.strokeColor for line, _ in flat(drawing) if isinstance(line, Line) and line.strokeWidth == 2}
    assert inks == {charts.PALETTE[0], charts.PALETTE[1]}
    names = [s.text for s, _ in flat(drawing) if isinstance(s, String)]
    assert "Maize stover" in names and "Sugarcane bagasse" in names


def test_an_outlying_last_step_is_clipped_and_marked_with_its_value():
    end, _step = charts.cost_axis(POINTS, None)
    assert 3 <= end < 10  # not 40: the cost at 95 % of the supply (about 3.5) sets it
    drawing = charts.supply_chart(POINTS, TOTALS, 500)
    texts = [s.text for s, _ in flat(drawing) if isinstance(s, String)]
    assert "↑ 36.1 USD/GJ" in texts
    top = charts.BOTTOM + charts.PLOT_HEIGHT
    steps = [(line, dy) for line, dy in flat(drawing) if isinstance(line, Line) and line.strokeWidth == 2]
    assert all(max(line.y1, line.y2) <= top + 1e-6 for line, _ in steps)
    # the rest is not flattened: the first steps rise over a visible share of the plot
    rise = steps[-2][0].y1 - steps[0][0].y1
    assert rise > 0.3 * charts.PLOT_HEIGHT
    # no clipping when no step is an outlier
    assert charts.cost_axis(SMALL[:3], None)[0] == 4  # 3 USD/GJ × 1.05, to a whole step of 1


# 20 steps of 1 PJ/yr at 1, 2, …, 19 USD/GJ, and a last one at 100 USD/GJ.
SMALL = [
    *[{"cumulative_pj": float(i), "cost_usd_per_gj": float(i), "resource": "maize"} for i in range(1, 20)],
    {"cumulative_pj": 20.0, "cost_usd_per_gj": 100.0, "resource": "maize"},
]


def test_the_cost_axis_follows_the_maps_rule_with_its_price_line():
    """As the map (chart.js costTop): the top is 1.5 × the price or the cost at 95 % of the
    supply, whichever is higher, when a step is above it; else the highest cost or the price;
    × 1.05 for room, to a whole step. On paper: 95 % of 20 PJ is 19 PJ, at 19 USD/GJ."""
    assert charts.cost_axis(SMALL, 10.0) == (20, 5)  # max(15, 19) × 1.05 = 19.95 (not 30 by the old rule)
    assert charts.cost_axis(SMALL, 40.0) == (80, 20)  # max(60, 19) × 1.05 = 63
    assert charts.cost_axis(SMALL[:3], 10.0) == (15, 5)  # nothing clipped: the price, 10 × 1.05
    with translation.override("en"):
        drawing = charts.supply_chart(SMALL, TOTALS, 500, price_usd_gj=10.0)
    lines = [(line, dy) for line, dy in flat(drawing) if isinstance(line, Line) and line.strokeDashArray]
    assert len(lines) == 1  # the price line, dashed, across the plot at 10 of 20 USD/GJ
    price, _dy = lines[0]
    assert price.y1 == price.y2 == charts.BOTTOM + charts.PLOT_HEIGHT * 10 / 20
    assert price.x2 - price.x1 == 500 - charts.LEFT - 10
    texts = [s.text for s, _ in flat(drawing) if isinstance(s, String)]
    assert "Price: 10 USD/GJ" in texts and "↑ 100 USD/GJ" in texts
    no_price = charts.supply_chart(SMALL, TOTALS, 500)  # no price known: no line
    assert not [line for line, _ in flat(no_price) if isinstance(line, Line) and line.strokeDashArray]


def test_the_price_per_gj_is_the_maps():
    """The scenario's price per t over the GJ per t of the area's technical supply."""
    result = {"scenario": {"price_usd_t": 30.0}, "total": {"technical_t": 2_000_000.0, "technical_pj": 30.0}}
    assert charts.price_per_gj(result) == 2.0  # 30 PJ / 2 Mt = 15 GJ/t; 30 USD/t ÷ 15
    assert charts.price_per_gj({**result, "total": {"technical_t": None, "technical_pj": None}}) is None


def test_the_x_axis_reaches_the_last_supply():
    assert charts.axis_max(5.45) == (6, 2) and charts.axis_max(33.2) == (40, 10)
    assert charts.axis_max(0.0043)[0] >= 0.0043
