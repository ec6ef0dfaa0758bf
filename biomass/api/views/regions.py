"""Regions as GeoJSON (RFC 7946, EPSG:4326, longitude first), GeoPackage or GeoParquet."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from biomass.regions.models import Region
from biomass.regions.selectors import region_get, regions_list

from ..filters import BBoxFilter
from ..formats import GEOPACKAGE, PARQUET, regions_table
from ..params import RegionParams, ZoomParams, validated
from ..renderers import GeoPackageRenderer, GeoParquetRenderer
from ..serializers.regions import RegionSerializer
from .caching import cache_regions, cached_json

FILTERS = ("level", "parent", "code")


class ZoomContext:
    """Passes the validated ``zoom`` to the serializer, which draws the geometry for it."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["zoom"] = validated(ZoomParams, self.request.query_params).get("zoom")
        return context


@cached_json
@cache_regions
@extend_schema_view(
    get=extend_schema(
        parameters=[RegionParams],
        operation_id="regions_list",
        responses={
            (200, "application/json"): RegionSerializer(many=True),
            (200, GEOPACKAGE): OpenApiTypes.BINARY,
            (200, PARQUET): OpenApiTypes.BINARY,
        },
    )
)
class RegionList(ZoomContext, generics.ListAPIView):
    """Regions as a GeoJSON FeatureCollection, ordered by level and code. Filters: level,
    parent (code), code, bbox. ?format=gpkg (GeoPackage) or parquet (GeoParquet): the same
    properties and geometries as a file, EPSG:4326, area_km2 in km²."""

    serializer_class = RegionSerializer
    filter_backends = [BBoxFilter]
    bbox_filter_field = "geom"
    pagination_class = None
    renderer_classes = [JSONRenderer, GeoPackageRenderer, GeoParquetRenderer]
    throttle_scope = "expensive"

    def get_throttles(self):
        # The files are whole-table exports, rate limited like the potentials' exports.
        if self.request.accepted_renderer.format in ("gpkg", "parquet"):
            return [ScopedRateThrottle()]
        return []

    def get_queryset(self):
        p = validated(RegionParams, self.request.query_params)
        return regions_list(**{k: p.get(k) or None for k in FILTERS})

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if fmt == "json":
            return super().list(request, *args, **kwargs)
        regions = list(self.filter_queryset(self.get_queryset()))
        features = self.get_serializer(regions, many=True).data["features"]
        geometry = Region.geometry_field_for_zoom(self.get_serializer_context()["zoom"])
        p = validated(RegionParams, request.query_params)
        name = "-".join(["regions", *[p[k] for k in FILTERS if p.get(k)]])
        response = Response(regions_table(features, regions, geometry=geometry))
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


@cached_json
@cache_regions
@extend_schema_view(get=extend_schema(parameters=[ZoomParams]))
class RegionDetail(ZoomContext, generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return region_get(code=self.kwargs["code"])
