"""Reads of the regions' totals over the resources counted in totals: the sums of the stored
potentials and the P10, P50 and P90 of the total (from the Monte Carlo, which sums draws:
the P90 of a total is not the sum of its resources' P90s)."""

from __future__ import annotations

from django.db.models import Sum

from biomass.engine.uncertainty import QUANTITIES
from biomass.languages import bilingual

from .columns import PERCENTILE_COLUMNS
from .models import PotentialTotal
from .selectors import potentials_queryset

# The order of the potentials' export columns (columns.PERCENTILE_COLUMNS).
PERCENTILE_NAMES = tuple(f"{kind}_{unit}_p{p}" for kind, unit, p in PERCENTILE_COLUMNS)
FIELDS = ("region_code", "region_name", "level", "scenario", *QUANTITIES, *PERCENTILE_NAMES)
UNITS = {name: "t DM/yr" if "_t" in name else "PJ/yr" for name in (*QUANTITIES, *PERCENTILE_NAMES)}


def potential_totals(
    *, level: str | None = None, region: str | None = None, scenario: str | None = None
) -> list[dict]:
    """One row per region and scenario, in a stable order; unknown filters are 400s naming them."""
    stored = potentials_queryset(level=level, region=region, scenario=scenario).filter(
        resource__counted_in_totals=True
    )
    sums = (
        stored.order_by()
        .values(
            "region_id",
            "region__code",
            "region__name_es",
            "region__name_en",
            "region__level",
            "scenario_id",
            "scenario__slug",
        )
        .annotate(**{q: Sum(q) for q in QUANTITIES})
        .order_by("region__level", "region__code", "scenario__slug")
    )
    percentiles = {
        (t.region_id, t.scenario_id): t.percentiles
        for t in PotentialTotal.objects.filter(region_id__in={row["region_id"] for row in sums})
    }
    return [_row(row, percentiles.get((row["region_id"], row["scenario_id"]), {})) for row in sums]


def _row(row: dict, percentiles: dict) -> dict:
    return {
        "region_code": row["region__code"],
        "region_name": bilingual(row["region__name_es"], row["region__name_en"]),
        "level": row["region__level"],
        "scenario": row["scenario__slug"],
        **{q: row[q] for q in QUANTITIES},
        **{name: percentiles.get(name) for name in PERCENTILE_NAMES},
    }
