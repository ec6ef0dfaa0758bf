/* "What if…" (#whatif): the scenario's price, costs, slope limit and the availability of the
   resource shown, changed by anyone; every region recomputed on the server at once, nothing
   stored. Staff may save the change as a new scenario. While a what-if is on, the map shows
   its numbers (data-whatif="on" on the map element) until "back to the stored scenario". */

import { _, fill, formatNumber } from "./format.js";

const NUMBERS = ["price_usd_t", "collection_cost_usd_t", "transport_cost_usd_t_km", "tortuosity"];

// The constraint layer a scenario limits by a maximum (the slope), and that maximum.
function maxRule(scenario) {
  const entry = Object.entries(scenario.constraints || {}).find(([, rule]) => rule && rule.max !== undefined);
  return entry ? { layer: entry[0], max: entry[1].max } : null;
}

// Why a number field's value is refused.
function rangeMessage(input) {
  const v = input.validity;
  if (v.rangeUnderflow) return fill(_("the value must be at least %(min)s"), { min: formatNumber(Number(input.min)) });
  if (v.rangeOverflow) return fill(_("the value must be at most %(max)s"), { max: formatNumber(Number(input.max)) });
  if (v.stepMismatch) return fill(_("the value must be a multiple of %(step)s"), { step: formatNumber(Number(input.step)) });
  return _("enter a number");
}

// options: element (#whatif), map (the map's element), api, store, catalogue, choropleth;
// onShown({ asked }) after the map shows a what-if or the stored scenario again; asked is true
// when the user's click on "Apply" or "back" brought it (not a change of scenario or resource).
export function createWhatIf({ element, map, api, store, catalogue, choropleth, onShown }) {
  const field = (name) => element.querySelector(`[name="${name}"]`);
  const status = element.querySelector("#wi-status");
  let active = false;
  const availabilities = {}; // per resource: what-if availabilities survive a change of resource

  // A message under the buttons: "ok" (news) or "error" (what to fix).
  function say(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  const scenarioOf = () => catalogue.scenarios.find((s) => s.slug === store.get().scenario) || {};

  // The scenario's values as placeholders: an empty field keeps them.
  function fill() {
    const scenario = scenarioOf();
    for (const name of NUMBERS) field(name).placeholder = scenario[name] !== undefined ? formatNumber(scenario[name]) : "";
    const rule = maxRule(scenario);
    field("slope").disabled = !rule;
    field("slope").placeholder = rule ? formatNumber(rule.max) : "—";
    const resource = store.get().resource;
    const chosen = catalogue.resources.find((r) => r.slug === resource);
    const availability = chosen && chosen.parameters.find((p) => p.name === "availability");
    field("availability").disabled = !availability;
    field("availability").placeholder = availability ? formatNumber(availability.central) : "—";
    field("availability").value = availabilities[resource] ?? "";
  }

  // The availability typed is the shown resource's, kept when another is chosen.
  field("availability").addEventListener("input", () => {
    const resource = store.get().resource;
    if (resource === "all") return;
    if (field("availability").value === "") delete availabilities[resource];
    else availabilities[resource] = field("availability").value;
  });

  function changes() {
    const out = {};
    for (const name of NUMBERS) if (field(name).value !== "") out[name] = Number(field(name).value);
    const rule = maxRule(scenarioOf());
    if (rule && field("slope").value !== "") out.constraints = { [rule.layer]: { max: Number(field("slope").value) } };
    const chosen = Object.entries(availabilities).map(([slug, value]) => [slug, Number(value)]);
    if (chosen.length) out.availability = Object.fromEntries(chosen);
    return out;
  }

  // Each field's range checked first (the server checks again), said in the page's language
  // (not the browser's own text, which is in the browser's language).
  function invalid() {
    const bad = Array.from(element.querySelectorAll("input")).find((input) => !input.checkValidity());
    if (!bad) return false;
    const label = element.querySelector(`label[for="${bad.id}"]`);
    say((label ? label.textContent + ": " : "") + rangeMessage(bad), "error");
    bad.focus();
    return true;
  }

  async function apply({ asked = false } = {}) {
    const state = store.get();
    if (invalid()) return;
    say(_("Recomputing…"), "ok");
    try {
      const body = await api.whatIf({ scenario: state.scenario, level: state.level, changes: changes() });
      choropleth.useRows(body.rows);
      active = true;
      map.dataset.whatif = "on";
      await choropleth.draw();
      say(_("What-if shown: not stored. Regions recomputed: ") + body.totals.length, "ok");
      onShown({ asked });
    } catch (error) {
      showError(error);
    }
  }

  // A server error names the field: show the field's label with the message, and focus it.
  function showError(error) {
    const name = (error.field || "").split(".")[0];
    const input = field(name === "constraints" ? "slope" : name);
    const label = input && element.querySelector(`label[for="${input.id}"]`);
    say((label ? label.textContent + ": " : "") + error.message, "error");
    if (input) input.focus();
  }

  async function reset() {
    for (const name of [...NUMBERS, "slope", "availability"]) field(name).value = "";
    for (const slug of Object.keys(availabilities)) delete availabilities[slug];
    choropleth.useRows(null);
    active = false;
    map.dataset.whatif = "off";
    status.textContent = "";
    await choropleth.draw();
    onShown({ asked: true });
  }

  async function save() {
    const box = element.querySelector(".whatif-save");
    const body = {
      base: store.get().scenario,
      slug: field("slug").value,
      name_es: field("name_es").value,
      name_en: field("name_en").value,
      changes: changes(),
    };
    try {
      const saved = await api.saveScenario(body, box.dataset.csrf);
      say(_("Saved as a new scenario: ") + saved.name + _(" (its potentials are being computed; reload the page to choose it)."), "ok");
    } catch (error) {
      showError(error);
    }
  }

  element.querySelector("#wi-apply").addEventListener("click", () => apply({ asked: true }));
  element.querySelector("#wi-reset").addEventListener("click", reset);
  const saveButton = element.querySelector("#wi-save");
  if (saveButton) saveButton.addEventListener("click", save);
  map.dataset.whatif = "off";
  fill();

  return {
    // A new scenario, resource or level: new placeholders, and an active what-if recomputed.
    changed() {
      fill();
      return active ? apply() : null;
    },
    isActive: () => active,
  };
}
