/* Why a map view is empty: every region without data, or every region at 0. For an economic
   potential of 0 the reason is worked out from the scenario's price and costs (the rule of
   biomass/engine/analysis.py reach_km): the distance that the price pays for is shorter than
   the first step of the distance layer, or collection alone costs the price. */

import { _, fill, formatNumber } from "./format.js";

// "missing" (no region has a value), "zero" (every value is 0) or "" (something to show).
export function emptiness(values) {
  const numbers = Object.values(values)
    .map((entry) => entry.value)
    .filter((v) => v !== null && v !== undefined);
  if (numbers.length === 0) return "missing";
  return numbers.every((v) => v === 0) ? "zero" : "";
}

function parameter(resource, name, parameterCase) {
  const found = ((resource && resource.parameters) || []).find((p) => p.name === name);
  return found ? found[parameterCase] : null;
}

// The economic reason for a resource in a scenario, or "" when the costs do not explain it.
function economicReason(scenario, resource, step) {
  const budget = scenario.price_usd_t - scenario.collection_cost_usd_t;
  const numbers = {
    scenario: scenario.name,
    price: formatNumber(scenario.price_usd_t),
    collection: formatNumber(scenario.collection_cost_usd_t),
  };
  if (budget <= 0) {
    return fill(
      _("in the %(scenario)s scenario collection alone (%(collection)s USD/t DM) costs the price (%(price)s USD/t DM) or more."),
      numbers,
    );
  }
  const dryMatter = parameter(resource, "dry_matter", scenario.parameter_case) || 1;
  const perKm = (scenario.transport_cost_usd_t_km * scenario.tortuosity) / dryMatter;
  if (!(perKm > 0) || !step) return "";
  const reach = budget / perKm;
  if (reach >= step) return "";
  return fill(
    _(
      "in the %(scenario)s scenario the price (%(price)s USD/t DM) leaves %(budget)s USD/t DM over collection (%(collection)s USD/t DM); " +
        "hauling this resource (%(dm)s % dry matter) costs %(perkm)s USD/t DM per km, so the price pays for %(reach)s km, " +
        "less than the first distance step (%(step)s km): no cell is within reach.",
    ),
    {
      ...numbers,
      budget: formatNumber(budget),
      dm: formatNumber(dryMatter * 100),
      perkm: formatNumber(perKm),
      reach: formatNumber(reach, 2),
      step: formatNumber(step),
    },
  );
}

/* The sentence for the legend ("" when the view is not empty). state: the store's state;
   kind: "missing" or "zero"; catalogue: resources, scenarios, layers and their names;
   stored: false for a what-if or a difference (their parameters are not the scenario's). */
export function whyEmpty({ state, kind, catalogue, stored }) {
  if (!kind) return "";
  const names = {
    resource: state.resource === "all" ? _("all resources") : catalogue.resourceName(state.resource),
    scenario: catalogue.scenarioName(state.scenario),
  };
  if (kind === "missing") {
    return fill(_("No data for %(resource)s in the %(scenario)s scenario: no region has a value."), names);
  }
  const scenario = catalogue.scenarios.find((s) => s.slug === state.scenario);
  const resource = catalogue.resources.find((r) => r.slug === state.resource);
  const cost = catalogue.layers.find((l) => l.role === "cost");
  if (state.kind === "economic" && stored && scenario && resource) {
    const reason = economicReason(scenario, resource, cost && cost.bin_width);
    if (reason) return _("The economic potential is 0 in every region: ") + reason;
  }
  if (state.kind === "economic") {
    return _("The economic potential is 0 in every region: no technical potential lies within the distance that the price pays for.");
  }
  return fill(
    _("The potential is 0 in every region for %(resource)s in the %(scenario)s scenario: the scenario's constraints (slope, land cover) exclude every cell where it grows, or it is not produced."),
    names,
  );
}
