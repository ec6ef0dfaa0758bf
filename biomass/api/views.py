import json
import tempfile
from contextlib import contextmanager, nullcontext
from pathlib import Path

import shapely
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from biomass.analysis import area_analysis, catchment_analysis
from biomass.engine.rasters import clip_to_geometry
from biomass.errors import InvalidGeometry, InvalidInput, NotFound, TooLarge
from biomass.exports import to_geojson
from biomass.selectors import UNITS, potential_row, potentials_queryset, potentials_rows
from biomass.services import (
    LayerMeta,
    layer_upload,
    layer_version_activate,
    layer_version_delete,
    layer_version_retry,
)
from regions.models import Region
from regions.selectors import region_get

from ..models import Layer, LayerVersion, Resource, Scenario, Site
from .filters import BBoxFilter, RegionFilter
from .params import CatchmentParams, ClipParams, PageParams, PotentialParams, SiteParams
from .permissions import CanManageLayers
from .renderers import CSVRenderer, GeoJSONRenderer
from .serializers import (
    AnalysisSerializer,
    AreaRequestSerializer,
    LayerSerializer,
    LayerUploadSerializer,
    RegionCollectionSchema,
    RegionFeatureSchema,
    RegionSerializer,
    ResourceSerializer,
    ScenarioSerializer,
    StaffVersionSerializer,
    ZoomParams,
)


def validated(serializer_class, data) -> dict:
    # A plain dict, not the QueryDict: with a QueryDict DRF reads an empty value as "not
    # given" (HTML form semantics), and ?zoom= would pass silently instead of being refused.
    params = serializer_class(data=data.dict() if hasattr(data, "dict") else data)
    if not params.is_valid():
        raise ValidationError(params.errors)
    return params.validated_data


LON = r"-?(180(\.0+)?|1[0-7]\d(\.\d+)?|\d{1,2}(\.\d+)?)"
LAT = r"-?(90(\.0+)?|[0-8]?\d(\.\d+)?)"
BBOX_PATTERN = rf"^(|{LON},{LAT},{LON},{LAT})$"


class RegionZoomMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["zoom"] = validated(ZoomParams, self.request.query_params).get("zoom")
        return context


# Regions change rarely: cacheable for an hour. Other reads are revalidated with their ETag
# (ConditionalGetMiddleware answers 304 Not Modified when nothing changed).
cache_regions = method_decorator([gzip_page, cache_control(public=True, max_age=3600)], name="dispatch")
revalidate = method_decorator(cache_control(public=True, no_cache=True), name="dispatch")


@cache_regions
@extend_schema_view(
    get=extend_schema(
        parameters=[
            ZoomParams,
            OpenApiParameter(
                "bbox",
                str,
                pattern=BBOX_PATTERN,
                description="minlon,minlat,maxlon,maxlat: regions intersecting the box",
            ),
        ]
    )
)
class RegionList(RegionZoomMixin, generics.GenericAPIView):
    """Regions as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326, longitude first),
    ordered by level and code. Filters: level, parent (code), code, bbox."""

    queryset = Region.objects.select_related("parent").order_by("level", "code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    filter_backends = [DjangoFilterBackend, BBoxFilter]
    pagination_class = None

    @extend_schema(responses=RegionCollectionSchema, operation_id="regions_list")
    def get(self, request, *args, **kwargs):
        regions = self.filter_queryset(self.get_queryset())
        features = self.get_serializer(regions, many=True).data
        return Response({"type": "FeatureCollection", "features": features})


@cache_regions
@extend_schema_view(get=extend_schema(parameters=[ZoomParams], responses=RegionFeatureSchema))
class RegionDetail(RegionZoomMixin, generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return region_get(code=self.kwargs["code"])


@revalidate
class ResourceList(generics.ListAPIView):
    """The resource catalogue: every parameter with its low/central/high values and its
    source, or marked as an assumption."""

    queryset = Resource.objects.prefetch_related("parameters", "layers").order_by("category", "slug")
    serializer_class = ResourceSerializer
    pagination_class = None


@revalidate
class ResourceDetail(generics.RetrieveAPIView):
    queryset = Resource.objects.prefetch_related("parameters", "layers")
    serializer_class = ResourceSerializer
    lookup_field = "slug"

    def get_object(self):
        resource = self.get_queryset().filter(slug=self.kwargs["slug"]).first()
        if resource is None:
            raise NotFound(f"unknown resource {self.kwargs['slug']!r}", field="resource")
        return resource


@revalidate
class ScenarioList(generics.ListAPIView):
    """Scenarios with every assumption and its source."""

    queryset = Scenario.objects.order_by("sort_order", "slug")
    serializer_class = ScenarioSerializer
    pagination_class = None


@revalidate
class ScenarioDetail(generics.RetrieveAPIView):
    queryset = Scenario.objects.all()
    serializer_class = ScenarioSerializer

    def get_object(self):
        scenario = Scenario.objects.filter(slug=self.kwargs["slug"]).first()
        if scenario is None:
            raise NotFound(f"unknown scenario {self.kwargs['slug']!r}", field="scenario")
        return scenario


@revalidate
class LayerList(generics.ListAPIView):
    """Every layer with its metadata and current version. Staff with the layer permission
    may POST a GeoTIFF (multipart/form-data) as a new layer, or as a new version of the
    resource's layer (or of the layer with that slug): it is validated at once (400 with the
    reason when it is refused; nothing is stored), then processed in the background (202,
    follow status_url). The site keeps serving the previous version until then."""

    queryset = Layer.objects.select_related("resource", "current_version").order_by("role", "slug")
    serializer_class = LayerSerializer
    pagination_class = None
    permission_classes = [CanManageLayers]
    parser_classes = [MultiPartParser, FormParser]
    public_read = True

    @extend_schema(
        request={"multipart/form-data": LayerUploadSerializer}, responses={202: StaffVersionSerializer}
    )
    def post(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.LAYER_MAX_BYTES + 1_000_000:
            raise TooLarge(
                f"the upload is {length / 2**20:.0f} MiB; the limit is "
                f"{settings.LAYER_MAX_BYTES / 2**20:.0f} MiB",
                field="file",
            )
        data = validated(LayerUploadSerializer, request.data)
        upload = data["file"]
        meta = LayerMeta(
            name=data["name"],
            role=data["role"],
            quantity=data["quantity"],
            resource_slug=data.get("resource") or None,
            slug=data.get("slug") or None,
            units=data.get("units") or None,
            year=data.get("year"),
            source=data.get("source", ""),
            licence=data.get("licence", ""),
            description=data.get("description", ""),
            label=data.get("label", ""),
            bin_width=data.get("bin_width"),
        )
        with uploaded_path(upload) as path:
            try:
                version = layer_upload(
                    path=path,
                    meta=meta,
                    band=data["band"],
                    crs_epsg=data.get("crs"),
                    nodata=data.get("nodata"),
                    original_name=upload.name,
                    user=request.user,
                )
            except NotFound as exc:  # an unknown resource named in the form is a bad field, not a missing URL
                raise InvalidInput(exc.message, field=exc.field) from exc
        body = StaffVersionSerializer(version).data
        return Response(body, status=202, headers={"Location": body["status_url"]})


@contextmanager
def uploaded_path(upload):
    """A path to the uploaded file on disk (small uploads are kept in memory by Django)."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=".tif", delete=False) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        yield Path(handle.name)
    finally:
        Path(handle.name).unlink(missing_ok=True)


class LayerVersionList(generics.ListAPIView):
    """The versions of a layer, newest first, with their processing stage and percent
    (staff with the layer permission)."""

    serializer_class = StaffVersionSerializer
    permission_classes = [CanManageLayers]
    pagination_class = None

    queryset = LayerVersion.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LayerVersion.objects.none()
        layer = layer_get(self.kwargs["pk"])
        return layer.versions.select_related("layer", "created_by").order_by("-number")


class LayerVersionDetail(generics.RetrieveDestroyAPIView):
    """One version (staff); DELETE removes a version that is not served, with its files."""

    serializer_class = StaffVersionSerializer
    permission_classes = [CanManageLayers]

    def get_object(self):
        return version_get(self.kwargs["pk"], self.kwargs["number"])

    def destroy(self, request, *args, **kwargs):
        layer_version_delete(version_id=self.get_object().pk, user=request.user)
        return Response(status=204)


def version_get(layer_id, number) -> LayerVersion:
    version = (
        LayerVersion.objects.select_related("layer", "created_by")
        .filter(layer_id=layer_id, number=number)
        .first()
    )
    if version is None:
        layer_get(layer_id)
        raise NotFound(f"layer {layer_id} has no version {number}", field="version")
    return version


class LayerVersionActivate(APIView):
    """Serve this (ready) version: roll back, or forward. Staff with the layer permission."""

    permission_classes = [CanManageLayers]

    @extend_schema(request=None, responses=StaffVersionSerializer)
    def post(self, request, pk, number):
        version = layer_version_activate(version_id=version_get(pk, number).pk, user=request.user)
        return Response(StaffVersionSerializer(version).data)


class LayerVersionRetry(APIView):
    """Process a failed version, or one whose worker died, again (202)."""

    permission_classes = [CanManageLayers]

    @extend_schema(request=None, responses={202: StaffVersionSerializer})
    def post(self, request, pk, number):
        version = layer_version_retry(version_id=version_get(pk, number).pk, user=request.user)
        return Response(StaffVersionSerializer(version).data, status=202)


@revalidate
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

    @extend_schema(responses={(200, "image/tiff"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk):
        layer = layer_get(pk)
        version = layer.current_version
        if version is None or not version.file or not version.path.exists():
            raise NotFound(f"layer {pk} has no processed version to download", field="layer")
        response = FileResponse(
            open(version.path, "rb"),
            content_type="image/tiff",
            as_attachment=True,
            filename=f"{layer.slug}-v{version.number}.tif",
        )
        response["ETag"] = f'"{version.checksum}"'
        response["Cache-Control"] = "public, max-age=3600"
        return response


class LayerClip(APIView):
    """The layer's current version clipped to a region, as a GeoTIFF: the cells that
    intersect the region, the others set to nodata."""

    throttle_scope = "expensive"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(
        parameters=[ClipParams], responses={(200, "image/tiff"): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    def get(self, request, pk):
        layer = layer_get(pk)
        params = validated(ClipParams, request.query_params)
        region = region_get(code=params["region"])
        version = layer.current_version
        if version is None or not version.file:
            raise NotFound(f"layer {pk} has no processed version to clip", field="layer")
        data = clip_to_geometry(
            version.path, shapely.from_wkb(bytes(region.geom.wkb)), max_pixels=settings.CLIP_MAX_PIXELS
        )
        response = HttpResponse(data, content_type="image/tiff")
        filename = f"{layer.slug}-v{version.number}-{region.code}.tif"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PotentialPagination(LimitOffsetPagination):
    default_limit = 1000
    max_limit = 10000

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "units": UNITS,
                "results": data,
            }
        )


class PotentialRowSerializer(serializers.Serializer):
    """One row: the CSV columns of DESIGN.md first, then the others (documentation only)."""

    region_code = serializers.CharField()
    region_name = serializers.CharField()
    level = serializers.CharField()
    resource = serializers.CharField()
    scenario = serializers.CharField()
    theoretical_t = serializers.FloatField(help_text="t DM/yr")
    technical_t = serializers.FloatField(help_text="t DM/yr")
    theoretical_pj = serializers.FloatField(help_text="PJ/yr")
    technical_pj = serializers.FloatField(help_text="PJ/yr")
    coverage = serializers.FloatField(help_text="share of the region covered by valid cells, 0-1")
    economic_t = serializers.FloatField(allow_null=True, help_text="t DM/yr at or below the scenario price")
    economic_pj = serializers.FloatField(allow_null=True, help_text="PJ/yr")
    resource_name = serializers.CharField()
    category = serializers.CharField()
    parent_code = serializers.CharField()
    scenario_version = serializers.IntegerField()
    layer = serializers.CharField()
    layer_version = serializers.IntegerField()
    label = serializers.CharField()


class PotentialPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    units = serializers.DictField(child=serializers.CharField())
    results = PotentialRowSerializer(many=True)


@method_decorator(gzip_page, name="dispatch")
@revalidate
@extend_schema_view(
    get=extend_schema(
        parameters=[PotentialParams, PageParams],
        responses={
            200: PotentialPageSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/geo+json"): OpenApiTypes.OBJECT,
        },
    )
)
class PotentialList(APIView):
    """Stored potentials, one row per region x resource x scenario. The field names are the
    CSV columns: region_code, region_name, level, resource, scenario, theoretical_t,
    technical_t (t DM/yr), theoretical_pj, technical_pj (PJ/yr), coverage (0-1), then others.
    ?format=json (paginated), csv (all rows; bom=true for spreadsheets) or geojson."""

    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer]
    pagination_class = PotentialPagination
    throttle_scope = "expensive"

    def get_throttles(self):
        # Whole-table exports are rate limited; the paginated JSON the map reads is not.
        if self.request.query_params.get("format") in ("csv", "geojson"):
            return [ScopedRateThrottle()]
        return []

    def get(self, request):
        p = validated(PotentialParams, request.query_params)
        fmt = p.get("format") or "json"
        filters = {k: p.get(k) or None for k in ("level", "region", "resource", "scenario", "category")}
        with translation.override(p["language"]) if p.get("language") else nullcontext():
            if fmt == "json":  # one page, read from the database a page at a time
                validated(PageParams, request.query_params)  # a bad limit or offset is a 400, not ignored
                paginator = self.pagination_class()
                page = paginator.paginate_queryset(potentials_queryset(**filters), request, view=self)
                return paginator.get_paginated_response([potential_row(row) for row in page])
            rows = potentials_rows(**filters)
        if fmt == "csv":
            name = "-".join(
                ["potentials", *[p[k] for k in ("level", "region", "resource", "scenario") if p.get(k)]]
            )
            response = Response({"rows": rows, "bom": p["bom"]})
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        codes = {row["region_code"] for row in rows}
        geometries = {
            r.code: json.loads(r.geometry_for_zoom(p.get("zoom")).geojson)
            for r in Region.objects.filter(code__in=codes)
        }
        return Response(to_geojson(rows, geometries))


class AnalysisThrottleMixin:
    throttle_scope = "expensive"
    throttle_classes = [ScopedRateThrottle]


def geometry_from_geojson(value):
    """A shapely geometry from a GeoJSON geometry, Feature or FeatureCollection of one."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidInput("the geometry is not valid JSON", field="geometry") from None
    if not isinstance(value, dict):
        raise InvalidInput("the geometry must be a GeoJSON object", field="geometry")
    if value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise InvalidInput("a FeatureCollection must hold exactly one polygon feature", field="geometry")
        value = features[0]
    if value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise InvalidInput("the feature has no geometry", field="geometry")
    if value.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidInput(
            f"expected a Polygon or MultiPolygon (or a Feature or FeatureCollection of one), got "
            f"{str(value.get('type'))[:40]!r}",
            field="geometry",
        )
    try:
        return shapely.geometry.shape(value)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise InvalidInput(f"the geometry is not valid GeoJSON: {exc}", field="geometry") from None


class AreaAnalysis(AnalysisThrottleMixin, APIView):
    """Theoretical, technical and economic potential by resource inside any polygon, computed
    exactly on the fly, with the supply-cost curve to a point inside it and the plant that
    the economic supply supports. Polygons must be valid, at most ANALYSIS_MAX_VERTICES
    vertices and ANALYSIS_MAX_AREA_KM2."""

    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    authentication_classes = []  # reading: no session, so no CSRF token is needed

    @extend_schema(request=AreaRequestSerializer, responses=AnalysisSerializer)
    def post(self, request):
        data = validated(AreaRequestSerializer, request.data if isinstance(request.data, dict) else {})
        geometry = geometry_from_geojson(data["geometry"])
        try:
            result = area_analysis(geometry=geometry, scenario_slug=data["scenario"])
        except InvalidGeometry as exc:
            raise InvalidInput(exc.message, field="geometry") from exc
        return Response(result)


class CatchmentAnalysis(AnalysisThrottleMixin, APIView):
    """The biomass within a geodesic radius of a candidate plant site: totals by resource,
    the supply-cost curve (delivered cost = collection + transport × distance × tortuosity,
    scenario parameters), the plant it supports and, given plant_mw, the radius needed.
    ?format=csv gives the supply curve as CSV."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[CatchmentParams], responses={200: AnalysisSerializer, (200, "text/csv"): OpenApiTypes.STR}
    )
    def get(self, request):
        p = validated(CatchmentParams, request.query_params)
        result = catchment_analysis(
            lon=p["lon"],
            lat=p["lat"],
            radius_km=p["radius_km"],
            scenario_slug=p["scenario"],
            plant_mw=p.get("plant_mw"),
        )
        if p["format"] == "csv":
            response = Response({"csv": curve_csv(result)})
            response["Content-Disposition"] = (
                f'attachment; filename="catchment-{p["lon"]:.3f}-{p["lat"]:.3f}-{p["radius_km"]:g}km.csv"'
            )
            return response
        return Response(result)


def curve_csv(result) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj"])
    for point in result["supply_curve"]:
        writer.writerow(
            [
                repr(point["cost_usd_per_t"]),
                "" if point["cost_usd_per_gj"] is None else repr(point["cost_usd_per_gj"]),
                repr(point["cumulative_t"]),
                repr(point["cumulative_pj"]),
            ]
        )
    return out.getvalue()


@revalidate
class SiteList(APIView):
    """Candidate plant sites: towns of 15,000 people or more (GeoNames), as GeoJSON points,
    largest first."""

    @extend_schema(parameters=[SiteParams], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        p = validated(SiteParams, request.query_params)
        sites = Site.objects.order_by("-population", "name")
        if p.get("country"):
            sites = sites.filter(country=p["country"].upper())
        if p.get("min_population") is not None:
            sites = sites.filter(population__gte=p["min_population"])
        return Response(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [s.point.x, s.point.y]},
                        "properties": {
                            "geonameid": s.geonameid,
                            "name": s.name,
                            "country": s.country,
                            "population": s.population,
                        },
                    }
                    for s in sites
                ],
            }
        )
