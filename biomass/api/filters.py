import django_filters
from django.contrib.gis.geos import Polygon
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from biomass.errors import NotFound
from regions.models import Region


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)
    parent = django_filters.CharFilter(method="filter_parent", help_text="code of the parent region")
    code = django_filters.CharFilter(method="filter_code", help_text="one region by code")

    class Meta:
        model = Region
        fields = ["level", "parent", "code"]

    def filter_parent(self, queryset, name, value):
        if not Region.objects.filter(code=value).exists():
            raise NotFound(f"unknown region code {value!r}", field="parent")
        return queryset.filter(parent__code=value)

    def filter_code(self, queryset, name, value):
        if not Region.objects.filter(code=value).exists():
            raise NotFound(f"unknown region code {value!r}", field="code")
        return queryset.filter(code=value)


class BBoxFilter(BaseFilterBackend):
    """?bbox=minlon,minlat,maxlon,maxlat: regions whose geometry intersects the box (the
    same on PostGIS and SpatiaLite, unlike bounding-box operators)."""

    param = "bbox"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param)
        if not value:
            return queryset
        try:
            west, south, east, north = (float(v) for v in value.split(","))
        except ValueError:
            raise ValidationError(
                {self.param: ["expected four numbers: minlon,minlat,maxlon,maxlat"]}
            ) from None
        if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
            raise ValidationError({self.param: ["expected longitudes within ±180 and latitudes within ±90"]})
        west, east = sorted((west, east))  # two opposite corners, in any order
        south, north = sorted((south, north))
        # A box without width or height (a line or a point) is widened by a hair.
        box = Polygon.from_bbox((west, south, max(east, west + 1e-9), max(north, south + 1e-9)))
        box.srid = 4326
        return queryset.filter(geom__intersects=box)
