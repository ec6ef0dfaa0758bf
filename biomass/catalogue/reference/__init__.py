"""Reference data that a freshly migrated database already holds: the resource catalogue
(each parameter with its source, or marked as an assumption) and the default scenarios, kept
as data files beside this module (``resources.json``, ``scenarios.json``): edit those, then
run ``manage.py load_reference_data``.

The loaders take the model classes as arguments so that a data migration can call them with
historical models; ``catalogue.services.reference_data_load`` calls them with the current
ones, then raises the versions of what changed and recomputes its potentials. Both are
idempotent: rows are created or updated by slug; a reference resource's parameters are those
its file lists (a parameter withdrawn from the file is deleted), nothing else is deleted.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .technologies import load_tariffs, load_technologies

__all__ = ["load_tariffs", "load_technologies"]

HERE = Path(__file__).resolve().parent
# A scenario's economic parameters (the keys of catalogue.models.ECONOMIC_UNITS; listed here
# because a data migration imports this module without the app's models).
ECONOMIC_FIELDS = (
    "collection_cost_usd_t",
    "transport_cost_usd_t_km",
    "tortuosity",
    "efficiency_electric",
    "efficiency_thermal",
    "capacity_factor",
    "digestion_efficiency_electric",
    "digestion_efficiency_thermal",
    "digestion_capacity_factor",
    "price_usd_t",
    "discount_rate",
)
CASES = ("low", "central", "high")
RESOURCE_FIELDS = ("name_es", "name_en", "category", "route", "product_es", "product_en")
# Fields added after the first data migration, with the value a resource has when the data
# file does not say (a historical model without the field skips it).
RESOURCE_DEFAULTS = {"counted_in_totals": True}
SCENARIO_FIELDS = (
    "name_es",
    "name_en",
    "description_es",
    "description_en",
    "sort_order",
    "parameter_case",
    "constraints",
    *ECONOMIC_FIELDS,
)


def read(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@cache
def constant(name: str) -> float:
    """A physical constant of the catalogue (``constants`` in resources.json)."""
    return float(read("resources.json")["constants"][name]["value"])


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool]:
    """Create or update one row; True when anything was created or changed."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(row, k, v)
        row.save(update_fields=list(changed))
    return row, bool(changed)


def load_resources(Resource, ResourceParameter) -> list[str]:
    """Create or update every resource and its parameters; the slugs of the resources that
    were created or changed."""
    changed = []
    for item in read("resources.json")["resources"]:
        resource, touched = _upsert(Resource, {"slug": item["slug"]}, _resource_values(Resource, item))
        for name, value in item["parameters"].items():
            values = {
                "unit": value["unit"],
                **{case: value[case] for case in CASES},
                "source": value["source"],
                "is_assumption": bool(value["assumption"] or not value["source"]),
                "note": value["note"],
            }
            if "distribution" in {f.name for f in ResourceParameter._meta.get_fields()}:
                values["distribution"] = value.get("distribution", "triangular")
            _, param_touched = _upsert(ResourceParameter, {"resource": resource, "name": name}, values)
            touched = touched or param_touched
        # A parameter the file no longer lists was withdrawn (e.g. a heating value of a resource
        # now digested): the file is the truth for the reference resources.
        dropped, _ = (
            ResourceParameter.objects.filter(resource=resource).exclude(name__in=item["parameters"]).delete()
        )
        touched = touched or bool(dropped)
        if touched:
            changed.append(resource.slug)
    return changed


def _resource_values(Resource, item: dict) -> dict:
    known = {f.name for f in Resource._meta.get_fields()}
    later = {k: item.get(k, default) for k, default in RESOURCE_DEFAULTS.items() if k in known}
    return {k: item[k] for k in RESOURCE_FIELDS} | later


def load_scenarios(Scenario) -> list[str]:
    """Create or update the default scenarios; the slugs of those created or changed."""
    data = read("scenarios.json")
    changed = []
    for item in data["scenarios"]:
        known = {f.name for f in Scenario._meta.get_fields()}
        values = {field: item[field] for field in SCENARIO_FIELDS if field in known}
        values["sources"] = data["sources"]
        _, touched = _upsert(Scenario, {"slug": item["slug"]}, values)
        if touched:
            changed.append(item["slug"])
    return changed


COMMODITY_FIELDS = ("name_es", "name_en", "unit", "basis_es", "basis_en", "note")


def commodity_allocation(data: dict, rule: str) -> dict:
    """The allocation of a commodity as stored: its rule's weights and source, and the
    fallback weights."""
    rules = data["allocation_rules"]
    return {"rule": rule, **rules[rule], "fallback": rules["fallback"]["weights"]}


def load_commodities(Commodity, CommodityYield, Resource) -> list[str]:
    """Create or update every commodity and the resources it yields; the slugs of the
    commodities that were created or changed."""
    data = read("commodities.json")
    changed = []
    for item in data["commodities"]:
        values = {k: item[k] for k in COMMODITY_FIELDS} | {
            "allocation": commodity_allocation(data, item["allocation"])
        }
        commodity, touched = _upsert(Commodity, {"slug": item["slug"]}, values)
        for entry in item["yields"]:
            resource = Resource.objects.get(slug=entry["resource"])
            values = {
                "factor": entry["factor"],
                "unit": entry["unit"],
                "source": entry["source"],
                "is_assumption": bool(entry["assumption"]),
                "note": entry["note"],
            }
            _, yield_touched = _upsert(CommodityYield, {"commodity": commodity, "resource": resource}, values)
            touched = touched or yield_touched
        if touched:
            changed.append(commodity.slug)
    return changed
