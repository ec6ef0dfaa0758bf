"""The maps of the PDF reports on paper: the projection and its fit, the classes and their
colours (no data is never the lowest class), clipping, the scale bar, and a choropleth of
hand-made squares read back from the drawing and from its PDF."""

import math

import pytest
import shapely
from django.utils import translation
from reportlab.lib import colors

from biomass.web.reports import maps, pdf
from tests.web.reports.test_country import pdf_text


def test_the_frame_fits_the_bounds_centred_and_true_to_scale_on_its_parallel():
    frame = maps.fit((-90, 10, -80, 20), x=0, y=0, width=200, height=100, pad=0)
    k = math.cos(math.radians(15))
    # 10° of latitude fill the 100 points of height; 10° of longitude take 10·cos 15° of them
    assert frame.scale == pytest.approx(10)
    assert frame.point(-85, 15) == pytest.approx((100, 50))
    assert frame.point(-80, 20) == pytest.approx((100 + 50 * k, 100))
    assert frame.point(-90, 10) == pytest.approx((100 - 50 * k, 0))
    # a degree of latitude is 111.195 km: 10 points; the same km east are as long on paper
    assert frame.km_per_point == pytest.approx(11.1195)
    east = frame.point(-85 + 1 / k, 15)[0] - frame.point(-85, 15)[0]
    north = frame.point(-85, 16)[1] - frame.point(-85, 15)[1]
    assert east == pytest.approx(north)


def test_a_wide_area_is_limited_by_the_width_and_keeps_its_margin():
    frame = maps.fit((0, 0, 40, 10), x=10, y=20, width=100, height=100, pad=0.1)
    left, bottom = frame.point(0, 0)
    right, top = frame.point(40, 10)
    assert (left, right) == pytest.approx((20, 100), abs=1e-6)  # 10 % of 100 free each side
    assert 20 < bottom < top < 120 and (top + bottom) / 2 == pytest.approx(70)


def test_projecting_clips_to_the_frame_and_says_none_outside():
    frame = maps.fit((0, 0, 1, 1), x=0, y=0, width=100, height=100, pad=0)
    half_out = frame.project(shapely.box(0.5, 0.5, 3, 3))
    assert half_out.bounds == pytest.approx((50, 50, 100, 100))
    assert frame.project(shapely.box(5, 5, 6, 6)) is None


def test_classes_as_on_the_web_map_and_no_data_is_not_the_lowest_class():
    assert maps.nice_number(1234) == 1200 and maps.nice_number(0.0456) == pytest.approx(0.046)
    values = [None, 0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    breaks = maps.breaks_for(values)
    assert breaks == [3, 5, 7, 9]
    assert maps.colour_for(None, breaks) == maps.NO_DATA
    assert maps.colour_for(0.0, breaks) == maps.PALETTE[0] != maps.NO_DATA
    assert maps.colour_for(5, breaks) == maps.PALETTE[2] and maps.colour_for(10, breaks) == maps.PALETTE[4]
    assert maps.breaks_for([None, None]) == []
    # as the web map's legend (legend.js): half-open from 0, the classes never share a bound
    assert maps.class_labels(values, breaks, "PJ/yr") == [
        "0 – < 3 PJ/yr",
        "3 – < 5 PJ/yr",
        "5 – < 7 PJ/yr",
        "7 – < 9 PJ/yr",
        "≥ 9 PJ/yr",
    ]
    assert maps.class_labels([0.0, None], [], "PJ/yr") == ["0 PJ/yr"]
    assert maps.class_labels([None], [], "PJ/yr") == []


def test_the_scale_bar_is_a_round_length_within_the_room():
    frame = maps.fit((-90, 10, -80, 20), x=0, y=0, width=200, height=100, pad=0)  # 11.12 km/pt
    bar = maps.scale_bar(frame, 0, 0, 130)  # at most 1,445 km: 1,000 km
    rect = bar.contents[0]
    assert rect.width == pytest.approx(1000 / 11.1195)
    assert bar.contents[-1].text == "1,000 km"


def test_a_small_far_island_does_not_set_the_bounds():
    main = shapely.box(-86, 8, -82, 11)
    island = shapely.box(-87.1, 5.5, -87.0, 5.6)  # Isla del Coco, roughly
    assert maps.main_bounds([shapely.MultiPolygon([main, island])]) == (-86, 8, -82, 11)


SQUARES = [
    maps.Area("W", "Westland", shapely.box(-90, 14, -88, 16), 1.0),
    maps.Area("E", "Eastland", shapely.box(-86, 14, -84, 16), 9.0),
    maps.Area("N", "Northland", shapely.box(-88, 16, -86, 18), None),
]


def drawn_bounds(path) -> tuple[float, float, float, float]:
    xs, ys = path.points[0::2], path.points[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_a_choropleth_draws_each_region_in_place_with_its_class():
    with translation.override("en"):
        drawing, paths = maps.choropleth(SQUARES, title="Test map (PJ/yr)", unit="PJ/yr", width=pdf.WIDTH)
    frame_width = pdf.WIDTH - maps.LEGEND_WIDTH - 10
    for code, path in paths.items():
        x0, y0, x1, y1 = drawn_bounds(path)
        assert 0 <= x0 < x1 <= frame_width and 0 <= y0 < y1 <= drawing.height - 16, code
    west, east, north = (drawn_bounds(paths[c]) for c in "WEN")
    assert west[2] < east[0]  # further east, further right
    assert north[1] == pytest.approx(west[3], abs=0.2) and north[0] == pytest.approx(west[2], abs=0.2)
    # squares of equal degrees, at ~15° N: a little narrower than tall
    width, height = west[2] - west[0], west[3] - west[1]
    assert width / height == pytest.approx(math.cos(math.radians(16)), rel=0.01)
    assert paths["N"].fillColor == maps.NO_DATA
    # breaks [1, 9] as on the web map: 1 is in the second class, 9 in the third
    assert paths["W"].fillColor == maps.PALETTE[1] and paths["E"].fillColor == maps.PALETTE[2]
    assert paths["W"].fillColor != paths["N"].fillColor


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            [
                "Test map",
                "1 – < 9 PJ/yr",
                "≥ 9 PJ/yr",
                "no data",
                "North up",
                "true to scale at 16.0° N",
                "km",
            ],
        ),
        ("es", ["Test map", "1 – < 9 PJ/año", "sin datos", "Norte arriba", "escala verdadera a 16.0° N"]),
    ],
)
def test_the_map_reads_back_from_the_pdf_in_the_page_language(language, expected):
    with translation.override(language):
        unit = "PJ/año" if language == "es" else "PJ/yr"
        drawing, _ = maps.choropleth(SQUARES, title="Test map", unit=unit, width=pdf.WIDTH)
        text = pdf_text(pdf.document([drawing], title="t", author="a"))
    for phrase in expected:
        assert phrase in text, phrase
    assert "Westland" in text and "Eastland" in text  # large enough for their names


def test_the_catchment_map_has_the_disc_the_site_and_the_named_regions():
    disc = shapely.Point(-89, 14).buffer(0.3)
    areas = [maps.Area("A", "Alpha", shapely.box(-89.5, 13.5, -89, 14.5)), maps.Area("B", "Beta", disc)]
    with translation.override("en"):
        drawing = maps.catchment(disc, (-89, 14), areas, title="Catchment map", radius_km=33, width=pdf.WIDTH)
        text = pdf_text(pdf.document([drawing], title="t", author="a"))
    for phrase in ("Catchment map", "Alpha", "Beta", "Catchment (33 km)", "Site", "km", "North up"):
        assert phrase in text, phrase
    site = next(s for s in drawing.contents if s.__class__.__name__ == "Circle")
    ring = next(s for s in drawing.contents if getattr(s, "strokeColor", None) == maps.HIGHLIGHT)
    x0, y0, x1, y1 = drawn_bounds(ring)
    assert (site.cx, site.cy) == pytest.approx(((x0 + x1) / 2, (y0 + y1) / 2), abs=0.5)
    assert site.fillColor == maps.HIGHLIGHT != colors.white


@pytest.mark.parametrize("language, more", [("en", "… and %s more"), ("es", "… y %s más")])
def test_a_large_catchment_lists_its_unnamed_regions_above_the_scale_bar(language, more):
    """A 100 km radius over 80 small units: the ones not named on the map are listed beside it
    down to the scale bar, and the rest counted ("… and N more"), never over the bar."""
    disc = shapely.Point(-89, 14).buffer(0.9)
    areas = [
        maps.Area(
            f"R{i}",
            f"Unit {i:02d}",
            shapely.box(
                -89.6 + 0.13 * (i % 10),
                13.5 + 0.13 * (i // 10),
                -89.55 + 0.13 * (i % 10),
                13.55 + 0.13 * (i // 10),
            ),
        )
        for i in range(80)
    ]
    with translation.override(language):
        drawing = maps.catchment(disc, (-89, 14), areas, title="Catchment", radius_km=100, width=pdf.WIDTH)
    strings = [(s, dy) for s, dy in flat_strings(drawing)]
    listed = [
        (s, dy) for s, dy in strings if s.text.startswith("Unit ") and s.x > drawing.width - maps.LEGEND_WIDTH
    ]
    counted = [s for s, _ in strings if s.text.startswith("…")]
    assert len(counted) == 1 and listed
    rest = int(counted[0].text.split()[2])
    named_on_map = {s.text for s, _ in strings if s.text.startswith("Unit ")} - {s.text for s, _ in listed}
    assert counted[0].text == more % rest and len(listed) + rest + len(named_on_map) == 80
    bar = max(s.y + dy for s, dy in strings if s.text.endswith(" km") and s.text != "Catchment (100 km)")
    assert min(s.y + dy for s, dy in listed) > bar + 6.5 and counted[0].y > bar + 6.5


def flat_strings(node, dy=0.0):
    from reportlab.graphics.shapes import Group, String

    for item in node.contents:
        if isinstance(item, Group):
            yield from flat_strings(
                item, dy + (item.transform[5] if item.transform[:4] == (1, 0, 0, 1) else 0)
            )
        elif isinstance(item, String):
            yield item, dy
