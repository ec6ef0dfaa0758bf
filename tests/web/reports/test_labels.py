"""Region names on the maps of the reports: on Mexico's states, no two names overlap, none
leaves the frame or its state, the largest states are named first, the ink contrasts with the
fill, and the legend says where the unnamed states are."""

import pytest
import shapely
from django.utils import translation
from reportlab.graphics.shapes import Group, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from biomass.regions.models import Region
from biomass.regions.selectors import region_outlines
from biomass.web.reports import labels, maps, pdf
from tests.web.reports.test_country import pdf_text


def test_the_ink_is_white_on_dark_fills_and_black_on_light_ones():
    yellow, teal, blue, purple = (maps.PALETTE[i] for i in (0, 2, 3, 4))
    assert labels.ink_for(yellow) == colors.black and labels.ink_for(maps.NO_DATA) == colors.black
    assert labels.ink_for(teal) == colors.black  # #21918c: luminance 0.22, black contrasts more
    assert labels.ink_for(blue) == colors.white and labels.ink_for(purple) == colors.white
    assert labels.ink_for(None) == colors.black


def test_a_name_that_does_not_fit_or_would_overlap_is_left_out():
    frame = shapely.box(0, 0, 200, 100)
    big = ("Bigland", shapely.box(10, 10, 110, 90), None)
    under = ("Underland", shapely.box(40, 45, 80, 55), None)  # its name would sit on Bigland's
    edge = ("Edgeland", shapely.box(190, 40, 260, 60), None)  # clipped: its name leaves the frame
    placed, skipped = labels.place([under, edge, big], frame, font=6)
    assert [p.name for p in placed] == ["Bigland"] and sorted(skipped) == ["Edgeland", "Underland"]
    assert big[1].contains(placed[0].box)
    narrow = ("Narrowland", shapely.box(10, 10, 25, 90), None)  # its name is much wider than it
    assert labels.place([narrow], frame, font=6)[1] == ["Narrowland"]
    assert labels.place([narrow], frame, font=6, inside=False)[0][0].name == "Narrowland"


def strings(node):
    for item in getattr(node, "contents", []):
        if isinstance(item, String):
            yield item
        elif isinstance(item, Group):
            yield from strings(item)


@pytest.mark.django_db
def test_mexicos_state_names_do_not_overlap_nor_leave_the_frame_or_their_state():
    codes = list(Region.objects.filter(code__startswith="MX-", level="admin1").values_list("code", flat=True))
    assert len(codes) == 32
    with translation.override("es"):
        outlines = region_outlines(codes=codes)
        areas = [
            maps.Area(code, name, geometry, float(i)) for i, (code, name, geometry) in enumerate(outlines)
        ]
        drawing, paths = maps.choropleth(areas, title="México", unit="PJ/año", width=pdf.WIDTH)
        text = pdf_text(pdf.document([drawing], title="t", author="a"))
    frame_width = pdf.WIDTH - maps.LEGEND_WIDTH - 10
    frame = shapely.box(0, 0, frame_width, drawing.height - 16)
    names = {a.name: a.code for a in areas}
    drawn = [s for s in strings(drawing) if s.text in names and s.textAnchor == "middle"]
    assert len(drawn) >= 12, [s.text for s in drawn]
    boxes = []
    for s in drawn:
        width = stringWidth(s.text, s.fontName, s.fontSize)
        box = shapely.box(s.x - width / 2, s.y - 0.25 * s.fontSize, s.x + width / 2, s.y + 0.75 * s.fontSize)
        assert frame.contains(box), s.text
        boxes.append((s.text, box))
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.intersects(box_b), (a, b)
    shown = {s.text for s in drawn}
    assert "Chihuahua" in shown and "Sonora" in shown  # the largest are named first
    assert "Tlaxcala" not in shown and "Unidades sin nombre en el mapa: ver la tabla." in text
