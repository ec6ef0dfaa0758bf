from rest_framework import generics
from rest_framework.exceptions import ValidationError

from regions.models import Region
from regions.selectors import region_get

from .filters import RegionFilter
from .serializers import RegionSerializer, ZoomParams


class RegionZoomMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        params = ZoomParams(data=self.request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        context["zoom"] = params.validated_data.get("zoom")
        return context


class RegionList(RegionZoomMixin, generics.ListAPIView):
    """Regions as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326)."""

    queryset = Region.objects.select_related("parent").order_by("level", "code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    pagination_class = None


class RegionDetail(RegionZoomMixin, generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_object(self):
        return region_get(code=self.kwargs["code"])
