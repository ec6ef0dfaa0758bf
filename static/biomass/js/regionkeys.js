/* The regions of the map as one composite widget for the keyboard (WAI-ARIA's roving
   tabindex): one region only is in the tab order (the one last focused, else the selected
   one, else the first by name); the arrow keys go to the next (→ ↓) or the previous (← ↑)
   region in alphabetical order, Home and End to the first and the last; Enter or Space does
   what a click does. The map pans to a region focused out of view. */

import { lang } from "./format.js";

const NEXT = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

// A point inside a Polygon or MultiPolygon, [lon, lat], as PostGIS's ST_PointOnSurface finds
// one: on the horizontal line through the middle of the largest part, the middle of the
// widest stretch inside it (holes excluded). A centroid can fall outside a concave region.
export function pointOnSurface(geometry) {
  const parts = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const extent = (ring) => {
    const ys = ring.map((p) => p[1]);
    const xs = ring.map((p) => p[0]);
    return { minY: Math.min(...ys), maxY: Math.max(...ys), size: (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)) };
  };
  const largest = parts.reduce((best, part) => (extent(part[0]).size > extent(best[0]).size ? part : best));
  const { minY, maxY } = extent(largest[0]);
  const y = (minY + maxY) / 2 + (maxY - minY) * 1e-7; // off any vertex's exact latitude
  const xs = [];
  for (const ring of largest) {
    for (let i = 1; i < ring.length; i++) {
      const [x1, y1] = ring[i - 1];
      const [x2, y2] = ring[i];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  if (xs.length < 2) return largest[0][0]; // degenerate: a vertex will do
  xs.sort((a, b) => a - b);
  let best = [xs[0], xs[1]];
  for (let i = 2; i + 1 < xs.length; i += 2) if (xs[i + 1] - xs[i] > best[1] - best[0]) best = [xs[i], xs[i + 1]];
  return [(best[0] + best[1]) / 2, y];
}

/* options: map; onFocus(region) and onBlur(region), the region's Leaflet layer; onActivate(
   region) on Enter or Space. */
export function createRegionKeys({ map, onFocus, onBlur, onActivate }) {
  let order = []; // the Leaflet layers of the regions drawn, by name
  let current = ""; // the code of the region in the tab order

  const elementOf = (region) => region.getElement && region.getElement();
  const codeOf = (region) => region.feature.properties.code;

  function makeCurrent(code) {
    current = code;
    for (const region of order) {
      const path = elementOf(region);
      if (path) path.setAttribute("tabindex", codeOf(region) === code ? "0" : "-1");
    }
  }

  function moveTo(region) {
    makeCurrent(codeOf(region));
    const path = elementOf(region);
    if (!path) return;
    const bounds = region.getBounds();
    if (!map.getBounds().intersects(bounds)) map.panTo(bounds.getCenter(), { animate: false });
    path.focus({ preventScroll: true });
  }

  function onKey(region, event) {
    const at = order.indexOf(region);
    let target = null;
    if (event.key in NEXT) target = order[(at + NEXT[event.key] + order.length) % order.length];
    else if (event.key === "Home") target = order[0];
    else if (event.key === "End") target = order[order.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onActivate(region);
      return;
    } else return;
    event.preventDefault();
    event.stopPropagation(); // not Leaflet's keyboard panning
    moveTo(target);
  }

  return {
    // Makes the regions of a new drawing operable; `selected` is the code of the view's region.
    attach(geojson, selected) {
      const collator = new Intl.Collator(lang);
      order = geojson.getLayers().filter((region) => elementOf(region));
      order.sort((a, b) => collator.compare(a.feature.properties.name, b.feature.properties.name));
      for (const region of order) {
        const path = elementOf(region);
        const { name, code } = region.feature.properties;
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", name + " (" + code + ")");
        path.addEventListener("focus", () => {
          if (current !== code) makeCurrent(code);
          onFocus(region);
        });
        path.addEventListener("blur", () => onBlur(region));
        path.addEventListener("keydown", (event) => onKey(region, event));
      }
      const known = (code) => code && order.some((region) => codeOf(region) === code);
      makeCurrent(known(current) ? current : known(selected) ? selected : order.length ? codeOf(order[0]) : "");
    },
    // The region in the tab order becomes this one (the region a panel was opened for).
    setCurrent(code) {
      if (order.some((region) => codeOf(region) === code)) makeCurrent(code);
    },
    // The element of the region of this code on the map, if it is drawn.
    elementFor(code) {
      const region = order.find((r) => codeOf(r) === code);
      return region ? elementOf(region) : null;
    },
  };
}
