"""What-if: every region's potentials recomputed at once under changed assumptions — the
availability of any resource, the price and costs, the constraint thresholds — from the
cached sums, nothing stored. The same formulas as the stored potentials (services._rows):
with no change, a what-if equals the stored scenario to the last digit."""

from __future__ import annotations

import copy
import math

from django.core.exceptions import ValidationError

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.selectors import scenario_get
from biomass.engine.constraints import CONTINUOUS
from biomass.engine.potentials import evaluate
from biomass.errors import InvalidInput
from biomass.layers.selectors import current_resource_layers
from biomass.regions.models import Region

from . import compute
from .columns import gj_per_ha

# What a visitor may change, with its allowed range (inclusive) and unit.
LIMITS = {
    "price_usd_t": (0.0, 1000.0, "USD/t DM"),
    "collection_cost_usd_t": (0.0, 1000.0, "USD/t DM"),
    "transport_cost_usd_t_km": (0.0, 10.0, "USD/(t·km), t as collected"),
    "tortuosity": (1.0, 3.0, "road km per straight-line km"),
    "discount_rate": (0.0, 0.5, "fraction per year (real terms)"),
}
QUANTITIES = ("theoretical_t", "technical_t", "economic_t", "theoretical_pj", "technical_pj", "economic_pj")
KINDS = ("theoretical", "technical", "economic")


def whatif_scenario(*, base: str, changes: dict) -> Scenario:
    """An unsaved copy of scenario ``base`` with ``changes``: {"availability": {slug: 0-1},
    "constraints": {layer slug: rule}, and any of LIMITS}. A value out of range, an unknown
    resource or constraint layer, or a threshold off the layer's bins is InvalidInput naming
    the field."""
    scenario = copy.copy(scenario_get(slug=base, parameter=True))
    scenario.pk = None
    unknown = set(changes) - {"availability", "constraints", *LIMITS}
    if unknown:
        raise InvalidInput(
            "cannot change %(names)s", field=sorted(unknown)[0], params={"names": ", ".join(sorted(unknown))}
        )
    for name, (low, high, unit) in LIMITS.items():
        if name in changes:
            setattr(scenario, name, _number(changes[name], name, low, high, unit))
    availability = changes.get("availability", {})
    if not isinstance(availability, dict):
        raise InvalidInput("expected {resource slug: factor}", field="availability")
    known = set(Resource.objects.values_list("slug", flat=True))
    for slug, value in availability.items():
        if slug not in known:
            raise InvalidInput(
                "unknown resource %(slug)r", field=f"availability.{slug}", params={"slug": slug}
            )
        availability[slug] = _number(value, f"availability.{slug}", 0.0, 1.0, "a share")
    scenario.availability_overrides = {**(scenario.availability_overrides or {}), **availability}
    if "constraints" in changes:
        scenario.constraints = {**(scenario.constraints or {}), **_constraints(changes["constraints"])}
    return scenario


def _number(value, field: str, low: float, high: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput("%(field)s must be a number", field=field, params={"field": field})
    if not low <= value <= high:
        raise InvalidInput(
            "%(field)s must be within %(low)s–%(high)s (%(unit)s), got %(value)s",
            field=field,
            params={"field": field, "low": low, "high": high, "unit": unit, "value": value},
        )
    return float(value)


def _constraints(rules) -> dict:
    """Rules checked against the loaded constraint layers: a maximum on the layer's bins for a
    continuous layer, classes to exclude for a categorical one."""
    if not isinstance(rules, dict):
        raise InvalidInput("expected {constraint layer slug: rule}", field="constraints")
    axes = {axis.name: axis for axis in compute.constraint_cube().axes}
    for slug, rule in rules.items():
        field = f"constraints.{slug}"
        if slug not in axes:
            raise InvalidInput("no constraint layer %(slug)r", field=field, params={"slug": slug})
        _rule(axes[slug], rule, field)
        try:
            axes[slug].passes(rule)
        except InvalidInput as error:
            raise InvalidInput(error.template, field=field, params=error.params) from None
    return rules


def _rule(axis, rule, field: str) -> None:
    """A rule the layer understands, with values of the right type: a number for "max" on a
    continuous layer; a list of the layer's classes for "exclude"/"include" on a categorical
    one; "keep" or "exclude" for "nodata"."""
    allowed = {"max", "nodata"} if axis.kind == CONTINUOUS else {"exclude", "include", "nodata"}
    if not isinstance(rule, dict) or not rule or not set(rule) <= allowed:
        shape = '{"max": number}' if axis.kind == CONTINUOUS else '{"exclude": [classes]}'
        raise InvalidInput("expected %(shape)s for this layer", field=field, params={"shape": shape})
    if "max" in rule:
        value = rule["max"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
            raise InvalidInput("expected a number of at least 0, in the layer's unit", field=f"{field}.max")
    for key in ("exclude", "include"):
        if key in rule:
            classes = rule[key]
            if not isinstance(classes, list) or any(
                isinstance(c, bool) or not isinstance(c, int) for c in classes
            ):
                raise InvalidInput("expected a list of whole class numbers", field=f"{field}.{key}")
            unknown = sorted(set(classes) - set(axis.classes))
            if unknown:
                raise InvalidInput(
                    "not classes of this layer: %(classes)s",
                    field=f"{field}.{key}",
                    params={"classes": ", ".join(map(str, unknown))},
                )
    if rule.get("nodata", "keep") not in ("keep", "exclude"):
        raise InvalidInput('expected "keep" or "exclude"', field=f"{field}.nodata")


def whatif_potentials(*, scenario: Scenario, level: str = "country") -> dict:
    """Every region of ``level`` × resource under the (unsaved) scenario, and the totals of the
    resources counted in totals. Regions without data for a resource have no row."""
    if level not in Region.Level.values:
        raise InvalidInput("unknown level %(level)r", field="level", params={"level": level})
    try:
        scenario.clean_fields(exclude=["slug", "name_es", "name_en"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(
            "%(field)s: %(problem)s", field=field, params={"field": field, "problem": str(messages[0])}
        ) from None
    cube = compute.constraint_cube()
    mask = compute.scenario_mask(scenario, cube)
    rows, totals = [], {}
    areas = dict(Region.objects.filter(level=level).values_list("code", "area_km2"))
    zones = {name: compute.level_zones(name) for name in compute.LEVELS}
    for layer in sorted(current_resource_layers(), key=lambda layer: layer.resource.slug):
        sums = compute.layer_sums(layer.current_version, cube, zones=zones)
        factors = compute.resource_factors(layer.resource, scenario, layer.quantity)
        economic = compute.economic_mask(scenario, sums.cube, mask, factors.dry_matter)
        for result in evaluate(sums.levels[level], factors, mask, economic):
            if result.coverage == 0:
                continue
            row = {"region_code": result.code, "resource": layer.resource.slug, "coverage": result.coverage}
            row |= {q: getattr(result, q) for q in QUANTITIES}
            row |= {f"{kind}_gj_ha": gj_per_ha(row[f"{kind}_pj"], areas.get(result.code)) for kind in KINDS}
            rows.append(row)
            if layer.resource.counted_in_totals:
                total = totals.setdefault(result.code, dict.fromkeys(QUANTITIES))
                for q in QUANTITIES:
                    if row[q] is not None:
                        total[q] = (total[q] or 0.0) + row[q]
    return {
        "rows": rows,
        "totals": [
            {"region_code": code, **values}
            | {f"{kind}_gj_ha": gj_per_ha(values[f"{kind}_pj"], areas.get(code)) for kind in KINDS}
            for code, values in sorted(totals.items())
        ],
    }


def scenario_values(scenario: Scenario) -> dict:
    """What a what-if ran with: the base scenario, its economic values and rules."""
    return {
        "base": scenario.slug,
        "parameter_case": scenario.parameter_case,
        "availability_overrides": scenario.availability_overrides,
        "constraints": scenario.constraints,
        **{name: getattr(scenario, name) for name in LIMITS},
    }
