"""From production statistics to production layers: for every resource that a commodity with
statistics yields, the commodity's reference production (the mean of the last five years
reported) is spread over the land-cover grid with the commodity's weights, so that every
country (or admin-1 unit, where all of a country's units have statistics) keeps its total
exactly, then converted to the resource's product and written as that resource's
``production`` (or ``heads``) layer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import rasterio
from django.conf import settings

from biomass.catalogue.models import Commodity, Resource
from biomass.engine.allocation import allocate
from biomass.engine.grid import Grid
from biomass.errors import InvalidInput
from biomass.layers.models import Layer, LayerVersion
from biomass.potentials.compute import zone_weights, zones_key_of
from biomass.regions.models import Region

from .models import StatisticsVersion
from .selectors import served_versions, yearly_series

REFERENCE_YEARS = 5


@dataclass(frozen=True)
class Reference:
    value: float  # mean of the reference years
    first: int
    last: int


@dataclass
class Derived:
    """The production layer of one resource, before it is stored."""

    resource: Resource
    unit: str  # "t" or "head"
    grid: Grid
    amount: np.ndarray
    provenance: dict = field(default_factory=dict)
    years: set = field(default_factory=set)  # (first, last) reference windows
    datasets: dict = field(default_factory=dict)  # {slug: dataset} the numbers come from


def references(series: dict[tuple[str, str], dict[int, float]]) -> dict[str, dict[str, Reference]]:
    """{commodity: {region: mean of its last REFERENCE_YEARS years reported}}."""
    out: dict[str, dict[str, Reference]] = defaultdict(dict)
    for (commodity, region), years in series.items():
        last = sorted(years)[-REFERENCE_YEARS:]
        out[commodity][region] = Reference(sum(years[y] for y in last) / len(last), last[0], last[-1])
    return out


def allocation_zones(
    refs: dict[str, Reference],
) -> tuple[dict[str, dict[str, Reference]], dict[str, list[str]]]:
    """{level: {code: reference}} of one commodity, and {country: its units} for the
    countries allocated by their units. Every country with statistics has a country total:
    its own statistic, or, where every one of its admin-1 units has statistics, their sum
    (the admin-1 units are then allocated too, and win)."""
    zones: dict[str, dict[str, Reference]] = {Region.Level.COUNTRY: {}, Region.Level.ADMIN1: {}}
    by_units: dict[str, list[str]] = {}
    children = defaultdict(list)
    for code, parent in Region.objects.filter(level=Region.Level.ADMIN1).values_list("code", "parent__code"):
        children[parent].append(code)
    for country in Region.objects.filter(level=Region.Level.COUNTRY).values_list("code", flat=True):
        units = children[country]
        if units and all(unit in refs for unit in units):
            parts = [refs[unit] for unit in units]
            zones[Region.Level.ADMIN1].update({unit: refs[unit] for unit in units})
            zones[Region.Level.COUNTRY][country] = Reference(
                sum(r.value for r in parts), min(r.first for r in parts), max(r.last for r in parts)
            )
            by_units[country] = sorted(units)
        elif country in refs:
            zones[Region.Level.COUNTRY][country] = refs[country]
    return zones, by_units


def land_cover() -> tuple[Grid, np.ndarray, LayerVersion]:
    """The grid and classes of the land-cover layer the allocation weights come from."""
    slug = settings.ALLOCATION_LAND_COVER
    layer = Layer.objects.select_related("current_version").filter(slug=slug).first()
    version = layer.current_version if layer else None
    if version is None or not version.file:
        raise InvalidInput(
            "statistics are spread over the land-cover layer %(slug)r, which is not loaded: import it first",
            params={"slug": slug},
        )
    with rasterio.open(version.path) as ds:
        return Grid.from_dataset(ds), ds.read(1), version


def added(total: np.ndarray, part: np.ndarray) -> np.ndarray:
    """Cell by cell sum where no data (NaN) counts as nothing, and stays no data only where
    both are."""
    out = np.nan_to_num(total) + np.nan_to_num(part)
    out[np.isnan(total) & np.isnan(part)] = np.nan
    return out


def class_weights(classes: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    out = np.zeros(classes.shape)
    for cls, weight in weights.items():
        out[classes == int(cls)] = float(weight)
    return out


def production_layers(
    version: StatisticsVersion, *, every_commodity: bool = False, excluding: int | None = None
) -> list[Derived]:
    """The production layer of every resource fed by a commodity that ``version`` counts (or,
    with ``every_commodity``, by any commodity of the served statistics, without the dataset
    ``excluding``)."""
    series, origin = yearly_series(served_versions(replacing=version, excluding=excluding))
    refs = references(series)
    counted = set(refs) if every_commodity else set(version.records.values_list("commodity__slug", flat=True))
    grid, classes, cover = land_cover()
    derived: dict[int, Derived] = {}
    commodities = Commodity.objects.filter(slug__in=refs).prefetch_related("yields__resource")
    fed = {y.resource_id for c in commodities if c.slug in counted for y in c.yields.all()}
    for commodity in commodities:
        amount, provenance = _allocated(commodity, refs[commodity.slug], grid, classes)
        for link in commodity.yields.all():
            if link.resource_id not in fed:
                continue
            entry = derived.setdefault(
                link.resource_id, Derived(link.resource, commodity.unit, grid, np.full(amount.shape, np.nan))
            )
            entry.amount = added(entry.amount, link.factor * amount)
            sources = _sources(commodity.slug, refs[commodity.slug], origin, provenance["units"])
            entry.provenance.setdefault("commodities", {})[commodity.slug] = provenance | {
                "factor": link.factor,
                "sources": sources,
            }
            entry.years |= {(r.first, r.last) for r in refs[commodity.slug].values()}
            entry.datasets |= {
                d.slug: d
                for code, r in refs[commodity.slug].items()
                for year, d in origin[(commodity.slug, code)].items()
                if r.first <= year <= r.last
            }
    for entry in derived.values():
        entry.provenance |= {
            "statistics": {
                "dataset": version.dataset.slug,
                "version": version.number,
                "checksum": version.checksum,
                "datasets": sorted(entry.datasets),
                "names": {slug: dataset.name for slug, dataset in entry.datasets.items()},
            },
            "land_cover": {"layer": cover.layer.slug, "version": cover.number},
        }
    return list(derived.values())


def _sources(
    commodity: str, refs: dict[str, Reference], origin: dict, by_units: dict
) -> dict[str, list[str]]:
    """{code: the slugs of the datasets its reference years come from}; a country allocated
    by its units, those of its units."""
    sources = {
        code: sorted({d.slug for year, d in origin[(commodity, code)].items() if r.first <= year <= r.last})
        for code, r in refs.items()
    }
    for country, units in by_units.items():
        sources[country] = sorted({slug for unit in units for slug in sources[unit]})
    return sources


def _allocated(commodity: Commodity, refs: dict[str, Reference], grid: Grid, classes: np.ndarray):
    """One commodity's reference production spread over the grid, with what it was made of:
    each country's total over the country, then, where admin-1 statistics exist, each unit's
    over the unit (a cell that a unit shares with another country keeps the country's share,
    0, as both countries have totals)."""
    rule = commodity.allocation
    weight, fallback = class_weights(classes, rule["weights"]), class_weights(classes, rule["fallback"])
    amount = np.full(classes.shape, np.nan)
    zones, by_units = allocation_zones(refs)
    provenance = {"rule": rule["rule"], "levels": {}, "units": by_units, "fallback": [], "unallocated": []}
    for level, totals in zones.items():
        if not totals:
            continue
        weights = zone_weights(grid, level)
        result = allocate(weights, {c: r.value for c, r in totals.items()}, weight, fallback)
        provenance.setdefault("zones", {})[level] = zones_key_of(weights)  # the region outlines used
        amount = np.where(np.isfinite(result.amount), result.amount, amount)
        provenance["levels"][level] = {code: [r.value, r.first, r.last] for code, r in sorted(totals.items())}
        provenance["fallback"] += list(result.fallback)
        provenance["unallocated"] += list(result.unallocated)
    return amount, provenance
