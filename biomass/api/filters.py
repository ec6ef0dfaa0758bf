"""The bounding-box filter of the region list (django-rest-framework-gis)."""

from django.contrib.gis.geos import Polygon
from rest_framework.exceptions import ValidationError
from rest_framework_gis.filters import InBBoxFilter

LON = r"-?(180(\.0+)?|1[0-7]\d(\.\d+)?|\d{1,2}(\.\d+)?)"
LAT = r"-?(90(\.0+)?|[0-8]?\d(\.\d+)?)"
BBOX_PATTERN = rf"^(|{LON},{LAT},{LON},{LAT})$"


class BBoxFilter(InBBoxFilter):
    """?bbox=minlon,minlat,maxlon,maxlat: the regions whose geometry intersects the box, on
    the view's ``bbox_filter_field``. Exact intersection (the library's bounding-box operators
    mean different things on SpatiaLite and PostGIS); the corners may come in any order."""

    bbox_param = "bbox"

    def get_filter_bbox(self, request):
        value = request.query_params.get(self.bbox_param)
        if not value:
            return None
        try:
            west, south, east, north = (float(v) for v in value.split(","))
        except ValueError:
            raise ValidationError(
                {self.bbox_param: ["expected four numbers: minlon,minlat,maxlon,maxlat"]}
            ) from None
        if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
            raise ValidationError(
                {self.bbox_param: ["expected longitudes within ±180 and latitudes within ±90"]}
            )
        west, east = sorted((west, east))
        south, north = sorted((south, north))
        # A box without width or height (a line or a point) is widened by a hair.
        box = Polygon.from_bbox((west, south, max(east, west + 1e-9), max(north, south + 1e-9)))
        box.srid = 4326
        return box

    def filter_queryset(self, request, queryset, view):
        box = self.get_filter_bbox(request)
        return queryset if box is None else queryset.filter(**{f"{view.bbox_filter_field}__intersects": box})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.bbox_param,
                "required": False,
                "in": "query",
                "description": "minlon,minlat,maxlon,maxlat: regions intersecting the box",
                "schema": {"type": "string", "pattern": BBOX_PATTERN},
            }
        ]
