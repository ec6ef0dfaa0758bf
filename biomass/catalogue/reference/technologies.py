"""The conversion technologies and the reference tariffs (``technologies.json``): what each
parameter must be (its unit, its bounds), the check of a technology's parameters that both
the model's ``clean()`` and the loader run, and the idempotent loaders (by slug, by country)
that a data migration calls with historical models. No Django import."""

from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = ("low", "central", "high")
ROUTES = ("combustion", "biogas")
# Each parameter: its unit and its bounds. "share": above 0 and at most 1; "share0": 0 to 1
# (a power-only plant's thermal efficiency is 0); "positive": above 0; "not_negative": 0 or more.
PARAMETERS = {
    "capex_usd_per_kw": ("USD/kW", "positive"),
    "scale_exponent": ("dimensionless", "share"),
    "fixed_om_share": ("fraction of capex per year", "share"),
    "variable_om_usd_mwh": ("USD/MWh", "not_negative"),
    "efficiency_electric": ("fraction", "share"),
    "efficiency_thermal": ("fraction", "share0"),
    "capacity_factor": ("fraction", "share"),
    "lifetime_years": ("years", "positive"),
    "heat_exergy_factor": ("fraction", "share"),
}
BOUNDS = {
    "share": (lambda v: 0 < v <= 1, "above 0 and at most 1"),
    "share0": (lambda v: 0 <= v <= 1, "within 0 and 1"),
    "positive": (lambda v: v > 0, "above 0"),
    "not_negative": (lambda v: v >= 0, "0 or more"),
}
TECHNOLOGY_FIELDS = (
    "name_es",
    "name_en",
    "routes",
    "produces_heat",
    "min_mw",
    "max_mw",
    "reference_mw",
    "parameters",
    "description_es",
    "description_en",
    "sort_order",
)
TARIFF_FIELDS = ("electricity_usd_mwh", "heat_usd_mwh", "year", "source", "is_assumption", "note")


class TechnologyError(ValueError):
    """A technology's data are wrong: the message names the technology and the parameter,
    ``field`` the model field."""

    def __init__(self, message: str, field: str = "parameters"):
        super().__init__(message)
        self.field = field


def read() -> dict:
    return json.loads((HERE / "technologies.json").read_text(encoding="utf-8"))


def validate_technology(slug: str, item: dict) -> None:
    """Raise TechnologyError unless the routes are known, min ≤ reference ≤ max MW, and every
    parameter of PARAMETERS is there with numbers low ≤ central ≤ high within its bounds, the
    unit expected, and a source (or marked as an assumption); a plant without heat has a
    thermal efficiency of 0, one with heat above 0; electric + thermal efficiency ≤ 1."""
    routes = item.get("routes")
    if not isinstance(routes, list) or not routes or set(routes) - set(ROUTES):
        raise TechnologyError(f"{slug}: routes must be a list of {', '.join(ROUTES)}", "routes")
    sizes = [item.get(k) for k in ("min_mw", "reference_mw", "max_mw")]
    if not all(_number(v) for v in sizes) or not 0 < sizes[0] <= sizes[1] <= sizes[2]:
        raise TechnologyError(f"{slug}: sizes must be 0 < min_mw ≤ reference_mw ≤ max_mw", "reference_mw")
    parameters = item.get("parameters")
    if not isinstance(parameters, dict):
        raise TechnologyError(f"{slug}: parameters must be an object")
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise TechnologyError(f"{slug}.{unknown[0]}: unknown parameter")
    for name in PARAMETERS:
        _check_parameter(slug, name, parameters.get(name))
    thermal = parameters["efficiency_thermal"]
    if bool(item.get("produces_heat")) != (thermal["central"] > 0):
        raise TechnologyError(
            f"{slug}.efficiency_thermal: must be above 0 exactly when the technology produces heat"
        )
    if not item.get("produces_heat") and thermal["high"] > 0:
        raise TechnologyError(f"{slug}.efficiency_thermal: must be 0 for a power-only technology")
    for case in CASES:
        if parameters["efficiency_electric"][case] + thermal[case] > 1:
            raise TechnologyError(
                f"{slug}.efficiency_thermal: electric + thermal efficiency above 1 ({case})"
            )


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_parameter(slug: str, name: str, value) -> None:
    where = f"{slug}.{name}"
    if not isinstance(value, dict):
        raise TechnologyError(f"{where}: missing")
    unit, bounds = PARAMETERS[name]
    if value.get("unit") != unit:
        raise TechnologyError(f"{where}: unit must be {unit!r}, not {value.get('unit')!r}")
    if not all(_number(value.get(case)) for case in CASES):
        raise TechnologyError(f"{where}: low, central and high must be numbers")
    low, central, high = (value[case] for case in CASES)
    if not low <= central <= high:
        raise TechnologyError(f"{where}: the values must be ordered: low ≤ central ≤ high")
    test, words = BOUNDS[bounds]
    if not (test(low) and test(high)):
        raise TechnologyError(f"{where}: must be {words}")
    if not isinstance(value.get("is_assumption"), bool):
        raise TechnologyError(f"{where}: is_assumption must be true or false")
    if not str(value.get("source") or "").strip():
        raise TechnologyError(f"{where}: a source is needed (for an assumption, its reasoning)")


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool]:
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for k, v in changed.items():
        setattr(row, k, v)
    if changed:
        row.save(update_fields=list(changed))
    return row, bool(changed)


def load_technologies(Technology) -> list[str]:
    """Create or update every technology of the file (each checked first); the slugs of those
    created or changed. Nothing else is deleted."""
    changed = []
    for item in read()["technologies"]:
        validate_technology(item["slug"], item)
        _, touched = _upsert(Technology, {"slug": item["slug"]}, {k: item[k] for k in TECHNOLOGY_FIELDS})
        if touched:
            changed.append(item["slug"])
    return changed


def load_tariffs(Tariff) -> list[str]:
    """Create or update the reference tariff of every country of the file; the country codes
    of those created or changed."""
    changed = []
    for item in read()["tariffs"]:
        _, touched = _upsert(Tariff, {"country": item["country"]}, {k: item[k] for k in TARIFF_FIELDS})
        if touched:
            changed.append(item["country"])
    return changed
