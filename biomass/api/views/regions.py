"""Regions as GeoJSON (RFC 7946, EPSG:4326, longitude first)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from biomass.regions.selectors import region_get, regions_list

from ..filters import BBoxFilter
from ..params import RegionParams, ZoomParams, validated
from ..serializers.regions import RegionSerializer
from .caching import cache_regions


class ZoomContext:
    """Passes the validated ``zoom`` to the serializer, which draws the geometry for it."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["zoom"] = validated(ZoomParams, self.request.query_params).get("zoom")
        return context


@cache_regions
@extend_schema_view(get=extend_schema(parameters=[RegionParams], operation_id="regions_list"))
class RegionList(ZoomContext, generics.ListAPIView):
    """Regions as a GeoJSON FeatureCollection, ordered by level and code. Filters: level,
    parent (code), code, bbox."""

    serializer_class = RegionSerializer
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geom"
    pagination_class = None

    def get_queryset(self):
        p = validated(RegionParams, self.request.query_params)
        return regions_list(**{k: p.get(k) or None for k in ("level", "parent", "code")})


@cache_regions
@extend_schema_view(get=extend_schema(parameters=[ZoomParams]))
class RegionDetail(ZoomContext, generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return region_get(code=self.kwargs["code"])
