"""Charts drawn on the server as SVG (no JavaScript needed to read them): the trend of a
country's technical potential year by year."""

from __future__ import annotations

import math

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 880, 300
LEFT, RIGHT, TOP, BOTTOM = 74, 12, 12, 28
COLOURS = ("#21918c", "#3b528b", "#5ec962", "#b5de2b", "#440154")


def _ticks(top: float) -> list[float]:
    """Round steps (1, 2, 2.5 or 5 × a power of ten) from 0 to at least ``top``, about five."""
    if top <= 0:
        return [0.0]
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _path(years: list[int], values: list, x, y) -> str:
    """An SVG path that breaks where a value is missing (no data is a gap, not 0)."""
    parts, pen_down = [], False
    for year, value in zip(years, values, strict=True):
        if value is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x(year):.1f},{y(value):.1f}")
        pen_down = True
    return " ".join(parts)


class _Frame:
    """The chart's scales: years along x, PJ/yr (0 to the last tick) along y."""

    def __init__(self, years: list[int], ticks: list[float]):
        self.first, self.last = years[0], max(years[-1], years[0] + 1)
        self.top = ticks[-1] or 1.0

    def x(self, year: float) -> float:
        return LEFT + (year - self.first) / (self.last - self.first) * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return HEIGHT - BOTTOM - value / self.top * (HEIGHT - TOP - BOTTOM)


def _tick_label(value: float, step: float) -> str:
    """A tick in the page's number format, with as many decimals as the step has."""
    decimals = len(f"{step:g}".partition(".")[2])
    return formats.number_format(
        round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def _axes(frame: _Frame, years: list[int], ticks: list[float]) -> SafeString:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    grid = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="tick" x="{}" y="{}">{}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                f"{frame.y(t):.1f}",
                f"{frame.y(t):.1f}",
                LEFT - 6,
                f"{frame.y(t) + 4:.1f}",
                _tick_label(t, step),
            )
            for t in ticks
        ),
    )
    decades = format_html_join(
        "",
        '<text class="tick year" x="{}" y="{}">{}</text>',
        ((f"{frame.x(year):.1f}", HEIGHT - 8, year) for year in years if year % 10 == 0),
    )
    # the unit on the y axis, turned along it
    middle = (TOP + HEIGHT - BOTTOM) / 2
    unit = format_html(
        '<text class="axis-title" x="{}" y="{}" transform="rotate(-90 {} {})">{}</text>',
        14,
        f"{middle:.1f}",
        14,
        f"{middle:.1f}",
        _("PJ/yr"),
    )
    return format_html("{}{}{}", grid, decades, unit)


def _shade(frame: _Frame, reference: tuple[int, int] | None) -> SafeString | str:
    if not reference:
        return ""
    a, b = reference
    return format_html(
        '<rect class="reference" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
        f"{frame.x(a - 0.5):.1f}",
        TOP,
        f"{frame.x(b + 0.5) - frame.x(a - 0.5):.1f}",
        HEIGHT - TOP - BOTTOM,
        _("reference years"),
    )


def trend_svg(trend: dict) -> SafeString:
    """The total and the largest resources as lines, the reference years shaded."""
    years = trend["years"]
    ticks = _ticks(max([v for v in trend["total"] if v is not None] + [1e-9]))
    frame = _Frame(years, ticks)
    lines = format_html_join(
        "",
        '<path class="line" stroke="{}" d="{}"><title>{}</title></path>',
        (
            (COLOURS[i % len(COLOURS)], _path(years, line["values"], frame.x, frame.y), line["name"])
            for i, line in enumerate(trend["lines"])
        ),
    )
    total = format_html(
        '<path class="line total" d="{}"><title>{}</title></path>',
        _path(years, trend["total"], frame.x, frame.y),
        _("Total"),
    )
    return format_html(
        '<svg class="trend" viewBox="0 0 {} {}" role="img" aria-labelledby="trend-title" preserveAspectRatio="xMidYMid meet">'
        '<title id="trend-title">{}</title>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        _("Technical potential per year (PJ/yr)"),
        _shade(frame, trend["reference"]),
        _axes(frame, years, ticks),
        lines,
        total,
    )


def trend_legend(trend: dict) -> SafeString:
    """The key of the lines, in the chart's colours."""
    items = format_html_join(
        "",
        # An SVG fill, not a style attribute: the Content-Security-Policy forbids those.
        '<li><svg class="swatch" aria-hidden="true" focusable="false"><rect width="100%" height="100%" fill="{}"/>'
        "</svg>{}</li>",
        ((COLOURS[i % len(COLOURS)], line["name"]) for i, line in enumerate(trend["lines"])),
    )
    return format_html(
        '<ul class="legend-lines"><li><span class="swatch total"></span>{}</li>{}'
        '<li><span class="swatch reference"></span>{}</li></ul>',
        _("Total (resources counted in totals)"),
        items,
        _("reference years of the stored potentials"),
    )
