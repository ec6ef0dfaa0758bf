/* The Leaflet map at the view of the store (or the whole region of the atlas); the view goes
   back to the store when the map moves. Its base map works offline: land, coastlines,
   borders and main places served by the platform itself (static/biomass/basemap/, built by
   fixtures/scripts/build_basemap.py from Natural Earth and GeoNames) in the "basemap" pane,
   beneath the regions; OpenStreetMap's tiles are a choice of the layer switch, off by default.
   The choice of base map is kept in the store (basemap: "" offline, "osm"); when OpenStreetMap's
   tiles cannot be loaded (no connection) the offline map comes back, with a notice. On a
   phone the first view fits the land of the atlas' countries. Place names that would overlap
   a more important one (capitals first, then by population) are hidden at each zoom.
   A metric scale bar. The map element gets data-basemap="ready" once the land is drawn. */

import { escapeHtml, h } from "./dom.js";
import { _, lang } from "./format.js";

const ATLAS_BOUNDS = [
  [5, -118.5],
  [33, -68],
];
// The land of the nine countries, for the first view on a phone (portrait: no room to spare):
// Mexico's Isla Guadalupe (118.4° W) to the Dominican Republic's Punta Espada (68.32° W).
const LAND_BOUNDS = [
  [7.2, -118.45],
  [32.7, -68.25],
];
const PHONE = "(max-width: 700px)";
const OSM_FAILURES = 2; // tiles failed before any loaded: OpenStreetMap is out of reach
const LAND_STYLE = { color: "#8c8c8c", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 };
// Which places show from which zoom on: capitals and the largest towns from afar, towns of
// a million from zoom 5, the smallest capitals from zoom 6 (labels would overlap before).
function tier(p) {
  if (p.population >= 3000000 || (p.capital && p.population >= 300000)) return "";
  return p.population >= 1000000 ? " place-mid" : " place-minor";
}
const TIERS = { "basemap-far": (zoom) => zoom < 5, "basemap-mid": (zoom) => zoom < 6 };

function pane(map, name, zIndex) {
  map.createPane(name);
  const element = map.getPane(name);
  element.style.zIndex = zIndex;
  element.style.pointerEvents = "none"; // the base map never takes a click from the regions
  return element;
}

function placeMarker(feature) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const name = (lang === "es" && p.name_es) || p.name;
  const label = h("span", { class: "place-name" }, name);
  const className = "place" + (p.capital ? " place-capital" : "") + tier(p);
  return L.marker([lat, lon], {
    pane: "basemap-labels",
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className, html: label, iconSize: null }),
  });
}

// Capitals first, then the most populous.
function rank(a, b) {
  return (b.capital ? 1 : 0) - (a.capital ? 1 : 0) || (b.population || 0) - (a.population || 0);
}

// Hides each shown place name that overlaps one placed before it (reads every box, then writes).
function declutter(markers) {
  const elements = markers.map((marker) => marker.getElement()).filter(Boolean);
  for (const e of elements) e.classList.remove("place-covered");
  const boxes = elements.map((e) => e.getBoundingClientRect());
  const kept = [];
  elements.forEach((e, i) => {
    const b = boxes[i];
    if (b.width === 0) return; // not shown at this zoom
    if (kept.some((k) => b.left < k.right && k.left < b.right && b.top < k.bottom && k.top < b.bottom)) {
      e.classList.add("place-covered");
    } else kept.push(b);
  });
}

// The offline base map (a layer group) filled from the served file once it arrives.
export function offlineBasemap(map, element, url, onStatus = () => {}) {
  pane(map, "basemap", 250); // above OpenStreetMap's tiles (200), beneath the overlay (350) and regions (400)
  const labels = pane(map, "basemap-labels", 450);
  const land = L.geoJSON(null, {
    pane: "basemap",
    interactive: false,
    style: () => LAND_STYLE,
    attribution: "Natural Earth",
  });
  const places = L.layerGroup([], { attribution: "GeoNames (CC BY 4.0)" });
  const showSome = () => {
    for (const [name, hides] of Object.entries(TIERS)) labels.classList.toggle(name, hides(map.getZoom()));
  };
  let markers = [];
  const tidy = () => map.hasLayer(places) && declutter(markers);
  map.on("zoomend", () => {
    showSome();
    tidy();
  });
  places.on("add", () => setTimeout(tidy));
  showSome();
  fetch(url)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(url + ": " + response.status))))
    .then((collection) => {
      const points = collection.features.filter((f) => f.geometry.type === "Point");
      land.addData(collection.features.filter((f) => f.geometry.type !== "Point"));
      markers = points.sort((a, b) => rank(a.properties, b.properties)).map(placeMarker);
      for (const marker of markers) places.addLayer(marker);
      tidy();
      element.dataset.basemap = "ready";
    })
    .catch((error) => {
      element.dataset.basemap = "failed";
      onStatus(_("Could not load the base map: ") + error.message);
    });
  return L.layerGroup([land, places]);
}

// A notice under the layer switch (#basemap-notice), its own: the status line is the data's.
function notice(map) {
  const box = h("p", { class: "map-notice", id: "basemap-notice", role: "status" });
  const control = L.control({ position: "topright" });
  control.onAdd = () => box;
  control.addTo(map);
  return (text) => {
    box.textContent = text;
  };
}

// OpenStreetMap's tiles; when they cannot be loaded, the offline map comes back with a notice.
function osmLayer(map, offline) {
  const say = notice(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; " + escapeHtml(_("OpenStreetMap contributors")),
  });
  let loaded = 0;
  let failed = 0;
  osm.on("add", () => {
    loaded = failed = 0;
    say("");
  });
  osm.on("tileload", () => loaded++);
  osm.on("tileerror", () => {
    failed++;
    if (loaded > 0 || failed < OSM_FAILURES || !map.hasLayer(osm)) return;
    map.removeLayer(osm);
    offline.addTo(map);
    say(_("OpenStreetMap cannot be reached (no connection?): the offline base map is shown."));
  });
  return osm;
}

function firstView(map, view) {
  if (view) map.setView([view[0], view[1]], view[2]);
  else if (window.matchMedia(PHONE).matches) {
    map.options.zoomSnap = 0.1; // the land as large as the narrow screen allows
    map.fitBounds(LAND_BOUNDS, { padding: [4, 4] });
    map.options.zoomSnap = 1;
  } else map.fitBounds(ATLAS_BOUNDS);
}

export function createMap(element, store, onStatus = () => {}) {
  const map = L.map(element, { minZoom: 3, maxZoom: 12, worldCopyJump: true, keyboard: true });
  const { view, basemap } = store.get();
  firstView(map, view);
  const offline = offlineBasemap(map, element, element.dataset.basemapUrl, onStatus);
  const osm = osmLayer(map, offline);
  (basemap === "osm" ? osm : offline).addTo(map);
  // Leaflet writes the names of the layer switch as HTML.
  const choices = {
    [escapeHtml(_("Offline map (Natural Earth)"))]: offline,
    [escapeHtml(_("OpenStreetMap (online)"))]: osm,
  };
  const switcher = L.control.layers(choices, null, { position: "topright" }).addTo(map);
  map.on("baselayerchange", (event) => store.set({ basemap: event.layer === osm ? "osm" : "" }));
  const toggle = switcher.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) {
    toggle.title = _("Base map");
    toggle.setAttribute("aria-label", _("Base map"));
  }
  L.control.scale({ metric: true, imperial: false }).addTo(map);
  const current = () => {
    const c = map.getCenter();
    return [c.lat, c.lng, Math.round(map.getZoom() * 100) / 100];
  };
  store.set({ view: current() });
  map.on("moveend", () => store.set({ view: current() }));
  return map;
}
