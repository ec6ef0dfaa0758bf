"""Reads for the summary pages: one country (totals by resource and category with the
low–high range of the scenarios, the admin-1 breakdown, sources) and the countries side by
side."""

from __future__ import annotations

from django.utils.translation import gettext as _

from biomass.caching import remember
from biomass.catalogue.models import Resource, ResourceParameter
from biomass.catalogue.selectors import central_scenario, scenario_get, scenarios_list
from biomass.errors import NotFound
from biomass.languages import bilingual
from biomass.layers.models import Layer
from biomass.regions.models import Region
from biomass.regions.selectors import GEOMETRIES
from biomass.statistics.models import StatisticsDataset

from .basis import production_basis
from .columns import gj_per_ha
from .models import Potential, PotentialTotal
from .totals import potential_totals
from .trends import country_trend

TOTAL_KEYS = ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj")
# A layer with valid cells over this share of a region or more covers it whole.
COMPLETE = 0.999
CATEGORY_KEYS = ("technical_pj", "technical_pj_low", "technical_pj_high", "technical_t", "theoretical_pj")


def country_summary(*, code: str, scenario: str | None = None) -> dict:
    """Everything the country page shows, for the scenario with this slug (default: the
    central one; an unknown slug is InvalidInput); kept until the published data change."""
    return remember("country-summary", code, scenario, compute=lambda: _country_summary(code, scenario))


def _country_summary(code: str, scenario: str | None) -> dict:
    country = Region.objects.filter(code=code, level=Region.Level.COUNTRY).first()
    if country is None:
        raise NotFound("unknown country %(code)r", field="country", params={"code": code})
    scenarios = list(scenarios_list())
    central = central_scenario(scenarios) if scenario is None else scenario_get(slug=scenario, parameter=True)
    resources = _resource_rows(country, central)
    counted = [r for r in resources if r["resource"].counted_in_totals]
    totals = {
        key: sum(r[key] for r in counted) for key in (*TOTAL_KEYS, "technical_pj_low", "technical_pj_high")
    }
    economic = [r["economic_pj"] for r in counted if r["economic_pj"] is not None]
    totals["economic_pj"] = sum(economic) if economic else None
    totals |= _total_percentiles(country, central)
    layers = {row["layer"].pk: row["layer"] for row in resources if not row["basis"]}
    used = {slug for row in resources for b in row["basis"] for slug in b["dataset_slugs"]}
    shown = {row["resource"].pk for row in resources}
    return {
        "country": country,
        "scenarios": scenarios,
        "central": central,
        "resources": resources,
        "categories": _categories(counted),
        "totals": totals,
        "admin1": _admin1_rows(country, central),
        "layers": list(layers.values()),
        "datasets": list(StatisticsDataset.objects.filter(slug__in=used).select_related("current_version")),
        "without_data": [r for r in Resource.objects.order_by("category", "slug") if r.pk not in shown],
        "constraints": list(Layer.objects.filter(role=Layer.Role.CONSTRAINT, current_version__isnull=False)),
        "coverage": coverage_summary(resources),
        "sensitivity": country_sensitivity(country, central),
        "trend": country_trend(
            code=country.code,
            scenario=central.slug,
            counted={r["resource"].slug for r in counted},
            names={r["resource"].slug: r["resource"].name for r in counted},
        )
        if central
        else None,
    }


def coverage_summary(resources: list[dict]) -> dict:
    """What the layers cover of the region (coverage: the share of its area with valid cells
    of a resource's layer): the lowest coverage among the layers that cover it whole, how
    many do, and the resources whose layer covers only part of it, lowest first (their
    numbers count that part only). The lowest of all would say nothing: one layer over a
    corner of the region would make it 0 %."""
    complete = [r["coverage"] for r in resources if r["coverage"] >= COMPLETE]
    partial = sorted((r for r in resources if r["coverage"] < COMPLETE), key=lambda r: r["coverage"])
    return {
        "lowest_complete": min(complete, default=None),
        "complete": len(complete),
        "count": len(resources),
        "partial": [{"resource": r["resource"], "coverage": r["coverage"]} for r in partial],
    }


def country_sensitivity(region: Region, scenario) -> dict | None:
    """The parameters whose range moves the country's technical total most, one at a time
    (bars from the total with the parameter low to the total with it high, in % of the
    largest), or None before any has been computed."""
    total = PotentialTotal.objects.filter(region=region, scenario=scenario).first() if scenario else None
    found = (total.sensitivity or {}) if total else {}
    if not found.get("bars"):
        return None
    names = {
        slug: bilingual(es, en) for slug, es, en in Resource.objects.values_list("slug", "name_es", "name_en")
    }
    labels = dict(ResourceParameter.Name.choices) | {"year": _("year of the statistics")}
    # The scale spans the bars (not from 0), a little wider, so that short swings show.
    ends = [v for b in found["bars"] for v in (b["low"], b["high"])] + [found["point"]]
    margin = 0.05 * (max(ends) - min(ends)) or 1e-12
    start, stop = max(0.0, min(ends) - margin), max(ends) + margin

    def at(value: float) -> float:
        return 100 * (value - start) / (stop - start)

    bars = [
        bar
        | {
            "name": f"{names.get(bar['resource'], bar['resource'])} · {labels.get(bar['parameter'], bar['parameter'])}",
            "left": at(min(bar["low"], bar["high"])),
            "width": at(max(bar["low"], bar["high"])) - at(min(bar["low"], bar["high"])),
        }
        for bar in found["bars"]
    ]
    return {
        "point": found["point"],
        "point_at": at(found["point"]),
        "bars": bars,
        "start": start,
        "stop": stop,
    }


def _total_percentiles(region: Region, scenario) -> dict:
    """P10 and P90 of the region's technical total (summed draw by draw, not percentiles)."""
    total = PotentialTotal.objects.filter(region=region, scenario=scenario).first() if scenario else None
    values = total.percentiles if total else {}
    return {f"technical_pj_p{p}": values.get(f"technical_pj_p{p}") for p in (10, 90)}


def _resource_rows(country: Region, central) -> list[dict]:
    """Per resource: the central scenario's numbers, the range over all scenarios and the
    bar lengths of the chart (percent of the largest high value)."""
    by_resource: dict[str, dict] = {}
    potentials = (
        Potential.objects.filter(region=country)
        .select_related("resource", "scenario", "layer_version", "layer_version__layer")
        .prefetch_related("resource__parameters")
    )
    for p in potentials:
        by_resource.setdefault(p.resource.slug, {})[p.scenario.slug] = p
    rows = []
    for _slug, values in sorted(by_resource.items()):
        mid = values.get(central.slug) if central else None
        if mid is not None:
            rows.append(_resource_row(mid, values))
    peak = max([max(r["technical_pj_p90"] or 0, r["theoretical_pj"]) for r in rows] + [1e-12])
    for row in rows:
        row["bar"] = {
            k: 100 * (row[k] if row[k] is not None else row["technical_pj"]) / peak
            for k in ("technical_pj", "technical_pj_p10", "technical_pj_p90", "theoretical_pj")
        }
    return rows


def _resource_row(mid: Potential, by_scenario: dict[str, Potential]) -> dict:
    technical_pj = [v.technical_pj for v in by_scenario.values()]
    low, high = by_scenario.get("low"), by_scenario.get("high")
    return {
        "resource": mid.resource,
        "layer": mid.layer_version.layer,
        "layer_version": mid.layer_version,
        **{key: getattr(mid, key) for key in (*TOTAL_KEYS, "economic_pj", "economic_t", "coverage")},
        "technical_pj_low": min(technical_pj),
        "technical_pj_high": max(technical_pj),
        "technical_t_low": low.technical_t if low else None,
        "technical_t_high": high.technical_t if high else None,
        "technical_pj_p10": (mid.percentiles or {}).get("technical_pj_p10"),
        "technical_pj_p90": (mid.percentiles or {}).get("technical_pj_p90"),
        "basis": production_basis(mid),
    }


def _categories(resources: list[dict]) -> list[dict]:
    categories: dict[str, dict] = {}
    for row in resources:
        resource = row["resource"]
        cat = categories.setdefault(
            resource.category,
            {"category": resource.get_category_display(), "slug": resource.category}
            | dict.fromkeys(CATEGORY_KEYS, 0.0),
        )
        for key in CATEGORY_KEYS:
            cat[key] += row[key]
    return sorted(categories.values(), key=lambda c: -c["technical_pj"])


def _admin1_rows(country: Region, central) -> list[dict]:
    """The country's first-level units: technical potential of all resources (central
    scenario), and the lowest coverage of their layers."""
    children = {r.pk: r for r in country.children.defer(*GEOMETRIES)}
    rows = Potential.objects.filter(
        region__in=children.values(), scenario=central, resource__counted_in_totals=True
    ).values_list("region_id", "technical_t", "technical_pj", "theoretical_pj", "coverage")
    sums: dict[int, list] = {}
    for region_id, technical_t, technical_pj, theoretical_pj, coverage in rows:
        entry = sums.setdefault(region_id, [0.0, 0.0, 0.0, 1.0])
        entry[0] += technical_t
        entry[1] += technical_pj
        entry[2] += theoretical_pj
        entry[3] = min(entry[3], coverage)
    out = []
    for region_id, region in sorted(children.items(), key=lambda kv: kv[1].code):
        # a unit without any row has no data (None), not 0
        technical_t, technical_pj, theoretical_pj, coverage = sums.get(region_id, [None, None, None, None])
        out.append(
            {
                "region": region,
                "technical_t": technical_t,
                "technical_pj": technical_pj,
                "theoretical_pj": theoretical_pj,
                "coverage": coverage,
                "gj_per_ha": gj_per_ha(technical_pj, region.area_km2),
            }
        )
    return out


def countries_comparison() -> dict:
    """The countries side by side per resource: technical potential (central scenario) in
    PJ/yr and per hectare of land (GJ/ha/yr), with the low-high range; the countries and the
    resources in order of their technical potential, the largest first."""
    countries = list(Region.objects.filter(level=Region.Level.COUNTRY).defer(*GEOMETRIES).order_by("code"))
    central = central_scenario(list(scenarios_list()))
    resources = list(
        Resource.objects.filter(potentials__isnull=False).distinct().order_by("category", "slug")
    )
    cells: dict[tuple[str, str], dict] = {}
    country_rows = (
        Potential.objects.filter(region__level=Region.Level.COUNTRY)
        .select_related("region", "resource", "scenario")
        .defer(*(f"region__{name}" for name in GEOMETRIES))
    )
    for p in country_rows:
        cell = cells.setdefault((p.resource.slug, p.region.code), {"low": None, "high": None})
        cell[p.scenario.slug] = p.technical_pj
    table = [_comparison_row(resource, countries, cells, central) for resource in resources]
    totals = []
    for i, country in enumerate(countries):
        known = [row["cells"][i]["pj"] for row in table if row["resource"].counted_in_totals]
        known = [pj for pj in known if pj is not None]
        pj = sum(known) if known else None  # a country without any number has no data, not 0
        totals.append({"country": country, "pj": pj, "gj_per_ha": gj_per_ha(pj, country.area_km2)})
    # the largest technical potential first (countries and resources alike); no data last
    order = sorted(range(len(countries)), key=lambda i: (totals[i]["pj"] is None, -(totals[i]["pj"] or 0.0)))
    for row in table:
        row["cells"] = [row["cells"][i] for i in order]
    table.sort(key=lambda row: -sum(cell["pj"] or 0.0 for cell in row["cells"]))
    countries = [countries[i] for i in order]
    return {
        "countries": countries,
        "table": table,
        "totals": [totals[i] for i in order],
        "central": central,
        "scenarios": scenarios_side_by_side(countries),
    }


def scenarios_side_by_side(countries: list[Region]) -> dict:
    """Each country's technical total (PJ/yr) with its P10–P90 in every scenario, and each
    scenario's difference from the central one."""
    scenarios = list(scenarios_list())
    central = central_scenario(scenarios)
    totals = {(t["region_code"], t["scenario"]): t for t in potential_totals(level=Region.Level.COUNTRY)}
    rows = []
    for country in countries:
        cells = []
        base = totals.get((country.code, central.slug)) if central else None
        for scenario in scenarios:
            total = totals.get((country.code, scenario.slug))
            value = total["technical_pj"] if total else None
            cells.append(
                {
                    "scenario": scenario,
                    "pj": value,
                    "p10": total["technical_pj_p10"] if total else None,
                    "p90": total["technical_pj_p90"] if total else None,
                    "difference": value - base["technical_pj"] if value is not None and base else None,
                }
            )
        rows.append({"country": country, "cells": cells})
    return {"scenarios": scenarios, "central": central, "rows": rows}


def _comparison_row(resource: Resource, countries: list[Region], cells: dict, central) -> dict:
    def central_pj(country):
        cell = cells.get((resource.slug, country.code)) or {}
        return cell.get(central.slug) if central else None

    peak = max([central_pj(c) or 0.0 for c in countries] + [1e-12])
    row = {"resource": resource, "cells": []}
    for country in countries:
        cell = cells.get((resource.slug, country.code), {})
        pj = central_pj(country)
        row["cells"].append(
            {
                "country": country,
                "pj": pj,
                "low": cell.get("low"),
                "high": cell.get("high"),
                "gj_per_ha": gj_per_ha(pj, country.area_km2),
                "bar": 100 * (pj or 0.0) / peak,
            }
        )
    return row
