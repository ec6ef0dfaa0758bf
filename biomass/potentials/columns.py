"""The one declaration of a stored potential as a table row: the columns, in order, with
their units. The API's serializers, the CSV headers, the JSON ``units`` and the map's
JavaScript (through the page) all read it from here.

The first ten columns are the stable export interface (docs/interfaces.md); the others
follow. Units: t = t of dry matter per year, pj = PJ per year, gj_ha = GJ per hectare of the
region and year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from biomass.engine.potentials import GJ_PER_PJ

from .labels import potential_label

HA_PER_KM2 = 100.0


def gj_per_ha(pj: float | None, area_km2: float | None) -> float | None:
    """Energy per hectare of land, GJ/ha/yr, from PJ/yr over an area in km²."""
    if pj is None or not area_km2:
        return None
    return pj * GJ_PER_PJ / (area_km2 * HA_PER_KM2)


@dataclass(frozen=True)
class Column:
    name: str
    get: Callable  # Potential -> value
    kind: type  # str, float or int
    unit: str = ""  # canonical unit in exports ("" for none)
    label: str = ""  # the unit as shown on screen, translated
    nullable: bool = False
    help: str = ""


def _parent_code(p) -> str:
    return p.region.parent.code if p.region.parent_id else ""


def _density(kind: str) -> Callable:
    return lambda p: gj_per_ha(getattr(p, f"{kind}_pj"), p.region.area_km2)


# The export order the issue fixed (P10 and P90 per quantity), then the medians.
PERCENTILE_COLUMNS = (
    *((kind, "t", p) for kind in ("theoretical", "technical", "economic") for p in (10, 90)),
    *((kind, "t", 50) for kind in ("theoretical", "technical", "economic")),
    *((kind, "pj", p) for kind in ("theoretical", "technical", "economic") for p in (10, 50, 90)),
)


def _percentile(name: str) -> Callable:
    return lambda p: (p.percentiles or {}).get(name)


T, PJ, GJ_HA = "t DM/yr", "PJ/yr", "GJ/ha/yr"
COVERAGE = "share of the region's area covered by valid cells (0-1)"

COLUMNS: tuple[Column, ...] = (
    Column("region_code", lambda p: p.region.code, str, help="ISO 3166-1 alpha-3 or ISO 3166-2 code"),
    Column("region_name", lambda p: p.region.name, str, help="in the language asked for"),
    Column("level", lambda p: p.region.level, str, help="country or admin1"),
    Column("resource", lambda p: p.resource.slug, str, help="resource slug"),
    Column("scenario", lambda p: p.scenario.slug, str, help="scenario slug"),
    Column("theoretical_t", lambda p: p.theoretical_t, float, T, _("t DM/yr")),
    Column("technical_t", lambda p: p.technical_t, float, T, _("t DM/yr")),
    Column("theoretical_pj", lambda p: p.theoretical_pj, float, PJ, _("PJ/yr")),
    Column("technical_pj", lambda p: p.technical_pj, float, PJ, _("PJ/yr")),
    Column("coverage", lambda p: p.coverage, float, COVERAGE, _("share of the area with data")),
    Column(
        "economic_t",
        lambda p: p.economic_t,
        float,
        T,
        _("t DM/yr"),
        nullable=True,
        help="at or below the scenario's price; null without a cost layer",
    ),
    Column("economic_pj", lambda p: p.economic_pj, float, PJ, _("PJ/yr"), nullable=True),
    Column("resource_name", lambda p: p.resource.name, str),
    Column("category", lambda p: p.resource.category, str),
    Column("parent_code", _parent_code, str, help="code of the country of an admin-1 unit"),
    Column("scenario_version", lambda p: p.scenario_version, int),
    Column("layer", lambda p: p.layer_version.layer.slug, str, help="slug of the resource layer"),
    Column("layer_version", lambda p: p.layer_version.number, int),
    Column(
        "label",
        potential_label,
        str,
        help='e.g. "FAOSTAT food balances, mean 2016–2020"',
    ),
    Column(
        "resource_version", lambda p: p.resource_version, int, help="version of the resource's parameters"
    ),
    Column("theoretical_gj_ha", _density("theoretical"), float, GJ_HA, _("GJ/ha/yr")),
    Column("technical_gj_ha", _density("technical"), float, GJ_HA, _("GJ/ha/yr")),
    Column("economic_gj_ha", _density("economic"), float, GJ_HA, _("GJ/ha/yr"), nullable=True),
    *(
        Column(
            f"{kind}_{unit}_p{p}",
            _percentile(f"{kind}_{unit}_p{p}"),
            float,
            T if unit == "t" else PJ,
            _("t DM/yr") if unit == "t" else _("PJ/yr"),
            nullable=True,
            help=f"{p}th percentile of the Monte Carlo (docs/design.md, Uncertainty)",
        )
        for kind, unit, p in PERCENTILE_COLUMNS
    ),
)
FIELDS: tuple[str, ...] = tuple(c.name for c in COLUMNS)
STABLE_FIELDS = FIELDS[:10]
UNITS: dict[str, str] = {c.name: c.unit for c in COLUMNS if c.unit}


def potential_row(potential) -> dict:
    """One stored potential as a flat dict, in column order."""
    return {column.name: column.get(potential) for column in COLUMNS}


def columns_for_display() -> dict[str, dict]:
    """{column: {unit, label}} for the pages' JavaScript (labels in the active language)."""
    return {c.name: {"unit": c.unit, "label": str(c.label)} for c in COLUMNS if c.unit}
