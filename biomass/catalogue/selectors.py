"""Reads for the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from biomass.errors import InvalidInput, NotFound

from .models import CASES, Commodity, Resource, Scenario, Tariff, Technology
from .reference.technologies import PARAMETERS

# The parameters whose spread the uncertainty of a plant's economics is drawn from.
SPREAD_PARAMETERS = ("capex_usd_per_kw", "fixed_om_share", "efficiency_electric", "capacity_factor")


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


def technologies_list() -> QuerySet[Technology]:
    return Technology.objects.order_by("sort_order", "slug")


def technology_get(*, slug: str, parameter: bool = False) -> Technology:
    """The technology with this slug. Unknown: NotFound when the slug names the object asked
    for (a path), InvalidInput when it is a parameter of something else."""
    technology = Technology.objects.filter(slug=slug).first()
    if technology is None:
        error = InvalidInput if parameter else NotFound
        raise error("unknown technology %(slug)r", field="technology", params={"slug": slug})
    return technology


def tariffs_list() -> QuerySet[Tariff]:
    return Tariff.objects.order_by("country")


def tariff_for(*, country: str) -> Tariff | None:
    """The reference tariff of a country (its region code, e.g. "MEX"); None when none."""
    return Tariff.objects.filter(country=country).first()


def technology_costs(technology: Technology, case: str = "central") -> dict[str, float]:
    """The technology's cost and performance values of one case, with the reference size: the
    fields of the engine's TechnologyCosts."""
    if case not in CASES:
        raise InvalidInput("unknown case %(case)r", field="case", params={"case": case})
    values = {name: float(technology.parameters[name][case]) for name in PARAMETERS}
    return {"reference_mw": float(technology.reference_mw), **values}


def technology_spreads(technology: Technology) -> dict[str, tuple[float, float, float]]:
    """{parameter: (low, central, high)} of the parameters a plant's uncertainty is drawn from."""
    return {
        name: tuple(float(technology.parameters[name][case]) for case in CASES) for name in SPREAD_PARAMETERS
    }
