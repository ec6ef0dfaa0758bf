"""What a stored potential rests on, for the pages: the production statistic of each
commodity that feeds the resource in the region (t/yr or heads, the mean of which years,
from which dataset), read from the provenance of the production layer it was computed from."""

from __future__ import annotations

from biomass.catalogue.models import Commodity, CommodityYield
from biomass.statistics.models import StatisticsDataset

from .models import Potential


def production_basis(potential: Potential) -> list[dict]:
    """[{commodity, unit, quantity, first, last, dataset}] of a country's potential; empty for
    a resource that does not rest on statistics (or a region other than a country)."""
    commodities = (potential.layer_version.provenance or {}).get("commodities") or {}
    region = potential.region
    if not commodities or region.level != region.Level.COUNTRY:
        return []
    names = {c.slug: c for c in Commodity.objects.filter(slug__in=commodities)}
    factor_units = dict(
        CommodityYield.objects.filter(resource=potential.resource).values_list("commodity__slug", "unit")
    )
    datasets = {d.slug: d.name for d in StatisticsDataset.objects.all()}
    out = []
    for slug, info in sorted(commodities.items()):
        parts = _parts(region, info)
        if not parts:
            continue  # no statistic of this commodity in the country
        slugs = sorted({slug for code, _ in parts for slug in info.get("sources", {}).get(code, [])})
        sources = [datasets[slug] for slug in slugs if slug in datasets]
        out.append(
            {
                "commodity": names[slug],
                "quantity": sum(value for _, (value, _first, _last) in parts),
                "first": min(first for _, (_value, first, _last) in parts),
                "last": max(last for _, (_value, _first, last) in parts),
                "factor": info["factor"],
                "factor_unit": factor_units.get(slug, ""),
                "datasets": sources,
                "dataset_slugs": slugs,
                "units": len(parts) if parts[0][0] != region.code else 0,
            }
        )
    return out


def _parts(region, info: dict) -> list[tuple[str, list]]:
    """The (code, [mean, first, last]) the country's total of a commodity is made of: its
    admin-1 units' statistics when it was allocated by them, else its own."""
    levels = info.get("levels", {})
    units = set(region.children.values_list("code", flat=True))
    admin1 = [(code, value) for code, value in levels.get("admin1", {}).items() if code in units]
    if admin1:
        return sorted(admin1)
    own = levels.get("country", {}).get(region.code)
    return [(region.code, own)] if own else []
