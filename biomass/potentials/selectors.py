"""Reads of stored potentials as table rows (the columns of ``columns.py``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from biomass.catalogue.models import Resource, Scenario
from biomass.errors import InvalidInput
from biomass.regions.models import Region
from biomass.regions.selectors import GEOMETRIES

from .columns import potential_row
from .models import Potential

# What an unknown filter value is called, one template per filter.
UNKNOWN = {
    "level": gettext_noop("unknown level %(value)r"),
    "region": gettext_noop("unknown region %(value)r"),
    "resource": gettext_noop("unknown resource %(value)r"),
    "scenario": gettext_noop("unknown scenario %(value)r"),
    "category": gettext_noop("unknown category %(value)r"),
}


def _deferred(keep: str | None) -> list[str]:
    """The region geometry fields a query leaves out: all, or all but ``keep``."""
    return [
        f"{prefix}__{name}"
        for prefix in ("region", "region__parent")
        for name in GEOMETRIES
        if not (prefix == "region" and name == keep)
    ]


def potentials_queryset(
    *,
    level: str | None = None,
    region: str | None = None,
    resource: str | None = None,
    scenario: str | None = None,
    category: str | None = None,
    geometry: str | None = None,
) -> QuerySet[Potential]:
    """Stored potentials, filtered, in a stable order. An unknown filter value raises
    InvalidInput naming the parameter. ``geometry`` names the one region geometry field to
    load (for GeoJSON); rows never need the others."""
    rows = (
        Potential.objects.select_related(
            "region", "region__parent", "resource", "scenario", "layer_version", "layer_version__layer"
        )
        .defer(*_deferred(geometry))
        .order_by("region__level", "region__code", "resource__slug", "scenario__sort_order", "scenario__slug")
    )
    checks = {
        "level": (level, lambda v: v in Region.Level.values, "region__level"),
        "region": (region, lambda v: Region.objects.filter(code=v).exists(), "region__code"),
        "resource": (resource, lambda v: Resource.objects.filter(slug=v).exists(), "resource__slug"),
        "scenario": (scenario, lambda v: Scenario.objects.filter(slug=v).exists(), "scenario__slug"),
        "category": (category, lambda v: v in Resource.Category.values, "resource__category"),
    }
    for name, (value, known, lookup) in checks.items():
        if not value:
            continue
        if not known(value):
            raise InvalidInput(UNKNOWN[name], field=name, params={"value": value})
        rows = rows.filter(**{lookup: value})
    return rows


def potentials_rows(**filters) -> list[dict]:
    return [potential_row(p) for p in potentials_queryset(**filters)]
