"""Reads: potentials as table rows (the export columns), summaries per country."""

from __future__ import annotations

from django.db.models import QuerySet

from biomass.errors import NotFound
from regions.models import Region

from .models import Potential, Resource, Scenario

# The stable export columns of DESIGN.md, in order, then the others.
COLUMNS = [
    "region_code", "region_name", "level", "resource", "scenario",
    "theoretical_t", "technical_t", "theoretical_pj", "technical_pj", "coverage",
]
EXTRA_COLUMNS = [
    "economic_t", "economic_pj", "resource_name", "category", "parent_code", "scenario_version",
    "layer", "layer_version", "label",
]
UNITS = {
    "theoretical_t": "t DM/yr", "technical_t": "t DM/yr", "economic_t": "t DM/yr",
    "theoretical_pj": "PJ/yr", "technical_pj": "PJ/yr", "economic_pj": "PJ/yr",
    "coverage": "share of the region's area covered by valid cells (0-1)",
}


def potentials_queryset(
    *,
    level: str | None = None,
    region: str | None = None,
    resource: str | None = None,
    scenario: str | None = None,
    category: str | None = None,
) -> QuerySet[Potential]:
    """Stored potentials, filtered; unknown codes raise NotFound naming the parameter."""
    rows = Potential.objects.select_related(
        "region", "region__parent", "resource", "scenario", "layer_version", "layer_version__layer"
    ).order_by("region__level", "region__code", "resource__slug", "scenario__sort_order", "scenario__slug")
    if level:
        if level not in Region.Level.values:
            raise NotFound(f"unknown level {level!r}", field="level")
        rows = rows.filter(region__level=level)
    if region:
        if not Region.objects.filter(code=region).exists():
            raise NotFound(f"unknown region {region!r}", field="region")
        rows = rows.filter(region__code=region)
    if resource:
        if not Resource.objects.filter(slug=resource).exists():
            raise NotFound(f"unknown resource {resource!r}", field="resource")
        rows = rows.filter(resource__slug=resource)
    if scenario:
        if not Scenario.objects.filter(slug=scenario).exists():
            raise NotFound(f"unknown scenario {scenario!r}", field="scenario")
        rows = rows.filter(scenario__slug=scenario)
    if category:
        if category not in Resource.Category.values:
            raise NotFound(f"unknown category {category!r}", field="category")
        rows = rows.filter(resource__category=category)
    return rows


def potential_row(p: Potential) -> dict:
    """One stored potential as a flat dict: the export columns in order, then the others."""
    layer = p.layer_version.layer
    return {
        "region_code": p.region.code,
        "region_name": p.region.name,
        "level": p.region.level,
        "resource": p.resource.slug,
        "scenario": p.scenario.slug,
        "theoretical_t": p.theoretical_t,
        "technical_t": p.technical_t,
        "theoretical_pj": p.theoretical_pj,
        "technical_pj": p.technical_pj,
        "coverage": p.coverage,
        "economic_t": p.economic_t,
        "economic_pj": p.economic_pj,
        "resource_name": p.resource.name,
        "category": p.resource.category,
        "parent_code": p.region.parent.code if p.region.parent_id else "",
        "scenario_version": p.scenario_version,
        "layer": layer.slug,
        "layer_version": p.layer_version.number,
        "label": layer.label,
    }


def potentials_rows(**filters) -> list[dict]:
    return [potential_row(p) for p in potentials_queryset(**filters)]
