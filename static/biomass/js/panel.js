/* The side panel of a region (#panel): its potentials per resource in the view's scenario,
   theoretical, technical and economic, with the technical P10–P90 of the Monte Carlo (the
   total's from the totals, which sum draws); each heading names its unit. A resource whose
   layer has no valid cell in the region (coverage 0) is "no data", never 0. Links to the
   country page and to the CSV. data-code names the region, data-ready says when it is filled. */

import { clear, h, numberCell, rowHeader, totalRow } from "./dom.js";
import { _, formatNumber } from "./format.js";

// "a – b", or "no data" where the Monte Carlo has no value.
export function between(low, high) {
  if (low === null || low === undefined || high === null || high === undefined) return _("No data");
  return formatNumber(low) + " – " + formatNumber(high);
}

function message(text) {
  return h("tr", null, h("td", { colspan: 5 }, text));
}

// A value of a row, null (no data) where it is missing or where the layer covers nothing.
function valueOf(row, key) {
  const value = row[key];
  return value === undefined || value === null || row.coverage === 0 ? null : value;
}

// Adds a value to a total that stays null (no data) until a value is added.
function add(total, value) {
  return value === null ? total : (total ?? 0) + value;
}

// One row per resource in the scenario, sorted by slug, and the totals of those counted in
// totals (a resource that overlaps others is listed with a note, never added).
function tableRows(results, scenario, unit, catalogue, whatIf) {
  const byResource = {};
  for (const row of results) (byResource[row.resource] = byResource[row.resource] || {})[row.scenario] = row;
  const total = { theoretical: null, technical: null, economic: null };
  const rows = [];
  for (const slug of Object.keys(byResource).sort()) {
    const mid = byResource[slug][scenario];
    if (!mid) continue;
    const [theoretical, technical, economic] = ["theoretical", "technical", "economic"].map((kind) =>
      valueOf(mid, kind + "_" + unit),
    );
    const counted = catalogue.countedInTotals(slug);
    if (counted) {
      total.theoretical = add(total.theoretical, theoretical);
      total.technical = add(total.technical, technical);
      total.economic = add(total.economic, economic);
    }
    const range = whatIf
      ? _("not computed for a what-if")
      : between(valueOf(mid, "technical_" + unit + "_p10"), valueOf(mid, "technical_" + unit + "_p90"));
    const note = counted ? mid.label : [mid.label, _("not in the total")].filter(Boolean).join("; ");
    rows.push(
      h(
        "tr",
        { dataset: { resource: slug } },
        rowHeader(mid.resource_name, note),
        numberCell(theoretical),
        numberCell(technical),
        numberCell(economic),
        h("td", null, range),
      ),
    );
  }
  return { rows, total };
}

// The headings with the unit of the table, e.g. "Economic (PJ/yr)".
function headings(part, columns, unit) {
  const names = { theoretical: _("Theoretical"), technical: _("Technical"), economic: _("Economic") };
  for (const [kind, name] of Object.entries(names)) {
    part("panel-" + kind).textContent = name + " (" + columns.label(kind, unit) + ")";
  }
  part("panel-range").textContent = _("Technical, P10–P90") + " (" + columns.label("technical", unit) + ")";
}

// A what-if's rows of one region, shaped like stored rows (no percentiles: not computed).
function whatIfResults(rows, code, scenario, catalogue) {
  return rows
    .filter((row) => row.region_code === code)
    .map((row) => ({ ...row, scenario, resource_name: catalogue.resourceName(row.resource), label: _("what-if") }));
}

/* options: element (#panel), api, store, columns, catalogue; focusOnClose, the element that
   takes the focus when the panel is closed and the one that opened it is gone;
   whatIfRows() -> the what-if rows shown, or null; onOpen() when a region's panel opens.
   open(properties, {focus, returnTo}): with focus (the user opened the region), the panel
   takes the focus once filled, if the focus has not gone elsewhere meanwhile; returnTo() ->
   the element that gets it back when the panel is closed (the region, the search box).
   Without focus (a shared link, a refresh), the focus stays where the user is. */
export function createRegionPanel({ element, api, store, columns, catalogue, focusOnClose, whatIfRows, onOpen = () => {} }) {
  const part = (id) => element.querySelector("#" + id);
  const body = element.querySelector("tbody");
  const foot = element.querySelector("tfoot");
  let selected = null;
  let opening = 0;
  let returnTo = null;

  async function open(properties, { focus = false, returnTo: back = null } = {}) {
    const mine = ++opening;
    const before = document.activeElement;
    if (focus || back) returnTo = back;
    const state = store.get();
    selected = properties;
    onOpen(); // the site analysis gives way
    store.set({ region: properties.code, site: "" });
    element.hidden = false;
    element.scrollTop = 0; // the sheet opens at its title
    part("panel-title").textContent = properties.name;
    const parent = properties.parent ? " · " + properties.parent : "";
    part("panel-meta").textContent = properties.code + " · " + formatNumber(properties.area_km2) + " km²" + parent;
    const country = properties.level === "country" ? properties.code : properties.parent;
    const anchor = properties.level === "admin1" ? "#" + properties.code : "";
    part("panel-link").href = api.countryPageUrl(country) + anchor;
    part("panel-csv").href = api.regionCsvUrl(properties.code);
    // The table is in t, or in PJ when the map shows PJ or GJ/ha.
    const unit = state.unit === "t" ? "t" : "pj";
    const whatIf = whatIfRows();
    part("panel-caption").textContent =
      _("Scenario") +
      ": " +
      catalogue.scenarioName(state.scenario) +
      (whatIf ? " · " + _("What-if (not stored)") : "") +
      " · " +
      columns.label("technical", unit);
    clear(body).append(message(_("Loading…")));
    clear(foot);
    element.dataset.code = properties.code;
    element.dataset.ready = "false";
    try {
      const [results, totals] = whatIf
        ? [whatIfResults(whatIf, properties.code, state.scenario, catalogue), []]
        : await Promise.all([
            api.regionPotentials(properties.code),
            api.totals({ region: properties.code, scenario: state.scenario }),
          ]);
      if (mine !== opening) return;
      headings(part, columns, unit);
      const { rows, total } = tableRows(results, state.scenario, unit, catalogue, Boolean(whatIf));
      clear(body).append(...(rows.length ? rows : [message(_("No data"))]));
      const whole = totals[0] || {};
      const spread = between(whole["technical_" + unit + "_p10"], whole["technical_" + unit + "_p90"]);
      const last = whatIf ? _("not computed for a what-if") : rows.length ? spread : "";
      if (rows.length) foot.append(totalRow(_("Total"), total.theoretical, total.technical, total.economic, last));
      element.dataset.ready = "true";
      const still = [before, document.body, element, null].includes(document.activeElement);
      if (focus && still) element.focus();
    } catch (error) {
      if (mine === opening) clear(body).append(message(error.message));
    }
  }

  part("panel-close").addEventListener("click", () => {
    element.hidden = true;
    selected = null;
    store.set({ region: "" });
    const back = returnTo && returnTo();
    returnTo = null;
    (back && back.isConnected ? back : focusOnClose).focus({ preventScroll: true });
  });

  return {
    open,
    // Opens the panel of the selected region again, for a new scenario or unit.
    refresh: () => (selected ? open(selected) : Promise.resolve()),
    // Out of the way of another panel (a site analysis): the URL no longer names the region.
    hide() {
      element.hidden = true;
      selected = null;
      store.set({ region: "" });
    },
  };
}
