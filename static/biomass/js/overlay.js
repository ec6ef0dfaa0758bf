/* A raster layer over the regions (its tiles in the "overlay" pane, counted in the map
   element's data-overlay-tiles as they load) and its legend: classes with their colours for a
   categorical layer, a ramp from the 2nd to the 98th percentile otherwise. */

import { dockOf } from "./dock.js";
import { escapeHtml, h } from "./dom.js";
import { _, formatNumber, lang } from "./format.js";

// Quantities of biomass, whose zero means none: drawn clear, like no data (biomass/layers/tiles.py).
const ZERO_IS_NONE = ["density", "amount", "production", "heads"];

function legendContent(layer) {
  const parts = [h("strong", null, layer.name)];
  if (layer.label) parts.push(h("br"), h("small", null, layer.label));
  const statistics = (layer.current_version && layer.current_version.statistics) || {};
  if (layer.quantity === "categorical") {
    const items = (statistics.classes || []).map((c) => {
      const entry = (layer.legend || {})[String(c)] || {};
      const swatch = h("span", { class: "swatch", style: { background: entry.color || "#999" } });
      return h("li", null, swatch, entry[lang] || entry.es || String(c));
    });
    parts.push(h("ul", null, items));
  } else {
    parts.push(
      h("div", { class: "ramp" }),
      h("span", null, formatNumber(statistics.p2)),
      h("span", { class: "ramp-end" }, formatNumber(statistics.p98) + " " + (layer.units || "")),
    );
    if (ZERO_IS_NONE.includes(layer.quantity)) {
      parts.push(h("br"), h("small", { class: "overlay-clear" }, _("0 and no data: not drawn")));
    }
  }
  return parts;
}

// options: map, element (the map's element), layers (the catalogue's raster layers).
export function createOverlay({ map, element, layers }) {
  map.createPane("overlay");
  map.getPane("overlay").style.zIndex = 350;
  let tiles = null;
  let legend = null;

  function show(id, opacity) {
    if (tiles) tiles.remove();
    if (legend) legend.remove();
    tiles = legend = null;
    const layer = layers.find((l) => String(l.id) === String(id));
    if (!layer || !layer.tiles) return;
    tiles = L.tileLayer(layer.tiles, {
      opacity,
      pane: "overlay",
      maxNativeZoom: 10,
      // Leaflet writes the attribution as HTML: the source is text.
      attribution: layer.source ? escapeHtml(layer.source) : "", // whole: a cut source names nothing
    });
    tiles.on("tileload", () => {
      element.dataset.overlayTiles = String(Number(element.dataset.overlayTiles || 0) + 1);
    });
    tiles.addTo(map);
    const content = h("div", { class: "legend overlay-legend" }, legendContent(layer));
    const dock = dockOf(map);
    if (dock) {
      dock.append(content);
      legend = content; // removed with remove(), as a control is
    } else {
      legend = L.control({ position: "bottomleft" });
      legend.onAdd = () => content;
      legend.addTo(map);
    }
  }

  return {
    show,
    setOpacity(opacity) {
      if (tiles) tiles.setOpacity(opacity);
    },
  };
}
