/* What the map keeps along its edges on every screen: one legend area (a Leaflet control in
   the bottom left corner holding the choropleth's legend and the raster's, stacked, that its
   "Legend" button folds away), the sources ("i" button on a phone, where the attribution
   would cover the scale bar), and the controls of the bottom lifted above a panel that lies
   as a sheet across the bottom of the map (a phone), so the legend is never under a panel. */

import { h } from "./dom.js";
import { _ } from "./format.js";

const docks = new WeakMap();

// The legend area of a map, or null on a map without one (the country page's small map).
export function dockOf(map) {
  return docks.get(map) || null;
}

// Folded on a phone (one tap opens it), where it would cover most of the map above a sheet.
function legendDock(map) {
  const stack = h("div", { class: "legend-stack", id: "legend-stack" });
  const open = !window.matchMedia("(max-width: 700px)").matches;
  const box = h("details", { class: "legend-dock", id: "legend-dock", open }, h("summary", null, _("Legend")), stack);
  const control = L.control({ position: "bottomleft" });
  control.onAdd = () => {
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(map);
  docks.set(map, stack);
}

// The sources behind an "i" button (shown on a phone only, by the style sheet).
function sourcesToggle(map, element) {
  const button = h("button", { type: "button", class: "attribution-toggle", "aria-expanded": "false", title: _("Sources of the map") }, "i");
  button.setAttribute("aria-label", _("Sources of the map"));
  button.addEventListener("click", () => {
    const open = element.classList.toggle("attribution-open");
    button.setAttribute("aria-expanded", String(open));
  });
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    L.DomEvent.disableClickPropagation(button);
    return button;
  };
  control.addTo(map);
}

// The bottom controls rise above a panel lying across the whole bottom of the map; the
// controls of the right (base map switch, sources) move left of a panel in a column on the right.
function avoidSheets(element, panels) {
  const update = () => {
    const m = element.getBoundingClientRect();
    let lift = 0;
    let side = 0;
    for (const panel of panels) {
      if (panel.hidden) continue;
      const r = panel.getBoundingClientRect();
      if (r.width >= 0.9 * m.width && r.bottom >= m.bottom - 2) lift = Math.max(lift, m.bottom - r.top);
      else if (r.right >= m.right - 16) side = Math.max(side, m.right - r.left);
    }
    element.style.setProperty("--sheet", Math.max(0, Math.round(lift)) + "px");
    element.style.setProperty("--side", Math.max(0, Math.round(side)) + "px");
  };
  const resized = new ResizeObserver(update);
  const shown = new MutationObserver(update);
  for (const panel of panels) {
    resized.observe(panel);
    shown.observe(panel, { attributes: true, attributeFilter: ["hidden"] });
  }
  window.addEventListener("resize", update);
  update();
}

// options: map, element (the map's), panels (the elements that may lie over the map).
export function createDock({ map, element, panels }) {
  legendDock(map);
  sourcesToggle(map, element);
  avoidSheets(element, panels);
}
