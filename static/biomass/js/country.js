/* Country page: a small map of the first-level units, coloured by the technical potential in
   the table (PJ/yr) in the classes of the main map, with its legend (a unit without numbers
   is "no data", never 0), over the offline base map of the main map; clicking one jumps to
   its table row. */

import { getJSON } from "./api.js";
import { offlineBasemap } from "./basemap.js";
import { breaksFor, colourFor } from "./classes.js";
import { h } from "./dom.js";
import { createLegend } from "./legend.js";

const element = document.getElementById("country-map");

function tableValues() {
  const values = {};
  document.querySelectorAll("#admin1-table tbody tr").forEach((row) => {
    const raw = row.cells[2].getAttribute("data-value");
    values[row.id] = raw === "" || raw === null ? null : Number(raw); // "" is no data
  });
  return values;
}

async function draw() {
  const map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25 }); // fitted closely, not to a whole zoom
  offlineBasemap(map, element, element.dataset.basemapUrl).addTo(map); // land and places beneath the units
  const values = tableValues();
  const breaks = breaksFor(Object.values(values));
  const [units, country] = await Promise.all([
    getJSON(element.dataset.regionsUrl),
    getJSON(element.dataset.countryUrl),
  ]);
  const layer = L.geoJSON(units, {
    style: (f) => ({
      color: "#333",
      weight: 1,
      fillOpacity: 0.8,
      fillColor: colourFor(values[f.properties.code] ?? null, breaks),
    }),
    onEachFeature(f, unit) {
      unit.bindTooltip(h("span", null, f.properties.name));
      unit.on("click", () => {
        const row = document.getElementById(f.properties.code);
        if (row) {
          row.scrollIntoView({ block: "center" });
          row.classList.add("highlight");
        }
      });
    },
  }).addTo(map);
  L.geoJSON(country, { style: { color: "#000", weight: 2, fill: false }, interactive: false }).addTo(map);
  // below the map, not on it: on a small map a legend would cover half the regions
  const legendBox = document.getElementById("country-legend");
  createLegend(map, legendBox).show({ title: element.dataset.legendTitle, unit: element.dataset.legendUnit, breaks });
  const fit = () => map.fitBounds(layer.getBounds(), { padding: [4, 4] });
  map.invalidateSize(); // the container's size now that the page is laid out
  fit();
  new ResizeObserver(() => {
    map.invalidateSize();
    fit();
  }).observe(element);
  element.dataset.ready = "true";
  element.dataset.count = String(units.features.length);
}

// The scenario selector shows the chosen scenario at once (the button stays for no script).
const scenario = document.getElementById("scenario-select");
if (scenario) scenario.addEventListener("change", () => scenario.form.requestSubmit());

if (element && globalThis.L) {
  draw().catch(() => {
    element.dataset.ready = "error";
  });
}
