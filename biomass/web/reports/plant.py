"""The site report's plant economics (issue 18): the table of a plant at the site
(``plant_evaluation``), every number with its unit, "no data" where there is none; the
technology's inputs with their units and sources; the LCOE against size (``plant_size_curve``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.platypus import Flowable

from biomass.analysis.plant import plant_evaluation, plant_size_curve
from biomass.web.templatetags.biomass_tags import TECHNOLOGY_LABELS, num, technology_label

from . import charts, pdf

GJ_PER_PJ = 1e6
# Shares shown in percent (the API gives fractions).
FRACTIONS = ("fraction", "fraction of capex per year")


def amount(value, unit: str) -> str:
    """ "12.3 USD/MWh", or "no data" (no unit: nothing is measured)."""
    return num(None) if value is None else f"{num(value)} {unit}"


def fuel_text(gj) -> str:
    if gj is None:
        return num(None)
    return amount(gj / GJ_PER_PJ, f"PJ/{_('yr')}") if gj >= GJ_PER_PJ else amount(gj, f"GJ/{_('yr')}")


def spread(evaluation: dict, key: str) -> str:
    low, high = evaluation.get(f"{key}_p10"), evaluation.get(f"{key}_p90")
    if low is None or high is None:
        return ""
    return f" (P10–P90: {num(low)}–{num(high)} USD/MWh)"


def labelled(source: str | None, is_assumption) -> str:
    """A source, "assumption: …" when it is one (once: most sources say so already)."""
    word = _("assumption")
    if not is_assumption:
        return source or num(None)
    if source and source.lower().startswith((word.lower(), "assumption")):
        return source
    return f"{word}: {source}" if source else word


def tariff_text(tariff: dict) -> str:
    value = amount(tariff["electricity_usd_mwh"], "USD/MWh")
    if tariff["electricity_usd_mwh"] is None:
        return value
    if tariff["given_by_user"]:
        return f"{value} ({_('given by the user')})"
    if tariff["is_assumption"]:
        return f"{value} ({_('assumption')})"  # the source in full: among the inputs
    return f"{value} ({', '.join(str(x) for x in (tariff['source'], tariff['year']) if x)})"


def plant_rows(evaluation: dict) -> list[list[str]]:
    plant, fuel, tariff = evaluation["plant"], evaluation["fuel"], evaluation["tariff"]
    heat = evaluation["technology"]["produces_heat"]
    year = f"/{_('yr')}"
    rate = evaluation["scenario"]["discount_rate"]
    rows = [
        [_("Technology"), evaluation["technology"]["name"]],
        [_("Plant size"), amount(plant["mw_electric"], "MW")],
        [_("Electricity"), amount(plant["electricity_mwh"], "MWh" + year)],
        [_("Useful heat"), amount(plant["heat_mwh"], "MWh" + year)] if heat else None,
        [_("Fuel needed"), fuel_text(plant["fuel_gj"])],
        [_("Radius of supply"), amount(fuel["radius_km"], "km")],
        [_("Delivered fuel cost, average"), amount(fuel["average_usd_gj"], "USD/GJ")],
        [_("Delivered fuel cost, marginal"), amount(fuel["marginal_usd_gj"], "USD/GJ")],
        [
            _("Capital cost"),
            f"{amount(plant['capital_usd'], 'USD')} ({amount(plant['capital_usd_per_kw'], 'USD/kW')})",
        ],
        [_("Annual cost"), amount(plant["annual_cost_usd"], "USD" + year)],
        [
            _("Levelised cost of electricity (LCOE)"),
            amount(evaluation["lcoe_usd_mwh"], "USD/MWh") + spread(evaluation, "lcoe_usd_mwh"),
        ],
    ]
    if heat:
        rows.append(
            [
                _("Levelised cost of heat (LCOH)"),
                amount(evaluation["lcoh_usd_mwh"], "USD/MWh") + spread(evaluation, "lcoh_usd_mwh"),
            ]
        )
        rows.append([_("Heat price"), amount(tariff["heat_usd_mwh"], "USD/MWh")])
    rows += [
        [_("Electricity tariff"), tariff_text(tariff)],
        [_("Discount rate"), amount(None if rate is None else rate * 100, "%")],
        [_("Net present value"), amount(evaluation["npv_usd"], "USD")],
        [_("Simple payback"), amount(evaluation["simple_payback_years"], _("years"))],
    ]
    return [row for row in rows if row is not None]


def input_rows(technology: dict) -> list[list[str]]:
    """Each input: its name, central value (low–high) with its unit, its source."""
    rows = []
    for name, p in technology["inputs"].items():
        scale = 100 if p["unit"] in FRACTIONS else 1
        unit = {"fraction": "%", "fraction of capex per year": f"%/{_('yr')}", "dimensionless": ""}.get(
            p["unit"], _(p["unit"])
        )
        spread = "" if p["low"] == p["high"] else f" ({num(p['low'] * scale)}–{num(p['high'] * scale)})"
        value = f"{num(p['central'] * scale)}{spread} {unit}"
        source = labelled(p["source"], p["is_assumption"])
        label = technology_label(name) if name in TECHNOLOGY_LABELS else _("Reference size")
        rows.append([label, value.strip(), source])
    return rows


def site_input_rows(evaluation: dict) -> list[list[str]]:
    """The scenario's discount rate and the reference tariff (unless given), with their sources."""
    scenario, tariff = evaluation["scenario"], evaluation["tariff"]
    rows = []
    if scenario["discount_rate"] is not None:
        rate = f"{num(scenario['discount_rate'] * 100)} %/{_('yr')}"
        rows.append([_("Discount rate"), rate, scenario.get("discount_rate_source") or num(None)])
    if not tariff["given_by_user"] and tariff["electricity_usd_mwh"] is not None:
        source = ", ".join(str(x) for x in (tariff["source"], tariff["year"]) if x)
        name = (
            f"{_('Electricity tariff')} ({tariff['country']})"
            if tariff["country"]
            else _("Electricity tariff")
        )
        rows.append(
            [
                name,
                amount(tariff["electricity_usd_mwh"], "USD/MWh"),
                labelled(source, tariff["is_assumption"]),
            ]
        )
    return rows


def plant_section(evaluation: dict, sizes: dict) -> list[Flowable]:
    """The section: the table, the note, the size chart and the inputs with their sources."""
    title = f"{_('Plant economics')}: {evaluation['technology']['name']}"
    body = [pdf.table([_("Quantity"), _("Value")], plant_rows(evaluation), [0.45, 0.55], numeric_to=1)]
    if evaluation.get("note"):
        body.append(pdf.text(evaluation["note"]))
    flow = pdf.section(title, *body, split_below=pdf.TABLE_START)
    known = [p for p in sizes["sizes"] if p["lcoe_usd_mwh"] is not None]
    chart = (
        charts.size_chart(sizes["sizes"], sizes["best"], evaluation["plant"]["mw_electric"], pdf.WIDTH)
        if known
        else pdf.text(num(None))
    )
    flow += pdf.section(_("LCOE by plant size"), chart)
    header = [_("Input"), _("Value (low–high)"), _("Source")]
    flow += pdf.section(
        _("Inputs and their sources"),
        pdf.table(
            header,
            input_rows(evaluation["technology"]) + site_input_rows(evaluation),
            [0.3, 0.25, 0.45],
            numeric_to=1,
        ),
        split_below=pdf.TABLE_START,
    )
    return flow


def plant_for_report(params: dict) -> tuple[dict, dict] | None:
    """The plant and the size curve of a report's query (``site_report_params``), or None
    when it names no technology."""
    if not params.get("technology"):
        return None
    site = {"lon": params["lon"], "lat": params["lat"], "technology_slug": params["technology"]}
    site["scenario_slug"] = params["scenario"]
    evaluation = plant_evaluation(
        **site,
        mw=params["mw"],
        tariff_usd_mwh=params.get("tariff_usd_mwh"),
        heat_price_usd_mwh=params.get("heat_price_usd_mwh"),
    )
    return evaluation, plant_size_curve(**site)
