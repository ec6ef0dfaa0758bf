"""The economics of a plant at any site, and the levelised cost against its size."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from biomass.analysis.exports import plant_csv, plant_sizes_csv
from biomass.analysis.plant import plant_evaluation, plant_size_curve

from ..params import PlantParams, PlantSizeParams, validated
from ..renderers import CSVRenderer
from ..serializers.plant import PlantSerializer, SizeCurveSerializer
from .analysis import AnalysisThrottle


def _csv(text: str, name: str) -> Response:
    response = Response({"csv": text})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class PlantEvaluation(AnalysisThrottle, APIView):
    """A plant of a technology and size at a site: the fuel it needs from the site's own
    supply curve (cheapest delivered GJ first), the radius, average and marginal fuel cost,
    capital recovery at the scenario's discount rate, the levelised cost of electricity (and
    heat for CHP) with its P10–P90, NPV and simple payback at the country's reference tariff
    (or tariff_usd_mwh). ?format=csv: one line per input and result with unit and source."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[PlantParams], responses={200: PlantSerializer, (200, "text/csv"): OpenApiTypes.STR}
    )
    def get(self, request):
        p = validated(PlantParams, request.query_params)
        result = plant_evaluation(
            lon=p["lon"],
            lat=p["lat"],
            technology_slug=p["technology"],
            mw=p["mw"],
            scenario_slug=p["scenario"],
            resource=p.get("resource"),
            tariff_usd_mwh=p.get("tariff_usd_mwh"),
            heat_price_usd_mwh=p.get("heat_price_usd_mwh"),
        )
        if p["format"] != "csv":
            return Response(result)
        return _csv(
            plant_csv(result), f"plant-{p['technology']}-{p['mw']:g}MW-{p['lon']:.3f}-{p['lat']:.3f}.csv"
        )


class PlantSizeCurve(AnalysisThrottle, APIView):
    """The levelised cost against plant size at a site (economies of scale against a growing
    catchment), geometric steps over the technology's sizes, with its minimum.
    ?format=csv: one line per size, units in the header."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[PlantSizeParams],
        responses={200: SizeCurveSerializer, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        p = validated(PlantSizeParams, request.query_params)
        result = plant_size_curve(
            lon=p["lon"],
            lat=p["lat"],
            technology_slug=p["technology"],
            scenario_slug=p["scenario"],
            resource=p.get("resource"),
            sizes=p["sizes"],
            min_mw=p.get("min_mw"),
            max_mw=p.get("max_mw"),
        )
        if p["format"] != "csv":
            return Response(result)
        return _csv(
            plant_sizes_csv(result), f"plant-sizes-{p['technology']}-{p['lon']:.3f}-{p['lat']:.3f}.csv"
        )
