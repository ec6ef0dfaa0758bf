"""Reads: potentials as table rows (the export columns), summaries per country."""

from __future__ import annotations

from django.db.models import QuerySet

from biomass.errors import NotFound
from regions.models import Region

from .models import Potential, Resource, Scenario

# The stable export columns of DESIGN.md, in order, then the others.
COLUMNS = [
    "region_code",
    "region_name",
    "level",
    "resource",
    "scenario",
    "theoretical_t",
    "technical_t",
    "theoretical_pj",
    "technical_pj",
    "coverage",
]
EXTRA_COLUMNS = [
    "economic_t",
    "economic_pj",
    "resource_name",
    "category",
    "parent_code",
    "scenario_version",
    "layer",
    "layer_version",
    "label",
]
UNITS = {
    "theoretical_t": "t DM/yr",
    "technical_t": "t DM/yr",
    "economic_t": "t DM/yr",
    "theoretical_pj": "PJ/yr",
    "technical_pj": "PJ/yr",
    "economic_pj": "PJ/yr",
    "coverage": "share of the region's area covered by valid cells (0-1)",
}


# Rows never need the regions' geometries: leaving them out keeps the query light.
GEOMETRY_FIELDS = [
    f"{prefix}__{field}"
    for prefix in ("region", "region__parent")
    for field in ("geom", "geom_medium", "geom_coarse")
]


def potentials_queryset(
    *,
    level: str | None = None,
    region: str | None = None,
    resource: str | None = None,
    scenario: str | None = None,
    category: str | None = None,
) -> QuerySet[Potential]:
    """Stored potentials, filtered; unknown codes raise NotFound naming the parameter."""
    rows = (
        Potential.objects.select_related(
            "region", "region__parent", "resource", "scenario", "layer_version", "layer_version__layer"
        )
        .defer(*GEOMETRY_FIELDS)
        .order_by("region__level", "region__code", "resource__slug", "scenario__sort_order", "scenario__slug")
    )
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


def _scenarios() -> tuple[list[Scenario], Scenario | None]:
    scenarios = list(Scenario.objects.order_by("sort_order", "slug"))
    central = next((s for s in scenarios if s.slug == "central"), scenarios[0] if scenarios else None)
    return scenarios, central


def _range(values: dict, slug: str, field: str) -> float | None:
    p = values.get(slug)
    return getattr(p, field) if p is not None else None


def country_summary(*, code: str) -> dict:
    """Everything the country page shows: totals by resource and category with the
    low-high scenario range, the admin-1 breakdown, coverage and the sources."""
    country = Region.objects.filter(code=code, level=Region.Level.COUNTRY).first()
    if country is None:
        raise NotFound(f"unknown country {code!r}", field="country")
    scenarios, central = _scenarios()
    potentials = list(
        Potential.objects.filter(region=country)
        .select_related("resource", "scenario", "layer_version", "layer_version__layer")
        .prefetch_related("resource__parameters")
    )
    by_resource: dict[str, dict] = {}
    for p in potentials:
        by_resource.setdefault(p.resource.slug, {})[p.scenario.slug] = p
    resources = []
    for _slug, values in sorted(by_resource.items()):
        mid = values.get(central.slug) if central else None
        if mid is None:
            continue
        case_values = [v.technical_pj for v in values.values()]
        resources.append(
            {
                "resource": mid.resource,
                "layer": mid.layer_version.layer,
                "layer_version": mid.layer_version,
                "theoretical_t": mid.theoretical_t,
                "technical_t": mid.technical_t,
                "theoretical_pj": mid.theoretical_pj,
                "technical_pj": mid.technical_pj,
                "economic_pj": mid.economic_pj,
                "economic_t": mid.economic_t,
                "technical_pj_low": min(case_values),
                "technical_pj_high": max(case_values),
                "technical_t_low": _range(values, "low", "technical_t"),
                "technical_t_high": _range(values, "high", "technical_t"),
                "coverage": mid.coverage,
            }
        )
    categories: dict[str, dict] = {}
    for row in resources:
        cat = categories.setdefault(
            row["resource"].category,
            {
                "category": row["resource"].get_category_display(),
                "slug": row["resource"].category,
                "technical_pj": 0.0,
                "technical_pj_low": 0.0,
                "technical_pj_high": 0.0,
                "technical_t": 0.0,
                "theoretical_pj": 0.0,
            },
        )
        for key in ("technical_pj", "technical_pj_low", "technical_pj_high", "technical_t", "theoretical_pj"):
            cat[key] += row[key]
    totals = {
        key: sum(r[key] for r in resources)
        for key in (
            "theoretical_t",
            "technical_t",
            "theoretical_pj",
            "technical_pj",
            "technical_pj_low",
            "technical_pj_high",
        )
    }
    economic = [r["economic_pj"] for r in resources if r["economic_pj"] is not None]
    totals["economic_pj"] = sum(economic) if economic else None
    peak = max([r["technical_pj_high"] for r in resources] + [1e-12])
    for row in resources:
        row["bar"] = {
            k: 100 * row[k] / peak for k in ("technical_pj", "technical_pj_low", "technical_pj_high")
        }
        row["bar"]["theoretical_pj"] = min(100.0, 100 * row["theoretical_pj"] / peak)
    admin1 = []
    children = {r.pk: r for r in country.children.defer("geom", "geom_medium", "geom_coarse")}
    child_rows = Potential.objects.filter(region__in=children.values(), scenario=central).values_list(
        "region_id", "technical_t", "technical_pj", "theoretical_pj", "coverage"
    )
    sums: dict[int, list] = {}
    for region_id, technical_t, technical_pj, theoretical_pj, coverage in child_rows:
        entry = sums.setdefault(region_id, [0.0, 0.0, 0.0, 1.0])
        entry[0] += technical_t
        entry[1] += technical_pj
        entry[2] += theoretical_pj
        entry[3] = min(entry[3], coverage)
    for region_id, region in sorted(children.items(), key=lambda kv: kv[1].code):
        technical_t, technical_pj, theoretical_pj, coverage = sums.get(region_id, [0.0, 0.0, 0.0, 0.0])
        admin1.append(
            {
                "region": region,
                "technical_t": technical_t,
                "technical_pj": technical_pj,
                "theoretical_pj": theoretical_pj,
                "coverage": coverage,
                "gj_per_ha": technical_pj * 1e6 / (region.area_km2 * 100) if region.area_km2 else 0.0,
            }
        )
    layers = {row["layer"].pk: row for row in resources}
    from .models import Layer

    constraints = Layer.objects.filter(role=Layer.Role.CONSTRAINT, current_version__isnull=False)
    return {
        "country": country,
        "scenarios": scenarios,
        "central": central,
        "resources": resources,
        "categories": sorted(categories.values(), key=lambda c: -c["technical_pj"]),
        "totals": totals,
        "admin1": admin1,
        "layers": [r["layer"] for r in layers.values()],
        "constraints": list(constraints),
        "coverage": min([r["coverage"] for r in resources], default=0.0),
    }


def countries_comparison() -> dict:
    """The nine countries side by side per resource: technical potential (central
    scenario) in PJ/yr and per hectare of land (GJ/ha/yr), with the low-high range."""
    countries = list(
        Region.objects.filter(level=Region.Level.COUNTRY)
        .defer("geom", "geom_medium", "geom_coarse")
        .order_by("code")
    )
    scenarios, central = _scenarios()
    resources = list(
        Resource.objects.filter(potentials__isnull=False).distinct().order_by("category", "slug")
    )
    cells: dict[tuple[str, str], dict] = {}
    country_rows = (
        Potential.objects.filter(region__level=Region.Level.COUNTRY)
        .select_related("region", "resource", "scenario")
        .defer(*GEOMETRY_FIELDS[:3])
    )
    for p in country_rows:
        cell = cells.setdefault((p.resource.slug, p.region.code), {"low": None, "high": None})
        cell[p.scenario.slug] = p.technical_pj
    table = []
    for resource in resources:
        row = {"resource": resource, "cells": []}
        peak = max(
            [(cells.get((resource.slug, c.code)) or {}).get(central.slug) or 0.0 for c in countries] + [1e-12]
        )
        for country in countries:
            cell = cells.get((resource.slug, country.code), {})
            pj = cell.get(central.slug) if central else None
            row["cells"].append(
                {
                    "country": country,
                    "pj": pj,
                    "low": cell.get("low"),
                    "high": cell.get("high"),
                    "gj_per_ha": (pj * 1e6 / (country.area_km2 * 100)) if pj is not None else None,
                    "bar": 100 * (pj or 0.0) / peak,
                }
            )
        table.append(row)
    totals = []
    for i, country in enumerate(countries):
        pj = sum((row["cells"][i]["pj"] or 0.0) for row in table)
        totals.append({"country": country, "pj": pj, "gj_per_ha": pj * 1e6 / (country.area_km2 * 100)})
    return {"countries": countries, "table": table, "totals": totals, "central": central}
