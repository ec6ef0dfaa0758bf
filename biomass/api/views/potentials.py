"""Stored potentials as JSON (paginated), CSV, GeoJSON, GeoPackage or GeoParquet."""

from contextlib import nullcontext

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from biomass.potentials.columns import UNITS
from biomass.potentials.exports import to_csv
from biomass.potentials.selectors import potentials_queryset, potentials_rows
from biomass.potentials.series import FIELDS as SERIES_FIELDS
from biomass.potentials.series import potentials_series
from biomass.potentials.totals import FIELDS as TOTAL_FIELDS
from biomass.potentials.totals import UNITS as TOTAL_UNITS
from biomass.potentials.totals import potential_totals
from biomass.potentials.whatif import QUANTITIES as WHATIF_QUANTITIES
from biomass.potentials.whatif import scenario_values, whatif_potentials, whatif_scenario
from biomass.regions.models import Region

from ..formats import GEOPACKAGE, PARQUET, potentials_table, totals_table
from ..params import PageParams, PotentialParams, SeriesParams, TotalParams, json_object, validated
from ..parsers import JSONParser
from ..renderers import CSVRenderer, GeoJSONRenderer, GeoPackageRenderer, GeoParquetRenderer
from ..serializers.potentials import (
    PotentialFeatureSerializer,
    PotentialPageSerializer,
    PotentialRowSerializer,
    SeriesSerializer,
    TotalsSerializer,
    WhatIfRequestSerializer,
    WhatIfSerializer,
)
from .caching import cached_json, compressed, revalidate

FILTERS = ("level", "region", "resource", "scenario", "category")
# Whole-table exports: rate limited (the paginated JSON the map reads is not).
EXPORTS = ("csv", "geojson", "gpkg", "parquet")
WHATIF_UNITS = {name: UNITS[name] for name in WHATIF_QUANTITIES} | {
    f"{kind}_gj_ha": UNITS[f"{kind}_gj_ha"] for kind in ("theoretical", "technical", "economic")
}


def attachment(response: Response, name: str) -> Response:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def json_or_csv(p: dict, body: dict, rows: list[dict], fields, name: str) -> Response:
    """The body as JSON, or its rows as a CSV attachment (?format=csv; bom=true for spreadsheets)."""
    if (p.get("format") or "json") == "json":
        return Response(body)
    response = Response({"csv": to_csv(rows, bom=p["bom"], fields=fields)})
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
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


@cached_json
@compressed
@revalidate
@extend_schema_view(
    get=extend_schema(
        parameters=[PotentialParams, PageParams],
        responses={
            200: PotentialPageSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/geo+json"): OpenApiTypes.OBJECT,
            (200, GEOPACKAGE): OpenApiTypes.BINARY,
            (200, PARQUET): OpenApiTypes.BINARY,
        },
    )
)
class PotentialList(APIView):
    """Stored potentials, one row per region x resource x scenario. The field names are the
    CSV columns: region_code, region_name, level, resource, scenario, theoretical_t,
    technical_t (t DM/yr), theoretical_pj, technical_pj (PJ/yr), coverage (0-1), then others.
    ?format=json (paginated), csv (all rows; bom=true for spreadsheets), geojson, gpkg
    (GeoPackage) or parquet (GeoParquet): the same columns, with the region geometry in
    EPSG:4326 and the units in the file's metadata."""

    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer, GeoPackageRenderer, GeoParquetRenderer]
    pagination_class = PotentialPagination
    throttle_scope = "expensive"

    def get_throttles(self):
        # (content negotiation runs first: ?format= or an Accept header asking for a file)
        if self.request.accepted_renderer.format in EXPORTS:
            return [ScopedRateThrottle()]
        return []

    def get(self, request):
        # The format negotiated (?format= or the Accept header) decides what is written.
        fmt = request.accepted_renderer.format
        p = {**validated(PotentialParams, request.query_params), "format": fmt}
        validated(PageParams, request.query_params)  # a bad limit or offset is a 400, in any format
        filters = {k: p.get(k) or None for k in FILTERS}
        with translation.override(p["language"]) if p.get("language") else nullcontext():
            views = {"json": self.page, "csv": self.csv, "geojson": self.geojson}
            return views.get(fmt, self.table)(p, filters)

    def page(self, p, filters):
        """One page, read from the database a page at a time."""
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(potentials_queryset(**filters), self.request, view=self)
        return paginator.get_paginated_response(PotentialRowSerializer(rows, many=True).data)

    @staticmethod
    def filename(p) -> str:
        name = "-".join(
            ["potentials", *[p[k] for k in ("level", "region", "resource", "scenario") if p.get(k)]]
        )
        return f"{name}.{p['format']}"

    def csv(self, p, filters):
        return attachment(Response({"rows": potentials_rows(**filters), "bom": p["bom"]}), self.filename(p))

    def table(self, p, filters):
        """Every row with its region's geometry, as GeoPackage or GeoParquet."""
        geometry = Region.geometry_field_for_zoom(p.get("zoom"))
        table = potentials_table(potentials_queryset(**filters, geometry=geometry), geometry=geometry)
        return attachment(Response(table), self.filename(p))

    def geojson(self, p, filters):
        zoom = p.get("zoom")
        rows = potentials_queryset(**filters, geometry=Region.geometry_field_for_zoom(zoom))
        features = PotentialFeatureSerializer(rows, many=True, context={"zoom": zoom}).data
        return Response({**features, "units": UNITS})


@compressed
@revalidate
@extend_schema_view(
    get=extend_schema(
        parameters=[SeriesParams], responses={200: SeriesSerializer, (200, "text/csv"): OpenApiTypes.STR}
    )
)
class PotentialSeries(APIView):
    """Theoretical and technical potential of one region, per resource and year, for every
    year its production statistics cover: the stored potential (which rests on the mean of
    the reference years) scaled by each year's production. The mean over the reference years
    (``reference``: true) is the stored potential. A year without a statistic is null (no
    data); resources not based on yearly statistics (forest residues from land cover) are
    listed in ``without_series``. ?format=json or csv."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    def get(self, request):
        p = validated(SeriesParams, request.query_params)
        with translation.override(p["language"]) if p.get("language") else nullcontext():
            body = potentials_series(
                region=p["region"], resource=p.get("resource") or None, scenario=p["scenario"]
            )
        name = "-".join(
            ["series", body["region"], *([p["resource"]] if p.get("resource") else []), p["scenario"]]
        )
        return json_or_csv(p, body, body["results"], SERIES_FIELDS, name)


@compressed
@revalidate
@extend_schema_view(
    get=extend_schema(
        parameters=[TotalParams],
        responses={
            200: TotalsSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, PARQUET): OpenApiTypes.BINARY,
        },
    )
)
class PotentialTotals(APIView):
    """Each region's total over the resources counted in totals, per scenario: the sums of the
    stored potentials (t DM/yr, PJ/yr) and the P10, P50 and P90 of the total from the Monte
    Carlo (summed draw by draw, so the P90 of a total is not the sum of the P90s).
    ?format=json, csv or parquet (Parquet without geometry, the units in its metadata)."""

    renderer_classes = [JSONRenderer, CSVRenderer, GeoParquetRenderer]

    def get(self, request):
        p = validated(TotalParams, request.query_params)
        with translation.override(p["language"]) if p.get("language") else nullcontext():
            rows = potential_totals(
                level=p.get("level") or None,
                region=p.get("region") or None,
                scenario=p.get("scenario") or None,
            )
        if request.accepted_renderer.format == "parquet":
            return attachment(Response(totals_table(rows)), "totals.parquet")
        body = {"units": TOTAL_UNITS, "count": len(rows), "results": rows}
        return json_or_csv(p, body, rows, TOTAL_FIELDS, "totals")


class WhatIf(APIView):
    """Every region's potentials under changed assumptions (availability of any resource,
    price and costs, constraint thresholds), recomputed at once from the cached sums; nothing
    is stored. With no change the numbers equal the stored scenario. A value out of range is a
    400 naming the field (e.g. availability.maize-stover)."""

    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    authentication_classes = []  # reading: no session, so no CSRF token is needed
    throttle_scope = "expensive"
    throttle_classes = [ScopedRateThrottle]

    @extend_schema(request=WhatIfRequestSerializer, responses=WhatIfSerializer)
    def post(self, request):
        data = validated(WhatIfRequestSerializer, json_object(request.data))
        scenario = whatif_scenario(base=data["scenario"], changes=dict(data["changes"]))
        body = whatif_potentials(scenario=scenario, level=data["level"])
        return Response({"scenario": scenario_values(scenario), "units": WHATIF_UNITS, **body})
