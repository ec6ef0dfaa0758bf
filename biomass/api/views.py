import json
from contextlib import nullcontext

from django.http import FileResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from biomass.errors import NotFound
from biomass.exports import to_geojson
from biomass.selectors import UNITS, potentials_rows
from regions.models import Region
from regions.selectors import region_get

from ..models import Layer, Resource, Scenario
from .filters import RegionFilter
from .params import PotentialParams
from .renderers import CSVRenderer, GeoJSONRenderer
from .serializers import LayerSerializer, RegionSerializer, ResourceSerializer, ScenarioSerializer, ZoomParams


def validated(serializer_class, data) -> dict:
    params = serializer_class(data=data)
    if not params.is_valid():
        raise ValidationError(params.errors)
    return params.validated_data


class RegionZoomMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["zoom"] = validated(ZoomParams, self.request.query_params).get("zoom")
        return context


@method_decorator(gzip_page, name="dispatch")
class RegionList(RegionZoomMixin, generics.ListAPIView):
    """Regions as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326, longitude first)."""

    queryset = Region.objects.select_related("parent").order_by("level", "code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    pagination_class = None


@method_decorator(gzip_page, name="dispatch")
class RegionDetail(RegionZoomMixin, generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return region_get(code=self.kwargs["code"])


class ResourceList(generics.ListAPIView):
    """The resource catalogue: every parameter with its low/central/high values and its
    source, or marked as an assumption."""

    queryset = Resource.objects.prefetch_related("parameters", "layers").order_by("category", "slug")
    serializer_class = ResourceSerializer
    pagination_class = None


class ResourceDetail(generics.RetrieveAPIView):
    queryset = Resource.objects.prefetch_related("parameters", "layers")
    serializer_class = ResourceSerializer
    lookup_field = "slug"

    def get_object(self):
        resource = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if resource is None:
            raise NotFound(f"unknown resource {self.kwargs['slug']!r}", field="resource")
        return resource


class ScenarioList(generics.ListAPIView):
    """Scenarios with every assumption and its source."""

    queryset = Scenario.objects.order_by("sort_order", "slug")
    serializer_class = ScenarioSerializer
    pagination_class = None


class ScenarioDetail(generics.RetrieveAPIView):
    queryset = Scenario.objects.all()
    serializer_class = ScenarioSerializer

    def get_object(self):
        scenario = Scenario.objects.filter(slug=self.kwargs["slug"]).first()
        if scenario is None:
            raise NotFound(f"unknown scenario {self.kwargs['slug']!r}", field="scenario")
        return scenario


class LayerList(generics.ListAPIView):
    queryset = Layer.objects.select_related("resource", "current_version").order_by("role", "slug")
    serializer_class = LayerSerializer
    pagination_class = None


class LayerDetail(generics.RetrieveAPIView):
    serializer_class = LayerSerializer

    def get_object(self):
        return layer_get(self.kwargs["pk"])


def layer_get(pk) -> Layer:
    layer = Layer.objects.select_related("resource", "current_version").filter(pk=pk).first()
    if layer is None:
        raise NotFound(f"unknown layer {pk}", field="layer")
    return layer


class LayerDownload(APIView):
    """The layer's current version as a Cloud-Optimized GeoTIFF."""

    def get(self, request, pk):
        layer = layer_get(pk)
        version = layer.current_version
        if version is None or not version.file or not version.path.exists():
            raise NotFound(f"layer {pk} has no processed version to download", field="layer")
        response = FileResponse(open(version.path, "rb"), content_type="image/tiff", as_attachment=True,
                                filename=f"{layer.slug}-v{version.number}.tif")
        response["ETag"] = f'"{version.checksum}"'
        response["Cache-Control"] = "public, max-age=3600"
        return response


class PotentialPagination(LimitOffsetPagination):
    default_limit = 1000
    max_limit = 10000

    def get_paginated_response(self, data):
        return Response({"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "units": UNITS, "results": data})


@method_decorator(gzip_page, name="dispatch")
class PotentialList(APIView):
    """Stored potentials, one row per region x resource x scenario. The field names are the
    CSV columns: region_code, region_name, level, resource, scenario, theoretical_t,
    technical_t (t DM/yr), theoretical_pj, technical_pj (PJ/yr), coverage (0-1), then others.
    ?format=json (paginated), csv (all rows; bom=true for spreadsheets) or geojson."""

    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer]
    pagination_class = PotentialPagination

    def get(self, request):
        p = validated(PotentialParams, request.query_params)
        language = translation.override(p["language"]) if p.get("language") else nullcontext()
        with language:
            rows = potentials_rows(level=p.get("level"), region=p.get("region"), resource=p.get("resource"),
                                   scenario=p.get("scenario"), category=p.get("category"))
        fmt = p["format"]
        if fmt == "csv":
            name = "-".join(["potentials", *[p[k] for k in ("level", "region", "resource", "scenario") if p.get(k)]])
            response = Response({"rows": rows, "bom": p["bom"]})
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if fmt == "geojson":
            codes = {row["region_code"] for row in rows}
            geometries = {
                r.code: json.loads(r.geometry_for_zoom(p.get("zoom")).geojson)
                for r in Region.objects.filter(code__in=codes)
            }
            return Response(to_geojson(rows, geometries))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(page)
