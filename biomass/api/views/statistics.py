"""Production statistics: the datasets and the records they serve for everyone; uploads and
versions for staff with the layer permission (statistics make production layers)."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from biomass.potentials.exports import to_csv
from biomass.statistics.selectors import dataset_get, datasets_list, records_of, version_get, versions_of
from biomass.statistics.services import (
    StatisticsRequest,
    statistics_upload_file,
    statistics_version_retry,
)

from ..params import PageParams, RecordParams, validated
from ..permissions import CanManageLayers
from ..renderers import CSVRenderer
from ..serializers.statistics import (
    DatasetSerializer,
    RecordPageSerializer,
    RecordSerializer,
    StaffStatisticsVersionSerializer,
    StatisticsUploadSerializer,
)
from .caching import compressed, revalidate
from .layers import refuse_oversized


@revalidate
class DatasetList(generics.ListAPIView):
    """The production statistics datasets with their served version. Staff with the layer
    permission may POST a CSV (multipart/form-data): every line is checked at once (400 naming
    the line and the column; nothing is stored), then the production layers and potentials
    are made in the background (202, follow status_url); the previous version stays served
    until then. The same file again is answered 200 with the version it already is."""

    serializer_class = DatasetSerializer
    pagination_class = None
    permission_classes = [CanManageLayers]
    parser_classes = [MultiPartParser, FormParser]
    public_read = True

    def get_queryset(self):
        return datasets_list()

    @extend_schema(
        request={"multipart/form-data": StatisticsUploadSerializer},
        responses={202: StaffStatisticsVersionSerializer, 200: StaffStatisticsVersionSerializer},
    )
    def post(self, request):
        refuse_oversized(request, settings.STATISTICS_MAX_BYTES)
        data = validated(StatisticsUploadSerializer, request.data)
        upload = data.pop("file")
        statistics_request = StatisticsRequest(**data, original_name=upload.name)
        version, created = statistics_upload_file(
            upload=upload, request=statistics_request, user=request.user
        )
        body = StaffStatisticsVersionSerializer(version).data
        return Response(body, status=202 if created else 200, headers={"Location": body["status_url"]})


@revalidate
class DatasetDetail(generics.RetrieveAPIView):
    serializer_class = DatasetSerializer

    def get_object(self):
        return dataset_get(slug=self.kwargs["slug"])


@compressed
@revalidate
@extend_schema_view(
    get=extend_schema(
        parameters=[RecordParams, PageParams],
        responses={200: RecordPageSerializer, (200, "text/csv"): OpenApiTypes.STR},
    )
)
class RecordList(APIView):
    """The records of a dataset's served version: region_code, commodity, year, quantity,
    unit; ?region= and ?commodity= filter; JSON is paginated with limit and offset (every
    row by default); ?format=csv gives every row in the columns of the imported file."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    def get(self, request, slug):
        p = validated(RecordParams, request.query_params)
        filters = {"region": p.get("region") or None, "commodity": p.get("commodity") or None}
        records = records_of(slug=slug, **filters)
        if (p.get("format") or "json") == "csv":
            rows = RecordSerializer(records, many=True).data
            response = Response({"csv": to_csv(rows, fields=tuple(RecordSerializer.Meta.fields))})
            name = "-".join([slug, *[v for v in filters.values() if v]])
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        page = validated(PageParams, request.query_params)
        offset, limit = page.get("offset", 0), page.get("limit")
        chunk = records[offset : offset + limit] if limit else records[offset:]
        body = {"dataset": slug, "count": records.count(), "results": RecordSerializer(chunk, many=True).data}
        return Response(body)


class VersionList(generics.ListAPIView):
    """The versions of a dataset, newest first (staff with the layer permission)."""

    serializer_class = StaffStatisticsVersionSerializer
    permission_classes = [CanManageLayers]
    pagination_class = None

    def get_queryset(self):
        return versions_of(slug=self.kwargs["slug"])


class VersionDetail(generics.RetrieveAPIView):
    serializer_class = StaffStatisticsVersionSerializer
    permission_classes = [CanManageLayers]

    def get_object(self):
        return version_get(slug=self.kwargs["slug"], number=self.kwargs["number"])


class VersionRetry(APIView):
    """Process a failed version again (202)."""

    permission_classes = [CanManageLayers]

    @extend_schema(request=None, responses={202: StaffStatisticsVersionSerializer})
    def post(self, request, slug, number):
        version = statistics_version_retry(
            version_id=version_get(slug=slug, number=number).pk, user=request.user
        )
        return Response(StaffStatisticsVersionSerializer(version).data, status=202)
