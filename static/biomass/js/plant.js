/* The economics of a plant at the site of a catchment analysis (#plant-economics, issue 18):
   a technology, a size within its range (MW electric) and an optional tariff; on each change
   (debounced as the other inputs) /api/analysis/plant and /api/analysis/plant/sizes are asked
   for the site and scenario on show. The section's data-ready is "false" while waiting, "true"
   or "error" after; a size out of range is refused before asking, with a message naming the
   field. The site report (PDF) link gets the technology and size. */

import { clear } from "./dom.js";
import { _, fill, formatNumber } from "./format.js";
import { sizeCurve } from "./plantchart.js";
import { inputRows, plantRows, siteInputs } from "./planttable.js";

const DELAY_MS = 400;

// options: element (#plant-economics), api, pdf (the report link, #analysis-pdf).
export function createPlant({ element, api, pdf }) {
  const part = (id) => element.querySelector("#" + id);
  const form = part("plant-form");
  const select = form.elements.technology;
  const size = form.elements.mw;
  const tariff = form.elements.tariff_usd_mwh;
  const heat = form.elements.heat_price_usd_mwh;
  const message = part("plant-message");
  let technologies = [];
  let site = null; // {lon, lat, scenario} of the analysis on show
  let timer = null;
  let asking = 0;

  const technology = () => technologies.find((t) => t.slug === select.value);

  function say(text, field) {
    message.textContent = text || "";
    for (const input of [size, tariff, heat]) input.toggleAttribute("aria-invalid", Boolean(text) && input === field);
  }

  function setRange() {
    const t = technology();
    if (!t) return;
    size.min = t.min_mw;
    size.max = t.max_mw;
    part("plant-mw-range").textContent = "(" + formatNumber(t.min_mw) + "–" + formatNumber(t.max_mw) + " MW)";
    const mw = Number(size.value);
    if (!size.value || mw < t.min_mw || mw > t.max_mw) size.value = t.reference_mw || t.min_mw;
  }

  // The query, or null (with the message said) when a field is out of its range.
  function query() {
    const t = technology();
    const mw = Number(size.value);
    const sizeName = _("Plant size") + " (MW)";
    if (!size.value || !Number.isFinite(mw) || mw < t.min_mw || mw > t.max_mw) {
      const bounds = { field: sizeName, min: formatNumber(t.min_mw), max: formatNumber(t.max_mw), value: size.value || "—" };
      say(fill(_("%(field)s must be between %(min)s and %(max)s for this technology, got %(value)s"), bounds), size);
      return null;
    }
    const q = { lon: site.lon, lat: site.lat, technology: t.slug, mw: String(mw), scenario: site.scenario };
    for (const [input, name, label] of [[tariff, "tariff_usd_mwh", _("Electricity tariff")], [heat, "heat_price_usd_mwh", _("Heat price")]]) {
      if (input.value === "") continue;
      if (!(Number(input.value) >= 0)) {
        say(fill(_("%(field)s must be a number, at least 0, got %(value)s"), { field: label + " (USD/MWh)", value: input.value }), input);
        return null;
      }
      q[name] = input.value;
    }
    say("");
    return q;
  }

  function reportLink(q) {
    if (!pdf.href || pdf.getAttribute("href") === "#") return;
    const url = new URL(pdf.href, window.location.href);
    const keys = ["technology", "mw", "tariff_usd_mwh", "heat_price_usd_mwh"];
    for (const key of keys) url.searchParams.delete(key);
    for (const key of keys) if (q[key] !== undefined) url.searchParams.set(key, q[key]);
    pdf.href = url.pathname + url.search;
  }

  function render(answer, sizes, q) {
    clear(part("plant-table").tBodies[0]).append(...plantRows(answer));
    clear(part("plant-inputs").tBodies[0]).append(...inputRows(answer.technology.inputs), ...siteInputs(answer));
    const note = part("plant-note");
    note.textContent = answer.note || "";
    note.hidden = !answer.note;
    const chart = sizeCurve(sizes, Number(q.mw));
    clear(part("plant-chart")).append(chart || _("No data"));
    const sizesQuery = { lon: q.lon, lat: q.lat, technology: q.technology, scenario: q.scenario };
    part("plant-csv").href = api.plantCsvUrl("plant", q);
    part("plant-sizes-csv").href = api.plantCsvUrl("sizes", sizesQuery);
    reportLink(q);
  }

  async function run() {
    clearTimeout(timer);
    if (!site || !technology()) return;
    const q = query();
    const mine = ++asking;
    if (!q) {
      element.dataset.ready = "error";
      return;
    }
    element.dataset.ready = "false";
    try {
      const sizesQuery = { lon: q.lon, lat: q.lat, technology: q.technology, scenario: q.scenario };
      const [answer, sizes] = await Promise.all([api.plant(q), api.plantSizes(sizesQuery)]);
      if (mine !== asking) return;
      render(answer, sizes, q);
      element.dataset.ready = "true";
    } catch (error) {
      if (mine !== asking) return;
      const field = { mw: size, tariff_usd_mwh: tariff, heat_price_usd_mwh: heat }[error.field];
      say((error.field ? error.field + ": " : "") + error.message, field);
      element.dataset.ready = "error";
    }
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  };
  select.addEventListener("change", () => {
    setRange();
    run();
  });
  for (const input of [size, tariff, heat]) {
    input.addEventListener("input", later);
    input.addEventListener("change", run);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  async function load() {
    if (technologies.length) return;
    technologies = await api.technologies();
    clear(select).append(...technologies.map((t) => new Option(t.name, t.slug)));
    setRange();
  }

  return {
    // A catchment on show (answer of /api/analysis/catchment), or an area (no plant: hidden).
    async show(answer) {
      const catchment = answer.radius_km !== undefined;
      element.hidden = !catchment;
      if (!catchment) return;
      site = { lon: String(answer.site.lon), lat: String(answer.site.lat), scenario: answer.scenario.slug };
      try {
        await load();
        run();
      } catch (error) {
        say(error.message);
        element.dataset.ready = "error";
      }
    },
    hide() {
      element.hidden = true;
      site = null;
      asking++;
    },
  };
}
