/* The Leaflet map at the view of the store (or the whole region of the atlas); the view goes
   back to the store when the map moves. Its base map works offline: land, coastlines,
   borders and main places served by the platform itself (static/biomass/basemap/, built by
   fixtures/scripts/build_basemap.py from Natural Earth and GeoNames) in the "basemap" pane,
   beneath the regions; OpenStreetMap's tiles are a choice of the layer switch, off by default.
   A metric scale bar. The map element gets data-basemap="ready" once the land is drawn. */

import { escapeHtml, h } from "./dom.js";
import { _, lang } from "./format.js";

const ATLAS_BOUNDS = [
  [5, -118.5],
  [33, -68],
];
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

// The offline base map (a layer group) filled from the served file once it arrives.
function offlineBasemap(map, element, url, onStatus) {
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
  map.on("zoomend", showSome);
  showSome();
  fetch(url)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(url + ": " + response.status))))
    .then((collection) => {
      for (const feature of collection.features) {
        if (feature.geometry.type === "Point") places.addLayer(placeMarker(feature));
        else land.addData(feature);
      }
      element.dataset.basemap = "ready";
    })
    .catch((error) => {
      element.dataset.basemap = "failed";
      onStatus(_("Could not load the base map: ") + error.message);
    });
  return L.layerGroup([land, places]);
}

export function createMap(element, store, onStatus = () => {}) {
  const map = L.map(element, { minZoom: 3, maxZoom: 12, worldCopyJump: true, keyboard: true });
  const { view } = store.get();
  if (view) map.setView([view[0], view[1]], view[2]);
  else map.fitBounds(ATLAS_BOUNDS);
  const offline = offlineBasemap(map, element, element.dataset.basemapUrl, onStatus).addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  });
  // Leaflet writes the names of the layer switch as HTML.
  const choices = {
    [escapeHtml(_("Offline map (Natural Earth)"))]: offline,
    [escapeHtml(_("OpenStreetMap (online)"))]: osm,
  };
  const switcher = L.control.layers(choices, null, { position: "topright" }).addTo(map);
  const toggle = switcher.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) {
    toggle.title = _("Base map");
    toggle.setAttribute("aria-label", _("Base map"));
  }
  L.control.scale({ metric: true, imperial: false }).addTo(map);
  const current = () => {
    const c = map.getCenter();
    return [c.lat, c.lng, map.getZoom()];
  };
  store.set({ view: current() });
  map.on("moveend", () => store.set({ view: current() }));
  return map;
}
