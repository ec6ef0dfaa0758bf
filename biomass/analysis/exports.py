"""The supply-cost curve of an analysis as CSV."""

from __future__ import annotations

import csv
import io

CURVE_FIELDS = ("cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj", "resource")


def supply_curve_csv(result: dict) -> str:
    """One line per point of ``result["supply_curve"]``, full precision."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CURVE_FIELDS)
    for point in result["supply_curve"]:
        writer.writerow([_cell(point.get(k)) for k in CURVE_FIELDS])
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)


PLANT_HEADER = ("name", "value", "unit", "source")
SIZE_FIELDS = ("mw", "supplied", "lcoe_usd_mwh", "lcoh_usd_mwh", "radius_km", "average_usd_gj")
SIZE_FIELDS += ("marginal_usd_gj", "capital_usd_per_kw", "fuel_gj")


def plant_csv(result: dict) -> str:
    """One line per input and result of a plant evaluation: name, value, unit, source."""
    units, rows = result["units"], []
    for name, value in result["technology"]["inputs"].items():
        source = value["source"] + (" (assumption)" if value["is_assumption"] else "")
        rows.append((f"input.{name}", value["central"], value["unit"], source))
    scenario = result["scenario"]
    rows.append(
        (
            "input.discount_rate",
            scenario["discount_rate"],
            units["discount_rate"],
            scenario["discount_rate_source"],
        )
    )
    tariff = result["tariff"]
    rows.append(
        (
            "tariff.electricity_usd_mwh",
            tariff["electricity_usd_mwh"],
            units["electricity_usd_mwh"],
            tariff["source"],
        )
    )
    rows.append(("tariff.heat_usd_mwh", tariff["heat_usd_mwh"], units["heat_usd_mwh"], tariff["heat_source"]))
    for name, value in result["plant"].items():
        rows.append((f"plant.{name}", value, units.get(name, _PLANT_UNITS.get(name)), None))
    for name in ("radius_km", "average_usd_gj", "marginal_usd_gj"):
        rows.append((f"fuel.{name}", result["fuel"][name], units[name], None))
    rows.append(("fuel.supplied", result["fuel"]["supplied"], None, None))
    for share in result["fuel"]["resources"]:
        rows.append((f"fuel.share.{share['resource']}", share["share"], units["share"], None))
    for name in ("lcoe_usd_mwh", "lcoh_usd_mwh"):
        for suffix in ("", "_p10", "_p50", "_p90"):
            rows.append((name + suffix, result[name + suffix], units[name], None))
    for name in ("npv_usd", "simple_payback_years"):
        rows.append((name, result[name], units[name], None))
    return _table(PLANT_HEADER, rows)


_PLANT_UNITS = {"electricity_share": "fraction of the annual cost", "lifetime_years": "years"}


def plant_sizes_csv(result: dict) -> str:
    """One line per size; the header names each column's unit."""
    units = result["units"]
    header = [f"{name} [{units[name]}]" if name in units else name for name in SIZE_FIELDS]
    return _table(header, [[row[name] for name in SIZE_FIELDS] for row in result["sizes"]])


def _table(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()
