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
    end, _step = charts.cost_axis([p["cost_usd_per_gj"] for p in POINTS])
    assert 3 <= end < 10  # not 40: the 95th percentile (about 3.6) sets it
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
    assert charts.cost_axis([1.0, 2.0, 3.0])[0] == 3


def test_the_x_axis_reaches_the_last_supply():
    assert charts.axis_max(5.45) == (6, 2) and charts.axis_max(33.2) == (40, 10)
    assert charts.axis_max(0.0043)[0] >= 0.0043
