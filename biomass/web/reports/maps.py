"""Maps in a PDF report, drawn with reportlab from lon/lat (shapely) geometries: a choropleth
of regions in the web map's classes, and a catchment. Each has the land around it from the
offline base map, a legend, a scale bar, a north-up note and its projection stated. Geometries
are projected to points on paper, clipped to the frame and simplified there (a third of a
point), which keeps the PDF small whatever the detail of the regions."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import shapely
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import FILL_EVEN_ODD, Circle, Drawing, Group, Path, Polygon, Rect, String
from reportlab.lib import colors

from biomass.web.templatetags.biomass_tags import num

from . import labels

# The web map's classes (static/biomass/js/classes.js): viridis, five classes, grey no data.
PALETTE = [colors.HexColor(c) for c in ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")]
NO_DATA = colors.HexColor("#d9d9d9")
LAND, SEA, BORDER = colors.HexColor("#f4f1ea"), colors.HexColor("#e6eff5"), colors.HexColor("#8c8c8c")
HIGHLIGHT = colors.HexColor("#d95f02")
KM_PER_DEGREE = 111.195  # a degree of latitude (or of longitude at the equator), km
SIMPLIFY_POINTS = 0.3
LEGEND_WIDTH = 150
BASEMAP = "biomass/basemap/region.geojson"


class Area(NamedTuple):
    """A region to draw: its code, its name, its lon/lat geometry and its value (None: no data)."""

    code: str
    name: str
    geometry: object
    value: float | None = None


@dataclass(frozen=True)
class Frame:
    """Lon/lat to points on paper, north up: an equirectangular projection true to scale along
    the parallel ``lat0`` (x grows with longitude by cos(lat0)·scale, y with latitude by scale),
    centred on (lon0, lat0) in the rectangle x, y, width, height."""

    lon0: float
    lat0: float
    scale: float  # points per degree of latitude
    x: float
    y: float
    width: float
    height: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        k = math.cos(math.radians(self.lat0))
        return (
            self.x + self.width / 2 + (lon - self.lon0) * k * self.scale,
            self.y + self.height / 2 + (lat - self.lat0) * self.scale,
        )

    @property
    def km_per_point(self) -> float:
        return KM_PER_DEGREE / self.scale

    @property
    def box(self):
        return shapely.box(self.x, self.y, self.x + self.width, self.y + self.height)

    def lonlat_box(self):
        """The frame in lon/lat (to pick what may show before projecting it)."""
        k = math.cos(math.radians(self.lat0))
        half_lon, half_lat = self.width / 2 / (k * self.scale), self.height / 2 / self.scale
        return shapely.box(
            self.lon0 - half_lon, self.lat0 - half_lat, self.lon0 + half_lon, self.lat0 + half_lat
        )

    def project(self, geometry):
        """The geometry on paper, clipped to the frame and simplified (None when outside)."""
        k = math.cos(math.radians(self.lat0))
        cx, cy = self.x + self.width / 2, self.y + self.height / 2

        def to_paper(coords):
            out = coords.copy()
            out[:, 0] = cx + (coords[:, 0] - self.lon0) * k * self.scale
            out[:, 1] = cy + (coords[:, 1] - self.lat0) * self.scale
            return out

        shape = shapely.transform(geometry, to_paper)
        shape = shapely.intersection(shapely.make_valid(shape), self.box)
        shape = shape.simplify(SIMPLIFY_POINTS, preserve_topology=True)
        return None if shape.is_empty else shape


def fit(bounds: tuple[float, float, float, float], *, x, y, width, height, pad=0.04) -> Frame:
    """The frame that shows lon/lat ``bounds`` (min lon, min lat, max lon, max lat) whole and
    centred in the rectangle, with ``pad`` of its size free on each side."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lat0 = (min_lat + max_lat) / 2
    k = math.cos(math.radians(lat0))
    span_x, span_y = max((max_lon - min_lon) * k, 1e-9), max(max_lat - min_lat, 1e-9)
    scale = min(width * (1 - 2 * pad) / span_x, height * (1 - 2 * pad) / span_y)
    return Frame((min_lon + max_lon) / 2, lat0, scale, x, y, width, height)


def nice_number(value: float) -> float:
    """Rounded to two significant digits (as the web map's class breaks)."""
    if value == 0:
        return 0.0
    p = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return round(value / p) * p


def breaks_for(values: list[float | None]) -> list[float]:
    """Up to four increasing breaks at quantiles of the positive values (classes.js)."""
    xs = sorted(v for v in values if v is not None and v > 0)
    breaks: list[float] = []
    for i in range(1, len(PALETTE)) if xs else ():
        b = nice_number(xs[min(len(xs) - 1, (i * len(xs)) // len(PALETTE))])
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    return breaks


def colour_for(value: float | None, breaks: list[float]):
    """The class colour of a value; no data (None) has its own colour, never the lowest class."""
    if value is None:
        return NO_DATA
    return next((PALETTE[i] for i, b in enumerate(breaks) if value < b), PALETTE[len(breaks)])


def path(shape, *, fill, stroke=BORDER, width: float = 0.3) -> Path:
    """A (multi)polygon on paper as one path; holes stay holes (even-odd fill)."""
    result = Path(fillColor=fill, strokeColor=stroke, strokeWidth=width, fillMode=FILL_EVEN_ODD)
    polygons = getattr(shape, "geoms", [shape])
    for polygon in polygons:
        if polygon.geom_type != "Polygon":
            continue  # a line or point left by clipping draws nothing
        for ring in (polygon.exterior, *polygon.interiors):
            coords = [(round(x, 1), round(y, 1)) for x, y in ring.coords[:-1]]
            if len(coords) < 3:
                continue
            result.moveTo(*coords[0])
            for xy in coords[1:]:
                result.lineTo(*xy)
            result.closePath()
    return result


@cache
def _basemap() -> tuple:
    """The countries of the offline base map (Natural Earth 1:50m) as lon/lat polygons."""
    with open(finders.find(BASEMAP), encoding="utf-8") as f:
        features = json.load(f)["features"]
    shapes = (shapely.geometry.shape(f["geometry"]) for f in features)
    return tuple(s for s in shapes if s.geom_type in ("Polygon", "MultiPolygon"))


def land(frame: Frame) -> Group:
    """The sea, and the land with its coastline and borders, in the frame."""
    group = Group(Rect(frame.x, frame.y, frame.width, frame.height, fillColor=SEA, strokeColor=None))
    window = frame.lonlat_box()
    for country in _basemap():
        if country.intersects(window):
            shape = frame.project(country)
            if shape is not None:
                group.add(path(shape, fill=LAND, stroke=BORDER, width=0.4))
    return group


def scale_bar(frame: Frame, x: float, y: float, longest: float) -> Group:
    """A bar of a round number of km (1, 2 or 5 × 10ⁿ) no longer than ``longest`` points."""
    target = longest * frame.km_per_point
    power = 10 ** math.floor(math.log10(target))
    km = max(m * power for m in (1, 2, 5) if m * power <= target)
    length = km / frame.km_per_point
    group = Group(Rect(x, y, length, 3, fillColor=colors.black, strokeColor=None))
    group.add(String(x, y + 6, "0", fontSize=6.5, fontName="Helvetica"))
    group.add(
        String(x + length, y + 6, f"{num(km)} km", fontSize=6.5, fontName="Helvetica", textAnchor="end")
    )
    return group


FURNITURE_TOP = 72  # points above its foot that the furniture (the scale bar's labels) keeps free


def furniture(frame: Frame, x: float, y: float) -> Group:
    """Scale bar, north arrow and the projection, from (x, y) up (about 70 points)."""
    group = Group(scale_bar(frame, x, y + 50, LEGEND_WIDTH - 20))
    group.add(
        Polygon([x + 4, y + 30, x + 8, y + 42, x + 12, y + 30], fillColor=colors.black, strokeColor=None)
    )
    group.add(String(x + 16, y + 32, _("North up"), fontSize=6.5, fontName="Helvetica"))
    hemisphere = _("N") if frame.lat0 >= 0 else _("S")
    lines = [
        _("Equirectangular projection, true to scale at %(lat)s° %(hemisphere)s")
        % {"lat": f"{abs(frame.lat0):.1f}", "hemisphere": hemisphere},
        _("WGS 84 coordinates. Land: Natural Earth."),
    ]
    for i, line in enumerate(lines):
        group.add(String(x, y + 16 - 8 * i, line, fontSize=5.5, fontName="Helvetica"))
    return group


def swatch(x: float, y: float, label: str, *, fill, stroke=BORDER) -> Group:
    group = Group(Rect(x, y, 12, 8, fillColor=fill, strokeColor=stroke, strokeWidth=0.4))
    group.add(String(x + 16, y + 1, label, fontSize=6.5, fontName="Helvetica"))
    return group


def class_labels(values: list[float | None], breaks: list[float], unit: str) -> list[str]:
    """The classes as the web map's legend writes them (legend.js): half-open intervals from 0,
    "a – < b", the last "≥ b"; one class "0" when every value is 0; none without values."""
    if all(v is None for v in values):
        return []
    if not breaks:
        return [f"0 {unit}"]
    edges = [0, *breaks]
    out = [f"{num(edges[i])} – < {num(edges[i + 1])} {unit}" for i in range(len(breaks))]
    return [*out, f"≥ {num(breaks[-1])} {unit}"]


def main_bounds(geometries: list) -> tuple[float, float, float, float]:
    """The lon/lat bounds of the parts of at least 1 % of the largest part's area: a small
    island far out (Isla del Coco) does not shrink the map to a corner of the page."""
    parts = [p for g in geometries for p in getattr(g, "geoms", [g])]
    largest = max(p.area for p in parts)
    return shapely.GeometryCollection([p for p in parts if p.area >= 0.01 * largest]).bounds


def _frame_for(bounds, width: float, tallest: float) -> Frame:
    """A frame left of the legend column, as tall as the shape needs (120 to ``tallest``)."""
    min_lon, min_lat, max_lon, max_lat = bounds
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    aspect = max(max_lon - min_lon, 1e-9) * k / max(max_lat - min_lat, 1e-9)
    map_width = width - LEGEND_WIDTH - 10
    height = min(max(map_width / aspect, 150), tallest)
    return fit(bounds, x=0, y=0, width=map_width, height=height)


def choropleth(areas: list[Area], *, title: str, unit: str, width: float, tallest: float = 330):
    """Regions coloured by value in the web map's classes, with the classes' bounds and unit
    and the no-data colour in the legend. Returns the drawing and the region paths by code."""
    bounds = main_bounds([a.geometry for a in areas])
    frame = _frame_for(bounds, width, tallest)
    drawing = Drawing(width, frame.height + 16)
    drawing.add(land(frame))
    values = [a.value for a in areas]
    breaks = breaks_for(values)
    shapes, paths = {}, {}
    for area in areas:
        shape = frame.project(area.geometry)
        if shape is not None:
            fill = colour_for(area.value, breaks)
            paths[area.code] = path(shape, fill=fill, stroke=colors.white, width=0.4)
            drawing.add(paths[area.code])
            shapes[area.code] = (area.name, shape, fill)
    placed, skipped = labels.place(list(shapes.values()), frame.box, font=5.5)
    drawing.add(labels.drawn(placed, font=5.5))
    drawing.add(Rect(0, 0, frame.width, frame.height, fillColor=None, strokeColor=BORDER, strokeWidth=0.5))
    drawing.add(String(0, frame.height + 5, title, fontSize=8.5, fontName="Helvetica-Bold"))
    x = frame.width + 10
    top = frame.height - 12
    drawing.add(String(x, top, unit, fontSize=7, fontName="Helvetica-Bold"))
    classes = class_labels(values, breaks, unit)
    for i, label in enumerate([*classes, _("no data")]):
        drawing.add(swatch(x, top - 14 - 12 * i, label, fill=PALETTE[i] if i < len(classes) else NO_DATA))
    if skipped:
        note = _("Units not named on the map: see the table.")
        drawing.add(String(x, top - 14 - 12 * (len(classes) + 1), note, fontSize=5.5, fontName="Helvetica"))
    drawing.add(furniture(frame, x, 0))
    return drawing, paths


def catchment(disc, site: tuple[float, float], areas: list[Area], *, title: str, radius_km: float, width):
    """The catchment disc, the site and the regions it overlaps, named, on the land around."""
    min_lon, min_lat, max_lon, max_lat = disc.bounds
    pad = 0.25 * max(max_lon - min_lon, max_lat - min_lat)
    frame = _frame_for((min_lon - pad, min_lat - pad, max_lon + pad, max_lat + pad), width, 260)
    drawing = Drawing(width, frame.height + 16)
    drawing.add(land(frame))
    shapes = {}
    for area in areas:
        shape = frame.project(area.geometry)
        if shape is not None:
            drawing.add(path(shape, fill=None, stroke=colors.HexColor("#555555"), width=0.5))
            shapes[area.code] = (area.name, shape, None)
    drawing.add(path(frame.project(disc), fill=None, stroke=HIGHLIGHT, width=1.5))
    x, y = frame.point(*site)
    drawing.add(Circle(x, y, 2.5, fillColor=HIGHLIGHT, strokeColor=colors.white, strokeWidth=0.6))
    placed, skipped = labels.place(list(shapes.values()), frame.box, font=6.5)
    drawing.add(labels.drawn(placed, font=6.5))
    drawing.add(Rect(0, 0, frame.width, frame.height, fillColor=None, strokeColor=BORDER, strokeWidth=0.5))
    drawing.add(String(0, frame.height + 5, title, fontSize=8.5, fontName="Helvetica-Bold"))
    lx, top = frame.width + 10, frame.height - 12
    drawing.add(swatch(lx, top, f"{_('Catchment')} ({num(radius_km)} km)", fill=None, stroke=HIGHLIGHT))
    drawing.add(Circle(lx + 6, top - 10, 2.5, fillColor=HIGHLIGHT, strokeColor=None))
    drawing.add(String(lx + 16, top - 12, _("Site"), fontSize=6.5, fontName="Helvetica"))
    region = _("State, department or province")
    drawing.add(swatch(lx, top - 26, region, fill=None, stroke=colors.HexColor("#555555")))
    if skipped:  # named here rather than over their neighbours
        drawing.add(String(lx, top - 42, _("Also on the map:"), fontSize=6.5, fontName="Helvetica"))
        for i, line in enumerate(_listed(skipped, room=top - 52 - FURNITURE_TOP)):
            drawing.add(String(lx + 8, top - 52 - 9 * i, line, fontSize=6.5, fontName="Helvetica"))
    drawing.add(furniture(frame, lx, 0))
    return drawing


def _listed(names: list[str], room: float) -> list[str]:
    """The names that fit in ``room`` points of 9-point lines, the last line saying how many
    more there are when not all fit."""
    lines = max(1, int(room // 9) + 1)
    if len(names) <= lines:
        return names
    shown = names[: lines - 1]
    return [*shown, _("… and %(n)s more") % {"n": num(len(names) - len(shown))}]
