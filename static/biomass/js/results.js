/* The answer of a site or area analysis in its side panel (#analysis): totals per resource,
   the supply-cost curve, the plant the supply feeds (#plant-size, data-mw-electric), JSON and
   CSV downloads. data-ready is "false" while waiting, "true" or "error" after; data-key names
   the request answered. */

import { supplyCurve } from "./chart.js";
import { clear, h, numberCell, rowHeader, totalRow } from "./dom.js";
import { _, fill, formatNumber } from "./format.js";

const CSV_TOTALS = [
  "resource",
  "theoretical_t",
  "technical_t",
  "economic_t",
  "theoretical_pj",
  "technical_pj",
  "economic_pj",
];
const CSV_CURVE = ["cost_usd_per_t", "cost_usd_per_gj", "cumulative_t", "cumulative_pj", "resource"];

function csvOf(body) {
  const lines = [CSV_TOTALS.join(",")];
  for (const t of body.totals) lines.push(CSV_TOTALS.map((k) => t[k]).join(","));
  lines.push("", CSV_CURVE.join(","));
  for (const p of body.supply_curve) lines.push(CSV_CURVE.map((k) => p[k]).join(","));
  return "\ufeff" + lines.join("\n") + "\n";
}

function totalsRow(t) {
  return h(
    "tr",
    { dataset: { resource: t.resource } },
    rowHeader(t.resource_name, t.counted_in_totals ? t.label : [t.label, _("not in the total")].filter(Boolean).join("; ")),
    numberCell(t.technical_t),
    numberCell(t.technical_pj),
    numberCell(t.economic_pj),
  );
}

function plantText(body) {
  if (body.plant.mw_electric === null) return _("Plant size: no data.");
  let text = fill(_("The economic supply supports a plant of %(e)s MW electric or %(t)s MW thermal."), {
    e: formatNumber(body.plant.mw_electric),
    t: formatNumber(body.plant.mw_thermal),
  });
  const needed = body.radius_for_plant;
  if (needed) {
    text +=
      " " +
      (needed.radius_km === null
        ? needed.note
        : fill(_("A %(mw)s MW plant needs a radius of %(r)s km."), {
            mw: formatNumber(needed.mw_electric),
            r: formatNumber(needed.radius_km),
          }));
  }
  return text;
}

/* options: element (#analysis); onOpen() when it opens; onClose() when the user closes it;
   onShown(answer) once an answer is on show (the plant economics of the site). */
export function createResults({ element, onOpen, onClose, onShown }) {
  const part = (id) => element.querySelector("#" + id);
  const body = element.querySelector("tbody");
  const foot = element.querySelector("tfoot");
  const downloads = [];
  // Why there is no data (no country here), under the meta line; made once.
  const note = () =>
    part("analysis-note") ||
    part("analysis-meta").insertAdjacentElement("afterend", h("p", { id: "analysis-note", class: "panel-note", role: "note", hidden: true }));

  const close = () => {
    element.hidden = true;
    onClose();
  };
  part("analysis-close").addEventListener("click", close);

  // A catchment (not a drawn area) has a PDF report with the same parameters.
  function reportLink(answer) {
    const pdf = part("analysis-pdf");
    part("analysis-report").hidden = answer.radius_km === undefined;
    const query = {
      lon: answer.site.lon,
      lat: answer.site.lat,
      radius_km: answer.radius_km,
      scenario: answer.scenario.slug,
    };
    if (answer.radius_for_plant) query.plant_mw = answer.radius_for_plant.mw_electric;
    pdf.href = pdf.dataset.url + "?" + new URLSearchParams(query).toString();
  }

  function link(id, blob) {
    const url = URL.createObjectURL(blob);
    downloads.push(url);
    part(id).href = url;
  }

  return {
    // Closed when a region's panel opens in its place.
    close: () => !element.hidden && close(),
    open(title, meta) {
      onOpen();
      element.hidden = false;
      element.scrollTop = 0; // the sheet opens at its title
      element.dataset.ready = "false";
      part("analysis-title").textContent = title;
      part("analysis-meta").textContent = meta;
      clear(body);
      clear(foot);
      clear(part("curve-chart"));
      part("plant-size").textContent = "";
      note().hidden = true;
    },

    fail(error) {
      part("analysis-meta").textContent = _("The analysis failed: ") + error.message;
      element.dataset.ready = "error";
    },

    show(answer, key) {
      const size =
        answer.area_km2 !== undefined ? formatNumber(answer.area_km2) + " km²" : formatNumber(answer.radius_km) + " km";
      const price = _("price") + " " + formatNumber(answer.scenario.price_usd_t) + " USD/t";
      part("analysis-meta").textContent = size + " · " + _("Scenario") + ": " + (answer.scenario.name || answer.scenario.slug) + " · " + price;
      clear(body).append(...answer.totals.map(totalsRow));
      if (answer.totals.length === 0) body.append(h("tr", null, h("td", { colspan: 4 }, _("No data"))));
      note().textContent = answer.note || "";
      note().hidden = !answer.note;
      const total = answer.total;
      clear(foot).append(totalRow(_("Total"), total.technical_t, total.technical_pj, total.economic_pj));
      const chart = supplyCurve(answer);
      clear(part("curve-chart")).append(chart || _("No data"));
      const plant = part("plant-size");
      plant.textContent = plantText(answer);
      plant.dataset.mwElectric = String(answer.plant.mw_electric);
      downloads.splice(0).forEach((url) => URL.revokeObjectURL(url));
      link("analysis-json", new Blob([JSON.stringify(answer, null, 1)], { type: "application/json" }));
      link("analysis-csv", new Blob([csvOf(answer)], { type: "text/csv" }));
      reportLink(answer);
      element.dataset.ready = "true";
      element.dataset.key = key;
      element.dataset.scenario = answer.scenario.slug;
      element.focus();
      if (onShown) onShown(answer);
    },
  };
}
