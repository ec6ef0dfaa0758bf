"""The resource catalogue and the scenarios."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from biomass.catalogue.selectors import (
    commodities_list,
    resource_get,
    resources_list,
    scenario_get,
    scenarios_list,
    tariffs_list,
    technologies_list,
)
from biomass.catalogue.services import scenario_from_whatif

from ..params import json_object, validated
from ..permissions import StaffWriteOrReadOnly
from ..serializers.catalogue import (
    CommoditySerializer,
    ResourceSerializer,
    ScenarioCreateSerializer,
    ScenarioSerializer,
)
from ..serializers.technologies import TariffSerializer, TechnologySerializer
from .caching import revalidate


@revalidate
class ResourceList(generics.ListAPIView):
    """The resource catalogue: every parameter with its low/central/high values and its
    source, or marked as an assumption."""

    serializer_class = ResourceSerializer
    pagination_class = None

    def get_queryset(self):
        return resources_list()


@revalidate
class ResourceDetail(generics.RetrieveAPIView):
    serializer_class = ResourceSerializer

    def get_object(self):
        return resource_get(slug=self.kwargs["slug"])


@revalidate
class ScenarioList(generics.ListAPIView):
    """Scenarios with every assumption and its source. POST (staff): save a what-if as a new
    scenario — the base scenario with the changes of POST /api/potentials/what-if, under a new
    slug; its potentials are computed in the background."""

    serializer_class = ScenarioSerializer
    pagination_class = None
    permission_classes = [StaffWriteOrReadOnly]

    def get_queryset(self):
        return scenarios_list()

    @extend_schema(request=ScenarioCreateSerializer, responses={201: ScenarioSerializer})
    def post(self, request):
        data = validated(ScenarioCreateSerializer, json_object(request.data))
        scenario = scenario_from_whatif(
            base=data["base"],
            changes=dict(data["changes"]),
            slug=data["slug"],
            name_es=data["name_es"],
            name_en=data["name_en"],
            user=request.user,
        )
        return Response(ScenarioSerializer(scenario).data, status=201)


@revalidate
class ScenarioDetail(generics.RetrieveAPIView):
    serializer_class = ScenarioSerializer

    def get_object(self):
        return scenario_get(slug=self.kwargs["slug"])


@revalidate
class CommodityList(generics.ListAPIView):
    """The commodities that production statistics may count (the slugs of the CSV's
    ``commodity`` column, with their unit), the resources each yields with the cited
    conversion, and the land-cover weights its production is spread with."""

    serializer_class = CommoditySerializer
    pagination_class = None

    def get_queryset(self):
        return commodities_list()


@revalidate
class TechnologyList(generics.ListAPIView):
    """The conversion technologies: the routes each takes, the sizes it is built in, and its
    cost and performance parameters (low/central/high, unit, source or assumption)."""

    serializer_class = TechnologySerializer
    pagination_class = None

    def get_queryset(self):
        return technologies_list()


@revalidate
class TariffList(generics.ListAPIView):
    """The reference selling price of electricity (and heat, when there is one) per country,
    with its year and source, or marked as an assumption."""

    serializer_class = TariffSerializer
    pagination_class = None

    def get_queryset(self):
        return tariffs_list()
