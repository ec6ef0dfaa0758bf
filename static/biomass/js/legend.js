/* The legend of the choropleth, a Leaflet control (#legend, with the breaks in data-breaks):
   the kind and resource shown, the unit's label, one line per class and one for no data. */

import { PALETTE, NO_DATA } from "./classes.js";
import { h, clear } from "./dom.js";
import { _, formatNumber } from "./format.js";

function swatch(colour) {
  return h("span", { class: "swatch", style: { background: colour } });
}

function classLabels(breaks) {
  const edges = [0, ...breaks];
  return edges.map((edge, i) => {
    if (i + 1 === edges.length) return "≥ " + formatNumber(edge);
    return formatNumber(edge) + " – " + "< " + formatNumber(edges[i + 1]);
  });
}

export function createLegend(map) {
  let box = null;
  function ensure() {
    if (box) return box;
    const control = L.control({ position: "bottomright" });
    control.onAdd = () => h("div", { class: "legend", id: "legend" });
    control.addTo(map);
    box = control.getContainer();
    return box;
  }
  return {
    // show({title: "Technical · Forest residues", unit: "PJ/yr", breaks: [1, 5, 10]})
    show({ title, unit, breaks }) {
      const div = clear(ensure());
      const items = classLabels(breaks).map((label, i) => h("li", null, swatch(PALETTE[i]), label));
      items.push(h("li", null, swatch(NO_DATA), _("No data")));
      div.append(h("strong", null, title), h("br"), h("span", { class: "legend-unit" }, unit), h("ul", null, items));
      div.dataset.breaks = JSON.stringify(breaks);
    },
  };
}
