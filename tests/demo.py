"""What the demo data should give, read straight from the fixture files (not through the
platform's code): the resources the shipped production statistics feed and each country's
reference production (mean of its last five years reported)."""

import csv
from collections import defaultdict
from pathlib import Path

from biomass.catalogue.models import CommodityYield
from biomass.regions.models import Region

STATISTICS = Path(__file__).resolve().parent.parent / "fixtures" / "statistics" / "faostat-fbs.csv"
BASE_LAYERS = {"land-cover", "slope-coarse", "distance-to-town", "forest-residues"}


def statistics_series() -> dict[tuple[str, str], dict[int, float]]:
    """{(commodity, region code): {year: t}} of the shipped FAOSTAT file."""
    series: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    with STATISTICS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            series[(row["commodity"], row["region_code"])][int(row["year"])] = float(row["quantity"])
    return series


def reference_production() -> dict[tuple[str, str], float]:
    """{(commodity, region code): mean of the last five years reported}."""
    out = {}
    for key, years in statistics_series().items():
        last = sorted(years)[-5:]
        out[key] = sum(years[y] for y in last) / len(last)
    return out


def statistics_resources() -> set[str]:
    """The resources a commodity of the shipped file yields."""
    commodities = {commodity for commodity, _ in statistics_series()}
    return set(
        CommodityYield.objects.filter(commodity__slug__in=commodities).values_list(
            "resource__slug", flat=True
        )
    )


def country_resources() -> dict[str, set[str]]:
    """{country code: the resources with numbers}: those its statistics feed, and forest
    residues (a land-cover layer over every country)."""
    yields: dict[str, set[str]] = defaultdict(set)
    for commodity, resource in CommodityYield.objects.values_list("commodity__slug", "resource__slug"):
        yields[commodity].add(resource)
    out: dict[str, set[str]] = defaultdict(lambda: {"forest-residues"})
    for commodity, region in statistics_series():
        out[region] |= yields[commodity]
    return dict(out)


def region_resources(level: str) -> set[tuple[str, str]]:
    """{(region code, resource)} with numbers at a level: an admin-1 unit has those of its
    country (the country's production is spread over all of its land)."""
    by_country = country_resources()
    if level == "country":
        return {(code, r) for code, resources in by_country.items() for r in resources}
    units = Region.objects.filter(level=level).values_list("code", "parent__code")
    return {(code, r) for code, parent in units for r in by_country[parent]}
