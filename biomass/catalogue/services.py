"""Writes for the catalogue. Every change of a resource's parameters or of a scenario raises
its version and recomputes the potentials that depend on it (in the background, from cached
sums: fast), so no stored number is ever older than its inputs."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from biomass.caching import publishes
from biomass.errors import Conflict, InvalidInput
from biomass.potentials.services import potentials_compute
from biomass.potentials.tasks import recompute_on_commit
from biomass.potentials.whatif import whatif_scenario
from biomass.statistics.processing import statistics_reallocate

from .models import (
    Commodity,
    CommodityYield,
    Resource,
    ResourceParameter,
    Scenario,
    Tariff,
    Technology,
)
from .reference import load_commodities, load_resources, load_scenarios, load_tariffs, load_technologies


@publishes
def scenario_save(*, scenario: Scenario, changed: list[str] | None = None, user=None) -> Scenario:
    """Save a scenario edited by staff: its version goes up when anything changed, and its
    potentials are recomputed once the edit commits."""
    scenario.full_clean()
    with transaction.atomic():
        if scenario.pk is not None and (changed is None or changed):
            scenario.version = (
                Scenario.objects.filter(pk=scenario.pk).values_list("version", flat=True).first() or 0
            ) + 1
        scenario.save()
        recompute_on_commit(scenarios=[scenario.slug])
    return scenario


@publishes
def scenario_from_whatif(
    *, base: str, changes: dict, slug: str, name_es: str, name_en: str, user=None
) -> Scenario:
    """Save a what-if as a new scenario (staff): the base scenario with the changes, under a new
    slug and names; its potentials are computed once it commits. A slug in use is a Conflict."""
    if Scenario.objects.filter(slug=slug).exists():
        raise Conflict("a scenario %(slug)r exists already", field="slug", params={"slug": slug})
    scenario = whatif_scenario(base=base, changes=changes)
    scenario.slug, scenario.name_es, scenario.name_en = slug, name_es, name_en
    scenario.description_es = (
        f"Variante de «{base}» guardada desde el mapa: {json.dumps(changes, ensure_ascii=False)}"
    )
    scenario.description_en = (
        f"A variant of '{base}' saved from the map: {json.dumps(changes, ensure_ascii=False)}"
    )
    scenario.sources = {
        **(scenario.sources or {}),
        "what-if": f"changed from '{base}' by {user or 'staff'}: assumption",
    }
    scenario.version, scenario.sort_order = 1, 10
    try:
        scenario.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(
            "%(field)s: %(problem)s", field=field, params={"field": field, "problem": str(messages[0])}
        ) from None
    return scenario_save(scenario=scenario, changed=None, user=user)


@publishes
def resource_save(
    *,
    resource: Resource,
    parameters: list[ResourceParameter] = (),
    deleted: list[ResourceParameter] = (),
    changed: bool = True,
    user=None,
) -> Resource:
    """Save a resource edited by staff with its parameters (new or changed ones, and those to
    delete): each is validated first; when anything changed the resource's version goes up
    and its potentials are recomputed once the edit commits."""
    new = resource.pk is None
    with transaction.atomic():
        resource.full_clean()
        resource.save()
        for parameter in parameters:
            parameter.resource = resource
            parameter.full_clean()
            parameter.save()
        for parameter in deleted:
            parameter.delete()
        if changed and not new:
            Resource.objects.filter(pk=resource.pk).update(version=F("version") + 1)
            resource.refresh_from_db(fields=["version"])
            recompute_on_commit(resources=[resource.slug])
    return resource


@publishes
def reference_data_load() -> dict[str, list[str]]:
    """Load the reference data files (resources.json, scenarios.json, commodities.json,
    technologies.json) into the database, raise the versions of what changed and recompute its
    potentials now (a changed commodity: its statistics are spread again). Returns the slugs of
    the resources, scenarios, commodities and technologies, and the countries of the tariffs,
    that changed."""
    with transaction.atomic():
        known_resources = set(Resource.objects.values_list("slug", flat=True))
        known_scenarios = set(Scenario.objects.values_list("slug", flat=True))
        resources = load_resources(Resource, ResourceParameter)
        scenarios = load_scenarios(Scenario)
        commodities = load_commodities(Commodity, CommodityYield, Resource)
        known_technologies = set(Technology.objects.values_list("slug", flat=True))
        technologies = load_technologies(Technology)
        tariffs = load_tariffs(Tariff)
        Technology.objects.filter(slug__in=known_technologies & set(technologies)).update(
            version=F("version") + 1
        )
        # New rows start at version 1; changed ones go up by one.
        Resource.objects.filter(slug__in=known_resources & set(resources)).update(version=F("version") + 1)
        Scenario.objects.filter(slug__in=known_scenarios & set(scenarios)).update(version=F("version") + 1)
    if commodities:
        statistics_reallocate()
    if resources:
        potentials_compute(resource_slugs=resources)
    if scenarios:
        potentials_compute(scenario_slugs=scenarios)
    return {
        "resources": resources,
        "scenarios": scenarios,
        "commodities": commodities,
        "technologies": technologies,
        "tariffs": tariffs,
    }


def _version_saved(instance, model, *, changed: bool) -> None:
    """Validate and save ``instance``; a change of an existing row raises its version."""
    instance.full_clean()
    with transaction.atomic():
        if instance.pk is not None and changed:
            instance.version = (
                model.objects.filter(pk=instance.pk).values_list("version", flat=True).first() or 0
            ) + 1
        instance.save()


@publishes
def technology_save(*, technology: Technology, changed: bool = True, user=None) -> Technology:
    """Save a technology edited by staff: its parameters are checked (every one present, with
    its unit and source, low ≤ central ≤ high within bounds), and its version goes up."""
    _version_saved(technology, Technology, changed=changed)
    return technology


@publishes
def tariff_save(*, tariff: Tariff, changed: bool = True, user=None) -> Tariff:
    """Save a country's reference tariff edited by staff (validated; version raised)."""
    _version_saved(tariff, Tariff, changed=changed)
    return tariff
