"""Layers: the catalogue, downloads and clips for everyone; uploads and version management
for staff with the layer permission."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from biomass.errors import TooLarge
from biomass.layers import store
from biomass.layers.models import LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.selectors import (
    layer_clip,
    layer_get,
    layer_served,
    layers_list,
    version_get,
    version_served,
    versions_of,
)
from biomass.layers.services.upload import layer_upload_file
from biomass.layers.services.versions import (
    layer_version_activate,
    layer_version_delete,
    layer_version_retry,
)
from biomass.regions.selectors import region_get

from ..params import ClipParams, validated
from ..permissions import CanManageLayers
from ..serializers.layers import LayerSerializer, LayerUploadSerializer, StaffVersionSerializer
from .caching import revalidate

GEOTIFF = {(200, "image/tiff"): OpenApiResponse(OpenApiTypes.BINARY)}


@revalidate
class LayerList(generics.ListAPIView):
    """Every layer with its metadata and current version. Staff with the layer permission
    may POST a GeoTIFF (multipart/form-data) as a new layer, or as a new version of the
    resource's layer (or of the layer with that slug): it is validated at once (400 with the
    reason when it is refused; nothing is stored), then processed in the background (202,
    follow status_url). The site keeps serving the previous version until then."""

    serializer_class = LayerSerializer
    pagination_class = None
    permission_classes = [CanManageLayers]
    parser_classes = [MultiPartParser, FormParser]
    public_read = True

    def get_queryset(self):
        return layers_list()

    @extend_schema(
        request={"multipart/form-data": LayerUploadSerializer}, responses={202: StaffVersionSerializer}
    )
    def post(self, request):
        refuse_oversized(request)
        data = validated(LayerUploadSerializer, request.data)
        upload = data.pop("file")
        layer_request = LayerRequest.from_data({**data, "original_name": upload.name})
        version = layer_upload_file(upload=upload, request=layer_request, user=request.user)
        body = StaffVersionSerializer(version).data
        return Response(body, status=202, headers={"Location": body["status_url"]})


def refuse_oversized(request, limit: int | None = None) -> None:
    """Refuse an upload larger than the limit (the layers' by default) before its body is read."""
    limit = settings.LAYER_MAX_BYTES if limit is None else limit
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit + 1_000_000:
        raise TooLarge(
            "the upload is %(size)s MiB; the limit is %(limit)s MiB",
            field="file",
            params={"size": round(length / 2**20), "limit": round(limit / 2**20)},
        )


@revalidate
class LayerDetail(generics.RetrieveAPIView):
    serializer_class = LayerSerializer

    def get_object(self):
        return layer_get(layer_id=self.kwargs["pk"])


class LayerDownload(APIView):
    """The layer's current version as a Cloud-Optimized GeoTIFF."""

    @extend_schema(responses=GEOTIFF)
    def get(self, request, pk):
        return cog_response(layer_served(layer_id=pk).current_version)


class LayerVersionDownload(APIView):
    """One processed version of a served layer as a Cloud-Optimized GeoTIFF, current or not
    (the asset of the version's STAC item): a published version stays citable."""

    @extend_schema(responses=GEOTIFF)
    def get(self, request, pk, number):
        return cog_response(version_served(layer_id=pk, number=number))


def cog_response(version: LayerVersion) -> FileResponse:
    response = FileResponse(
        store.open_file(version.file),
        content_type="image/tiff",
        as_attachment=True,
        filename=f"{version.layer.slug}-v{version.number}.tif",
    )
    response["ETag"] = f'"{version.checksum}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


class LayerClip(APIView):
    """The layer's current version clipped to a region, as a GeoTIFF: the cells that
    intersect the region, the others set to nodata."""

    throttle_scope = "expensive"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(parameters=[ClipParams], responses=GEOTIFF)
    def get(self, request, pk):
        layer = layer_served(layer_id=pk)
        params = validated(ClipParams, request.query_params)
        region = region_get(code=params["region"], parameter=True)
        response = HttpResponse(layer_clip(layer=layer, region=region), content_type="image/tiff")
        filename = f"{layer.slug}-v{layer.current_version.number}-{region.code}.tif"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


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
        return versions_of(layer_id=self.kwargs["pk"])


class LayerVersionDetail(generics.RetrieveDestroyAPIView):
    """One version (staff); DELETE removes a version that is not served, with its files."""

    serializer_class = StaffVersionSerializer
    permission_classes = [CanManageLayers]

    def get_object(self):
        return version_get(layer_id=self.kwargs["pk"], number=self.kwargs["number"])

    def destroy(self, request, *args, **kwargs):
        layer_version_delete(version_id=self.get_object().pk, user=request.user)
        return Response(status=204)


class LayerVersionActivate(APIView):
    """Serve this (ready) version: roll back, or forward. Staff with the layer permission."""

    permission_classes = [CanManageLayers]

    @extend_schema(request=None, responses=StaffVersionSerializer)
    def post(self, request, pk, number):
        version = version_get(layer_id=pk, number=number)
        version = layer_version_activate(version_id=version.pk, user=request.user)
        return Response(StaffVersionSerializer(version).data)


class LayerVersionRetry(APIView):
    """Process a failed version, or one whose worker died, again (202)."""

    permission_classes = [CanManageLayers]

    @extend_schema(request=None, responses={202: StaffVersionSerializer})
    def post(self, request, pk, number):
        version = version_get(layer_id=pk, number=number)
        version = layer_version_retry(version_id=version.pk, user=request.user)
        return Response(StaffVersionSerializer(version).data, status=202)
