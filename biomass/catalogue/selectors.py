"""Reads for the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from biomass.errors import InvalidInput, NotFound

from .models import Commodity, Resource, Scenario


def scenarios_list() -> QuerySet[Scenario]:
    return Scenario.objects.order_by("sort_order", "slug")


def scenario_get(*, slug: str, parameter: bool = False) -> Scenario:
    """The scenario with this slug. Unknown: NotFound when the slug names the object asked
    for (a path), InvalidInput when it is a parameter of something else."""
    scenario = Scenario.objects.filter(slug=slug).first()
    if scenario is None:
        error = InvalidInput if parameter else NotFound
        raise error("unknown scenario %(slug)r", field="scenario", params={"slug": slug})
    return scenario


def central_scenario(scenarios: list[Scenario]) -> Scenario | None:
    """The scenario pages show by default: "central", or the first one."""
    return next((s for s in scenarios if s.slug == "central"), scenarios[0] if scenarios else None)


def resources_list() -> QuerySet[Resource]:
    return Resource.objects.prefetch_related("parameters", "layers").order_by("category", "slug")


def resource_get(*, slug: str) -> Resource:
    resource = resources_list().filter(slug=slug).first()
    if resource is None:
        raise NotFound("unknown resource %(slug)r", field="resource", params={"slug": slug})
    return resource


def commodities_list() -> QuerySet[Commodity]:
    return Commodity.objects.prefetch_related("yields__resource").order_by("slug")
