"""The server-drawn trend chart (charts.py): round ticks, a gap (not a drop to 0) where a year
has no data, the reference years shaded, the lines in the key."""

import re

from django.utils import translation

from biomass.web.charts import _path, _ticks, trend_legend, trend_svg


def test_ticks_are_round_and_reach_the_top():
    assert _ticks(463.0) == [0, 100, 200, 300, 400, 500]
    assert _ticks(4.6) == [0, 1, 2, 3, 4, 5]
    assert _ticks(0.023) == [0, 0.005, 0.01, 0.015, 0.02, 0.025]
    assert _ticks(12.0) == [0, 2.5, 5.0, 7.5, 10.0, 12.5]
    assert _ticks(0) == [0.0]


def test_a_year_without_data_breaks_the_line():
    d = _path([2000, 2001, 2002, 2003], [1.0, None, 2.0, 3.0], lambda year: year - 2000, lambda v: 10 * v)
    assert d == "M0.0,10.0 M2.0,20.0 L3.0,30.0"


def test_the_chart_shades_the_reference_years_and_names_its_lines():
    trend = {
        "years": [2016, 2017, 2018, 2019, 2020],
        "total": [3.0, None, 4.0, 5.0, 4.5],
        "lines": [{"slug": "maize-stover", "name": "Maize stover", "values": [1.0, 1.0, 2.0, 2.0, 2.0]}],
        "reference": (2018, 2020),
    }
    svg = str(trend_svg(trend))
    assert svg.startswith('<svg class="trend"') and 'role="img"' in svg
    total = re.search(r'<path class="line total" d="([^"]+)"', svg).group(1)
    assert total.count("M") == 2  # the missing 2017 splits the total in two
    assert '<rect class="reference"' in svg and "<title>Maize stover</title>" in svg
    legend = str(trend_legend(trend))
    assert "Maize stover" in legend
    # the key's colour is an SVG fill, not a style attribute (the Content-Security-Policy)
    assert '<rect width="100%" height="100%" fill="#21918c"/>' in legend and "style=" not in legend


def test_the_chart_names_its_unit_on_the_y_axis():
    trend = {"years": [2018, 2019, 2020], "total": [3.0, 4.0, 5.0], "lines": [], "reference": None}
    with translation.override("es"):
        svg = str(trend_svg(trend))
    title = re.search(
        r'<text class="axis-title" x="([\d.]+)"[^>]*transform="rotate\(-90[^>]*>([^<]+)</text>', svg
    )
    assert title and title.group(2) == "PJ/año"
    ticks = [float(x) for x in re.findall(r'<text class="tick" x="([\d.]+)"', svg)]
    assert float(title.group(1)) < min(ticks) - 20  # left of the tick labels, not on them
