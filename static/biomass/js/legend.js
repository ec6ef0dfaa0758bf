/* The legend of the choropleth, a Leaflet control (#legend, with the breaks in data-breaks):
   the kind and resource shown, the unit's label, one line per class and one for no data, and
   why the view is empty when every region is at 0 or without data (#legend-note). */

import { DIVERGING, PALETTE, NO_DATA } from "./classes.js";
import { dockOf } from "./dock.js";
import { h, clear } from "./dom.js";
import { _, formatNumber } from "./format.js";

function swatch(colour) {
  return h("span", { class: "swatch", style: { background: colour } });
}

export function classLabels(breaks, diverging) {
  if (diverging) {
    return [...breaks, null].map((edge, i) => {
      if (i === 0) return "< " + formatNumber(edge);
      if (edge === null) return "≥ " + formatNumber(breaks[i - 1]);
      return formatNumber(breaks[i - 1]) + " – < " + formatNumber(edge);
    });
  }
  if (breaks.length === 0) return [formatNumber(0)]; // every value is 0: one class, not "≥ 0"
  const edges = [0, ...breaks];
  return edges.map((edge, i) => {
    if (i + 1 === edges.length) return "≥ " + formatNumber(edge);
    return formatNumber(edge) + " – " + "< " + formatNumber(edges[i + 1]);
  });
}

// container: an element outside the map to hold the legend (the country page's small map,
// where a legend on the map would cover its regions); else the map's legend area or a control.
export function createLegend(map, container = null) {
  let box = null;
  function ensure() {
    if (box) return box;
    if (container) {
      box = h("div", { class: "legend", id: "legend" });
      container.append(box);
      return box;
    }
    const dock = dockOf(map);
    if (dock) {
      box = h("div", { class: "legend", id: "legend" });
      dock.prepend(box);
      return box;
    }
    const control = L.control({ position: "bottomright" });
    control.onAdd = () => h("div", { class: "legend", id: "legend" });
    control.addTo(map);
    box = control.getContainer();
    return box;
  }
  return {
    // show({title: "Technical · Forest residues", unit: "PJ/yr", breaks: [1, 5, 10]}); a
    // difference between scenarios is diverging (breaks around zero).
    // empty: "missing" (no class is drawn) or "zero"; note: why the view is empty.
    show({ title, unit, breaks, diverging = false, empty = "", note = "" }) {
      const div = clear(ensure());
      const palette = diverging ? DIVERGING : PALETTE;
      const labels = empty === "missing" ? [] : classLabels(breaks, diverging);
      const items = labels.map((label, i) => h("li", null, swatch(palette[i]), label));
      items.push(h("li", null, swatch(NO_DATA), _("No data")));
      div.append(h("strong", null, title), h("br"), h("span", { class: "legend-unit" }, unit), h("ul", null, items));
      if (note) div.append(h("p", { class: "legend-note", id: "legend-note" }, note));
      div.dataset.empty = empty;
      div.dataset.breaks = JSON.stringify(breaks);
      div.dataset.diverging = String(diverging);
    },
  };
}
