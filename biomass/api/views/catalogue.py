"""The resource catalogue and the scenarios."""

from rest_framework import generics

from biomass.catalogue.selectors import resource_get, resources_list, scenario_get, scenarios_list

from ..serializers.catalogue import ResourceSerializer, ScenarioSerializer
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
