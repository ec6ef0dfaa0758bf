"""On-the-fly analysis of an area or a site's catchment, and the candidate sites."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from biomass.analysis.exports import supply_curve_csv
from biomass.analysis.selectors import area_analysis, catchment_analysis, sites_list
from biomass.engine.geometry import shape_from_geojson

from ..params import CatchmentParams, SiteParams, area_body, validated
from ..parsers import JSONParser
from ..renderers import CSVRenderer
from ..serializers.analysis import AnalysisSerializer, AreaRequestSerializer, SiteSerializer
from .caching import revalidate


class AnalysisThrottle:
    throttle_scope = "expensive"
    throttle_classes = [ScopedRateThrottle]


class AreaAnalysis(AnalysisThrottle, APIView):
    """Theoretical, technical and economic potential by resource inside any polygon, computed
    exactly on the fly, with the supply-cost curve to a point inside it and the plant that
    the economic supply supports. Polygons must be valid, at most ANALYSIS_MAX_VERTICES
    vertices and ANALYSIS_MAX_AREA_KM2."""

    parser_classes = [JSONParser]
    permission_classes = [AllowAny]
    authentication_classes = []  # reading: no session, so no CSRF token is needed

    @extend_schema(request=AreaRequestSerializer, responses=AnalysisSerializer)
    def post(self, request):
        data = validated(AreaRequestSerializer, area_body(request.data))
        geometry = shape_from_geojson(data["geometry"])
        return Response(area_analysis(geometry=geometry, scenario_slug=data["scenario"]))


class CatchmentAnalysis(AnalysisThrottle, APIView):
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
        if p["format"] != "csv":
            return Response(result)
        response = Response({"csv": supply_curve_csv(result)})
        name = f"catchment-{p['lon']:.3f}-{p['lat']:.3f}-{p['radius_km']:g}km.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@revalidate
class SiteList(APIView):
    """Candidate plant sites: towns of 15,000 people or more (GeoNames), as GeoJSON points,
    largest first."""

    @extend_schema(parameters=[SiteParams], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        p = validated(SiteParams, request.query_params)
        sites = sites_list(country=p.get("country") or None, min_population=p.get("min_population"))
        return Response(SiteSerializer(sites, many=True).data)
