"""The resource catalogue and the scenarios."""

from rest_framework import generics

from biomass.catalogue.selectors import (
    commodities_list,
    resource_get,
    resources_list,
    scenario_get,
    scenarios_list,
)

from ..serializers.catalogue import CommoditySerializer, ResourceSerializer, ScenarioSerializer
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
    """Scenarios with every assumption and its source."""

    serializer_class = ScenarioSerializer
    pagination_class = None

    def get_queryset(self):
        return scenarios_list()


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
