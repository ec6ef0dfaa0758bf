"""Reference data that a freshly migrated database already holds: the resource catalogue
(each parameter with its source, or marked as an assumption) and the default scenarios.

The loaders take the model classes as arguments so that a data migration can call them with
historical models; ``manage.py load_reference_data`` calls them with the current ones. Both
are idempotent: rows are created or updated by slug, nothing is deleted.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = ("low", "central", "high")


def read(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def load_resources(Resource, ResourceParameter) -> int:
    data = read("resources.json")
    for item in data["resources"]:
        resource, _ = Resource.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name_es": item["name_es"],
                "name_en": item["name_en"],
                "category": item["category"],
                "route": item["route"],
                "product_es": item["product_es"],
                "product_en": item["product_en"],
            },
        )
        for name, value in item["parameters"].items():
            ResourceParameter.objects.update_or_create(
                resource=resource,
                name=name,
                defaults={
                    "unit": value["unit"],
                    "low": value["low"],
                    "central": value["central"],
                    "high": value["high"],
                    "source": value["source"],
                    "is_assumption": bool(value["assumption"] or not value["source"]),
                    "note": value["note"],
                },
            )
    return len(data["resources"])


SCENARIO_FIELDS = (
    "name_es",
    "name_en",
    "description_es",
    "description_en",
    "sort_order",
    "parameter_case",
    "constraints",
    "collection_cost_usd_t",
    "transport_cost_usd_t_km",
    "tortuosity",
    "efficiency_electric",
    "efficiency_thermal",
    "capacity_factor",
    "price_usd_t",
)


def load_scenarios(Scenario) -> int:
    """Create the default scenarios; an existing scenario is updated (and its version
    raised) only when a value differs."""
    data = read("scenarios.json")
    for item in data["scenarios"]:
        values = {field: item[field] for field in SCENARIO_FIELDS}
        values["sources"] = data["sources"]
        scenario = Scenario.objects.filter(slug=item["slug"]).first()
        if scenario is None:
            Scenario.objects.create(slug=item["slug"], **values)
            continue
        if any(getattr(scenario, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(scenario, k, v)
            scenario.version += 1
            scenario.save()
    return len(data["scenarios"])
