/* The state of the map view, kept in the URL so that a view can be shared: level, resource,
   kind, unit, scenario, overlay, base map, opacity, the panel shown (region, or a site
   "lon,lat" with its radius and plant size) and view (lat, lon, zoom). Modules change it
   with set() and hear of changes through subscribe(). */

import { normalizeUnit } from "./columns.js";

const DEFAULTS = {
  level: "country",
  resource: "all",
  kind: "technical",
  unit: "pj",
  scenario: "central",
  compare: "",
  overlay: "",
  basemap: "", // "" the offline map, "osm" OpenStreetMap
  opacity: 0.7,
  region: "",
  site: "", // "lon,lat" of the site analysis shown (then no region)
  radius: "",
  plant: "",
  view: null,
};
// Written to the URL when not empty, in this order.
const TEXT_KEYS = ["level", "resource", "kind", "unit", "scenario", "compare", "overlay", "basemap"];

export function readState(search) {
  const q = new URLSearchParams(search);
  const view = (q.get("view") || "").split(",").map(Number);
  const state = { ...DEFAULTS };
  for (const key of [...TEXT_KEYS, "region", "site", "radius", "plant"]) {
    if (q.get(key)) state[key] = q.get(key);
  }
  state.unit = normalizeUnit(state.unit) || state.unit;
  if (q.get("opacity")) state.opacity = Number(q.get("opacity"));
  if (view.length === 3 && view.every(Number.isFinite)) state.view = view;
  return state;
}

export function queryFor(state) {
  const q = new URLSearchParams();
  for (const key of TEXT_KEYS) if (state[key]) q.set(key, state[key]);
  q.set("opacity", String(state.opacity));
  if (state.region) q.set("region", state.region);
  if (state.site) {
    q.set("site", state.site);
    if (state.radius) q.set("radius", state.radius);
    if (state.plant) q.set("plant", state.plant);
  }
  if (state.view) {
    const [lat, lon, zoom] = state.view;
    q.set("view", [lat.toFixed(4), lon.toFixed(4), zoom].join(","));
  }
  return q;
}

function same(a, b) {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

// A store on the page's URL: each change is written back with history.replaceState.
export function createStore(location, history) {
  let state = readState(location.search);
  const listeners = new Set();
  return {
    get: () => state,
    set(patch) {
      const changed = new Set(Object.keys(patch).filter((key) => !same(state[key], patch[key])));
      if (changed.size === 0) return;
      state = { ...state, ...patch };
      history.replaceState(null, "", "?" + queryFor(state).toString());
      for (const listener of listeners) listener(state, changed);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
