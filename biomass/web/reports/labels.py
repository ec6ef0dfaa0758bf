"""Region names on a report's map, placed without clutter: the largest region first, each name
centred at the region's pole of inaccessibility (or a point inside it), skipped when its box
would overlap a name already placed, leave the frame or stand more than a fifth off its region
(INSIDE); white on dark fills, black on light ones (whichever contrasts more with the fill's
luminance)."""

from __future__ import annotations

from typing import NamedTuple

import shapely
from reportlab.graphics.shapes import Group, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from shapely.ops import polylabel

FONT = "Helvetica"
GAP = 1.0  # points kept free around a name
INSIDE = 0.8  # the share of a name's box that must lie on its own region


class Placed(NamedTuple):
    """A name on paper: its text, the box it takes (shapely) and its ink."""

    name: str
    box: object
    ink: object


def luminance(colour) -> float:
    """The relative luminance (WCAG) of a reportlab colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)


def ink_for(fill):
    """White or black, whichever has the higher contrast ratio with the fill (black on none)."""
    if fill is None:
        return colors.black
    lum = luminance(fill)
    return colors.white if (1.05 / (lum + 0.05)) > ((lum + 0.05) / 0.05) else colors.black


def _anchors(shape, step: float):
    """Points where a name may be centred: the pole of inaccessibility of the largest part,
    a point surely inside the shape, then points of a grid over that part, nearest the pole
    first (a long name may fit beside the pole rather than on it)."""
    parts = [p for p in getattr(shape, "geoms", [shape]) if p.geom_type == "Polygon"]
    out = [shape.representative_point()]
    if parts:
        largest = max(parts, key=lambda p: p.area)
        pole = polylabel(largest, tolerance=0.5)
        x0, y0, x1, y1 = largest.bounds
        grid = [
            shapely.Point(x0 + i * step, y0 + j * step)
            for i in range(int((x1 - x0) / step) + 1)
            for j in range(int((y1 - y0) / step) + 1)
        ]
        grid = [p for p in grid if largest.contains(p)]
        out = [pole, *out, *sorted(grid, key=pole.distance)[:200]]
    return out


def place(
    shapes: list[tuple], frame_box, *, font: float, inside: bool = True
) -> tuple[list[Placed], list[str]]:
    """The names placed (largest region first) and the names left out. ``shapes`` are
    (name, shape on paper, fill); ``inside``: a name must also stand on its region (INSIDE of its box)."""
    placed: list[Placed] = []
    skipped: list[str] = []
    for name, shape, fill in sorted(shapes, key=lambda s: -s[1].area):
        width = stringWidth(name, FONT, font)
        box = None
        for point in _anchors(shape, step=font / 2):
            candidate = shapely.box(
                point.x - width / 2, point.y - font * 0.3, point.x + width / 2, point.y + font * 0.75
            )
            if not frame_box.contains(candidate) or (
                inside and shape.intersection(candidate).area < INSIDE * candidate.area
            ):
                continue
            if any(candidate.buffer(GAP).intersects(p.box) for p in placed):
                continue
            box = candidate
            break
        if box is None:
            skipped.append(name)
        else:
            placed.append(Placed(name, box, ink_for(fill)))
    return placed, skipped


def drawn(placed: list[Placed], font: float) -> Group:
    group = Group()
    for p in placed:
        x0, y0, x1, _y1 = p.box.bounds
        group.add(
            String(
                (x0 + x1) / 2,
                y0 + font * 0.3,
                p.name,
                fontSize=font,
                fontName=FONT,
                textAnchor="middle",
                fillColor=p.ink,
            )
        )
    return group
