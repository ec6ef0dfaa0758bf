/* The rows of the plant economics table (#plant-table) and of its inputs (#plant-inputs), from
   the answer of /api/analysis/plant: every number with its unit, "no data" where the API has
   none (null), never 0. Each row has data-field (the API's field) and its cell data-value. */

import { h } from "./dom.js";
import { _, fill, formatNumber } from "./format.js";

const GJ_PER_PJ = 1e6;
// The technologies' parameters, as the methodology page names them (biomass_tags.py).
const INPUT_LABELS = {
  capex_usd_per_kw: () => _("Capital cost at the reference size"),
  scale_exponent: () => _("Economy-of-scale exponent"),
  fixed_om_share: () => _("Fixed O&M"),
  variable_om_usd_mwh: () => _("Variable O&M"),
  efficiency_electric: () => _("Electric efficiency"),
  efficiency_thermal: () => _("Thermal efficiency"),
  capacity_factor: () => _("Capacity factor"),
  lifetime_years: () => _("Lifetime"),
  heat_exergy_factor: () => _("Heat exergy factor"),
};

const known = (x) => x !== null && x !== undefined;
// A number and its unit, or "no data" (no unit: nothing is measured).
const withUnit = (x, unit) => (known(x) ? formatNumber(x) + " " + unit : _("no data"));

function row(field, name, value, text, extra) {
  return h(
    "tr",
    { dataset: { field } },
    h("th", { scope: "row" }, name),
    h("td", { dataset: { value: String(known(value) ? value : "") } }, text, extra ? [h("br"), h("small", null, extra)] : null),
  );
}

// Fuel in PJ/yr from 1 PJ up, else in GJ/yr.
function fuelText(gj) {
  if (!known(gj)) return _("no data");
  return gj >= GJ_PER_PJ ? formatNumber(gj / GJ_PER_PJ) + " PJ/" + _("yr") : formatNumber(gj) + " GJ/" + _("yr");
}

// "P10–P90: a–b USD/MWh" of a levelised cost, or nothing without the range.
function range(answer, key) {
  const low = answer[key + "_p10"];
  const high = answer[key + "_p90"];
  if (!known(low) || !known(high)) return null;
  return fill(_("P10–P90: %(low)s–%(high)s"), { low: formatNumber(low), high: formatNumber(high) }) + " USD/MWh";
}

// A source, "assumption: …" when it is one (once: most sources say so already).
function labelled(source, isAssumption) {
  if (!isAssumption) return source || _("no data");
  const word = _("assumption");
  if (source && [word, "assumption"].some((w) => source.toLowerCase().startsWith(w.toLowerCase()))) return source;
  return source ? word + ": " + source : word;
}

// Short: the source in full is among the inputs (tariffInput).
function tariffNote(tariff) {
  if (tariff.given_by_user) return _("given by you");
  if (tariff.is_assumption) return _("assumption");
  return [tariff.source, tariff.year].filter(Boolean).join(", ");
}

function sourcedRow(field, name, value, text, source) {
  return h(
    "tr",
    { dataset: { field } },
    h("th", { scope: "row" }, name),
    h("td", { dataset: { value: String(value) } }, text, h("br"), h("small", null, source)),
  );
}

// The scenario's discount rate and the reference tariff (none when given by the user) among
// the inputs, with their sources in full.
export function siteInputs({ scenario, tariff }) {
  const rows = [];
  if (known(scenario.discount_rate)) {
    const text = formatNumber(scenario.discount_rate * 100) + " %/" + _("yr");
    rows.push(sourcedRow("discount_rate", _("Discount rate"), scenario.discount_rate, text, scenario.discount_rate_source || _("no data")));
  }
  if (!tariff.given_by_user && known(tariff.electricity_usd_mwh)) {
    const name = _("Electricity tariff") + (tariff.country ? " (" + tariff.country + ")" : "");
    const source = labelled([tariff.source, tariff.year].filter(Boolean).join(", "), tariff.is_assumption);
    rows.push(sourcedRow("tariff", name, tariff.electricity_usd_mwh, withUnit(tariff.electricity_usd_mwh, "USD/MWh"), source));
  }
  return rows;
}

export function plantRows(answer) {
  const { plant, fuel, tariff, technology } = answer;
  const year = "/" + _("yr");
  const heat = technology.produces_heat;
  const rows = [
    row("technology", _("Technology"), technology.slug, technology.name),
    row("mw_electric", _("Plant size"), plant.mw_electric, withUnit(plant.mw_electric, "MW")),
    row("electricity_mwh", _("Electricity"), plant.electricity_mwh, withUnit(plant.electricity_mwh, "MWh" + year)),
    heat ? row("heat_mwh", _("Useful heat"), plant.heat_mwh, withUnit(plant.heat_mwh, "MWh" + year)) : null,
    row("fuel_gj", _("Fuel needed"), plant.fuel_gj, fuelText(plant.fuel_gj)),
    row("radius_km", _("Radius of supply"), fuel.radius_km, withUnit(fuel.radius_km, "km")),
    row("average_usd_gj", _("Delivered fuel cost, average"), fuel.average_usd_gj, withUnit(fuel.average_usd_gj, "USD/GJ")),
    row("marginal_usd_gj", _("Delivered fuel cost, marginal"), fuel.marginal_usd_gj, withUnit(fuel.marginal_usd_gj, "USD/GJ")),
    row("capital_usd", _("Capital cost"), plant.capital_usd, withUnit(plant.capital_usd, "USD"),
      known(plant.capital_usd_per_kw) ? "(" + withUnit(plant.capital_usd_per_kw, "USD/kW") + ")" : null),
    row("annual_cost_usd", _("Annual cost"), plant.annual_cost_usd, withUnit(plant.annual_cost_usd, "USD" + year)),
    row("lcoe_usd_mwh", _("Levelised cost of electricity (LCOE)"), answer.lcoe_usd_mwh, withUnit(answer.lcoe_usd_mwh, "USD/MWh"), range(answer, "lcoe_usd_mwh")),
    heat ? row("lcoh_usd_mwh", _("Levelised cost of heat (LCOH)"), answer.lcoh_usd_mwh, withUnit(answer.lcoh_usd_mwh, "USD/MWh"), range(answer, "lcoh_usd_mwh")) : null,
    row("tariff_electricity", _("Electricity tariff"), tariff.electricity_usd_mwh,
      withUnit(tariff.electricity_usd_mwh, "USD/MWh"), known(tariff.electricity_usd_mwh) ? "(" + tariffNote(tariff) + ")" : null),
    heat ? row("tariff_heat", _("Heat price"), tariff.heat_usd_mwh, withUnit(tariff.heat_usd_mwh, "USD/MWh")) : null,
    row("discount_rate", _("Discount rate"), answer.scenario.discount_rate,
      known(answer.scenario.discount_rate) ? formatNumber(answer.scenario.discount_rate * 100) + " %" : _("no data")),
    row("npv_usd", _("Net present value"), answer.npv_usd, withUnit(answer.npv_usd, "USD")),
    row("simple_payback_years", _("Simple payback"), answer.simple_payback_years, withUnit(answer.simple_payback_years, _("years"))),
  ];
  return rows.filter(Boolean);
}

// Shares shown in percent (the API gives fractions); the other units as they are.
const FRACTIONS = new Set(["fraction", "fraction of capex per year"]);

function unitOf(unit) {
  if (FRACTIONS.has(unit)) return { scale: 100, text: unit === "fraction" ? "%" : "%/" + _("yr") };
  if (unit === "dimensionless") return { scale: 1, text: "" };
  return { scale: 1, text: unit === "years" ? _("years") : unit };
}

// The technology's inputs: the central value used (low–high) with its unit, and its source.
export function inputRows(inputs) {
  return Object.entries(inputs || {}).map(([name, p]) => {
    const label = INPUT_LABELS[name] ? INPUT_LABELS[name]() : name === "reference_mw" ? _("Reference size") : name;
    const central = known(p.central) ? p.central : p.value;
    const { scale, text } = unitOf(p.unit);
    const spread = known(p.low) && known(p.high) && p.low !== p.high ? " (" + formatNumber(p.low * scale) + "–" + formatNumber(p.high * scale) + ")" : "";
    const value = (known(central) ? formatNumber(central * scale) + spread + (text ? " " + text : "") : _("no data"));
    return h(
      "tr",
      { dataset: { field: name } },
      h("th", { scope: "row" }, label),
      h("td", { dataset: { value: String(known(central) ? central : "") } }, value, h("br"), h("small", null, labelled(p.source, p.is_assumption))),
    );
  });
}
