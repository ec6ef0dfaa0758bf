"""Potentials year by year: a stored potential rests on reference production (the mean of the
last years reported); scaled by each year's production over that reference, it gives the
potential of every year the statistics cover.

For a region r, a resource x fed by commodities c (conversion factor f_c) and a year y:

    ratio(r, x, y) = Σ_c f_c · Q_c(r, y) / Σ_c f_c · Q̄_c(r)
    P(r, x, y)     = P_stored(r, x) · ratio(r, x, y)      (theoretical and technical alike)

where Q is the production of the zone the statistic was allocated over: the region's own
(admin-1 statistics), the sum of its units (a country allocated by its units), or its
country's (an admin-1 unit of a country with national statistics). Exact because a
commodity's allocated grid is its statistic times fixed weights and the commodities feeding
one resource share their allocation rule; so the mean over the reference years equals the
stored potential. A year in which a commodity feeding the resource is not reported is no data.
Where the reference production is 0 (a crop no longer grown), nothing can be scaled: the
region's own production then gives the theoretical potential of a year (× the resource's
conversion to dry matter and energy), and the technical potential is no data.
"""

from __future__ import annotations

from collections.abc import Iterable

from biomass.catalogue.models import Scenario
from biomass.engine.potentials import GJ_PER_PJ
from biomass.errors import InvalidInput
from biomass.regions.models import Region
from biomass.statistics.selectors import served_versions, yearly_series

from .columns import UNITS
from .compute import resource_factors
from .labels import region_label
from .models import Potential

VALUES = ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj")
FIELDS = (
    "region_code",
    "region_name",
    "resource",
    "resource_name",
    "scenario",
    "year",
    *VALUES,
    "reference",
    "label",
)
SERIES_UNITS = {name: UNITS[name] for name in VALUES} | {"year": "calendar year"}


def potentials_series(*, region: str, resource: str | None = None, scenario: str = "central") -> dict:
    """Every year of every statistics-based resource of ``region`` in ``scenario``."""
    place = (
        Region.objects.select_related("parent")
        .defer("geom", "geom_medium", "geom_coarse")
        .filter(code=region)
        .first()
    )
    if place is None:
        raise InvalidInput("unknown region %(code)r", field="region", params={"code": region})
    if not Scenario.objects.filter(slug=scenario).exists():
        raise InvalidInput("unknown scenario %(slug)r", field="scenario", params={"slug": scenario})
    stored = Potential.objects.filter(region=place, scenario__slug=scenario).select_related(
        "resource", "scenario", "layer_version__layer"
    )
    if resource:
        stored = stored.filter(resource__slug=resource)
    series, _origin = yearly_series(served_versions())
    children = set(Region.objects.filter(parent=place).values_list("code", flat=True))
    rows, without = [], []
    for potential in stored.order_by("resource__slug"):
        commodities = (potential.layer_version.provenance or {}).get("commodities")
        if not commodities:
            without.append(potential.resource.slug)  # not from statistics: no years
            continue
        rows += list(_rows(place, potential, commodities, series, children))
    return {
        "region": place.code,
        "region_name": place.name,
        "scenario": scenario,
        "units": SERIES_UNITS,
        "without_series": without,
        "count": len(rows),
        "results": rows,
    }


def _zone(place: Region, levels: dict, children: set[str]) -> list[str]:
    """The codes whose statistics ``place``'s share of a commodity follows."""
    admin1, country = levels.get("admin1", {}), levels.get("country", {})
    if place.code in admin1:
        return [place.code]
    if place.level == Region.Level.COUNTRY:
        units = sorted(children & set(admin1))
        return units or ([place.code] if place.code in country else [])
    parent = place.parent.code if place.parent_id else None
    return [parent] if parent in country else []


def _parts(place: Region, commodities: dict, series: dict, children: set[str]) -> tuple[list, set[int], bool]:
    """Per commodity with a statistic here: (factor, reference, {year: quantity}, first,
    last); the years any zone reports; whether every zone is the region itself (or its
    units), so that its production is the region's own, not a share of its country's."""
    parts, reported, own = [], set(), True
    for slug, info in commodities.items():
        levels = info["levels"]
        codes = _zone(place, levels, children)
        if not codes:
            continue  # no statistic of this commodity here: it adds nothing
        own = own and (place.code in codes or set(codes) <= children)
        refs = [levels.get("admin1", {}).get(c) or levels["country"][c] for c in codes]
        yearly = [series.get((slug, code), {}) for code in codes]
        reported |= set().union(*(set(y) for y in yearly))
        total = {year: sum(y[year] for y in yearly) for year in set.intersection(*(set(y) for y in yearly))}
        parts.append(
            (info["factor"], sum(r[0] for r in refs), total, min(r[1] for r in refs), max(r[2] for r in refs))
        )
    return parts, reported, own


def _rows(
    place: Region, potential: Potential, commodities: dict, series: dict, children: set[str]
) -> Iterable[dict]:
    parts, reported, own = _parts(place, commodities, series, children)
    if not parts:
        return
    reference = sum(f * ref for f, ref, *_ in parts)
    first, last = min(p[3] for p in parts), max(p[4] for p in parts)
    factors = resource_factors(potential.resource, potential.scenario, potential.layer_version.layer.quantity)
    parent = place.parent.code if place.parent_id else None
    label = region_label(
        potential.layer_version.provenance, place.code, parent, potential.layer_version.layer.label
    )
    for year in sorted(reported):
        values = _values(potential, parts, year, reference, factors if own else None)
        yield _row(place, potential, year, values, first <= year <= last, label)


def _values(potential: Potential, parts: list, year: int, reference: float, factors) -> dict:
    """The year's potentials: the stored ones × production / reference production. With a
    reference of 0 (a crop no longer grown), the region's own production still gives the
    theoretical potential (× the resource's conversion); the technical one is no data."""
    if any(year not in total for _, _, total, *_ in parts):
        return dict.fromkeys(VALUES)  # a commodity is not reported this year
    produced = sum(f * total[year] for f, _, total, *_ in parts)
    if reference > 0:  # 12 significant digits: the scaling adds nothing beyond them
        return {name: float(f"{getattr(potential, name) * produced / reference:.12g}") for name in VALUES}
    if produced == 0:
        return dict.fromkeys(VALUES, 0.0)
    if factors is None:
        return dict.fromkeys(VALUES)  # a share of the country's production: unknown
    theoretical = produced * factors.to_dry_matter
    return {
        "theoretical_t": theoretical,
        "technical_t": None,
        "theoretical_pj": theoretical * factors.energy_gj_per_t / GJ_PER_PJ,
        "technical_pj": None,
    }


def _row(place: Region, potential: Potential, year: int, values: dict, reference: bool, label: str) -> dict:
    return {
        "region_code": place.code,
        "region_name": place.name,
        "resource": potential.resource.slug,
        "resource_name": potential.resource.name,
        "scenario": potential.scenario.slug,
        "year": year,
        **values,
        "reference": reference,
        "label": label,
    }


def window_ratios(place: Region, commodities: dict, series: dict, children: set[str]) -> list[float]:
    """Each reference year's production over the reference production of ``place``, in year
    order (the spread the Monte Carlo draws from); empty where nothing can be scaled."""
    parts, _reported, _own = _parts(place, commodities, series, children)
    if not parts:
        return []
    reference = sum(f * ref for f, ref, *_ in parts)
    first, last = min(p[3] for p in parts), max(p[4] for p in parts)
    years = [y for y in range(first, last + 1) if all(y in total for _, _, total, *_ in parts)]
    if reference <= 0:
        return []
    return [sum(f * total[y] for f, _, total, *_ in parts) / reference for y in years]
