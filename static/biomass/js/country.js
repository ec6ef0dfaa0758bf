/* Country page: a small map of the first-level units, coloured by the technical potential in
   the table (PJ/yr); clicking one jumps to its table row. */

import { getJSON } from "./api.js";
import { NO_DATA, PALETTE } from "./classes.js";
import { h } from "./dom.js";

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
  const map = L.map(element, { scrollWheelZoom: false, attributionControl: false });
  const values = tableValues();
  const max = Math.max(...Object.values(values).filter((v) => v !== null), 1e-12);
  const colour = (v) =>
    v === null ? NO_DATA : PALETTE[Math.min(PALETTE.length - 1, Math.floor((PALETTE.length * v) / max))];
  const [units, country] = await Promise.all([
    getJSON(element.dataset.regionsUrl),
    getJSON(element.dataset.countryUrl),
  ]);
  const layer = L.geoJSON(units, {
    style: (f) => ({ color: "#333", weight: 1, fillOpacity: 0.8, fillColor: colour(values[f.properties.code] ?? null) }),
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
  L.geoJSON(country, { style: { color: "#000", weight: 2, fill: false } }).addTo(map);
  map.fitBounds(layer.getBounds());
  element.dataset.ready = "true";
  element.dataset.count = String(units.features.length);
}

if (element && globalThis.L) {
  draw().catch(() => {
    element.dataset.ready = "error";
  });
}
