/* Site and area analysis on the map: candidate towns (path[data-town], their count in the map
   element's data-towns), a click anywhere in site mode (data-mode="site"), a drawn or an
   uploaded polygon. The answers go to the results panel. Any change of an input (radius,
   plant size, scenario) re-runs the last analysis; the selection never hides the town. */

import { h } from "./dom.js";
import { _, fill, formatNumber } from "./format.js";

const HIGHLIGHT = "#d95f02";
const TOWN = "#7a0177";
const AREA_TYPES = ["Polygon", "MultiPolygon"];
const RERUN_DELAY_MS = 400; // while typing a radius or a plant size

// The geometry types of a GeoJSON object (a geometry, a Feature or a FeatureCollection).
function geometryTypes(geojson) {
  if (!geojson || typeof geojson !== "object") return [];
  if (geojson.type === "FeatureCollection") return (geojson.features || []).flatMap(geometryTypes);
  if (geojson.type === "Feature") return geometryTypes(geojson.geometry);
  if (geojson.type === "GeometryCollection") return (geojson.geometries || []).flatMap(geometryTypes);
  return geojson.type ? [geojson.type] : [];
}

// The drawing tool's tooltips (leaflet-draw's L.drawLocal) in the page's language.
function translateDrawing() {
  const handlers = L.drawLocal.draw.handlers;
  handlers.polygon.tooltip = {
    start: _("Click to start drawing the area."),
    cont: _("Click to continue drawing the area."),
    end: _("Click the first point to close the area."),
  };
  handlers.polyline.error = _("The edges of the area cannot cross.");
}

/* options: map, element (the map's element), tools (the fieldset of the tools), results (the
   results panel), api, store; onStatus(text). */
export function createAnalysis({ map, element, tools, results, api, store, onStatus }) {
  const inputs = tools.elements;
  let towns = null;
  let marker = null;
  let shape = null;
  let drawer = null;
  let asking = 0;
  let last = null; // the analysis on show, to re-run when an input changes
  let rerunTimer = null;
  // Towns stay above the region polygons, whatever is redrawn.
  map.createPane("towns");
  map.getPane("towns").style.zIndex = 450;

  const scenario = () => store.get().scenario || "central";
  const radius = () => (Number(inputs.radius.value) > 0 ? Number(inputs.radius.value) : 50);

  function clearShapes() {
    if (marker) marker.remove();
    if (shape) shape.remove();
    marker = shape = null;
    last = null;
  }

  async function ask(request, key) {
    const mine = ++asking;
    try {
      const answer = await request;
      if (mine !== asking) return;
      results.show(answer, key);
      onStatus("");
    } catch (error) {
      if (mine === asking) results.fail(error);
    }
  }

  function catchment(lon, lat, label) {
    const q = new URLSearchParams({
      lon: lon.toFixed(5),
      lat: lat.toFixed(5),
      radius_km: String(radius()),
      scenario: scenario(),
    });
    if (Number(inputs.plant.value) > 0) q.set("plant_mw", inputs.plant.value);
    clearShapes();
    last = { kind: "catchment", lon, lat, label };
    // The URL holds the site shown (and no region): a shared link opens this analysis.
    const plant = Number(inputs.plant.value) > 0 ? inputs.plant.value : "";
    store.set({ region: "", site: lon.toFixed(5) + "," + lat.toFixed(5), radius: String(radius()), plant });
    // Not interactive: a click on the selected town reaches the town (and re-runs).
    const style = { radius: 6, color: HIGHLIGHT, weight: 3, fillOpacity: 0.9, pane: "towns", interactive: false };
    marker = L.circleMarker([lat, lon], style).addTo(map);
    shape = L.circle([lat, lon], { radius: radius() * 1000, color: HIGHLIGHT, weight: 2, fill: false, interactive: false }).addTo(map);
    results.open(label + " · " + formatNumber(radius()) + " km", _("Loading…"));
    ask(api.catchment(q), q.toString());
  }

  function area(geometry, label) {
    clearShapes();
    store.set({ site: "" }); // an area is not kept in the URL
    last = { kind: "area", geometry, label };
    shape = L.geoJSON(geometry, {
      style: { color: HIGHLIGHT, weight: 2, fillOpacity: 0.05 },
      interactive: false,
      // never Leaflet's default marker (its images are not served)
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 5, color: HIGHLIGHT }),
    }).addTo(map);
    map.fitBounds(shape.getBounds(), { maxZoom: 12 });
    results.open(label, _("Loading…"));
    ask(api.area(geometry, scenario()), "area");
  }

  // The last analysis again, with the inputs as they are now.
  function rerun() {
    clearTimeout(rerunTimer);
    if (!last) return;
    if (last.kind === "area") area(last.geometry, last.label);
    else if (inputs.radius.checkValidity() && Number(inputs.radius.value) > 0 && inputs.plant.checkValidity())
      catchment(last.lon, last.lat, last.label);
  }
  for (const input of [inputs.radius, inputs.plant]) {
    input.addEventListener("input", () => {
      clearTimeout(rerunTimer);
      if (last && last.kind === "catchment") rerunTimer = setTimeout(rerun, RERUN_DELAY_MS);
    });
    input.addEventListener("change", () => last && last.kind === "catchment" && rerun());
  }
  store.subscribe((state, changed) => {
    if (changed.has("scenario")) rerun();
  });

  function townLayer(data) {
    return L.geoJSON(data, {
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, {
          radius: 3 + Math.sqrt(feature.properties.population) / 400,
          // dark dots (≈ 9:1 on the land of the base map) ringed in white (seen on dark regions)
          color: "#fff",
          fillColor: TOWN,
          weight: 1.5,
          fillOpacity: 0.9,
          pane: "towns",
        }),
      onEachFeature(feature, layer) {
        const { name, population } = feature.properties;
        layer.bindTooltip(h("span", null, name + " (" + formatNumber(population) + ")"));
        layer.on("click", (event) => {
          L.DomEvent.stopPropagation(event);
          const [lon, lat] = feature.geometry.coordinates;
          catchment(lon, lat, name);
        });
      },
    });
  }

  inputs.towns.addEventListener("change", async (event) => {
    if (!event.target.checked) {
      if (towns) towns.remove();
      return;
    }
    try {
      const data = await api.sites();
      if (towns) towns.remove();
      towns = townLayer(data).addTo(map);
      towns.eachLayer((layer) => {
        const node = layer.getElement && layer.getElement();
        if (!node) return;
        node.setAttribute("data-town", layer.feature.properties.name);
        // Out of the tab order and of the accessibility tree: the search finds towns by name.
        node.setAttribute("tabindex", "-1");
        node.setAttribute("aria-hidden", "true");
      });
      element.dataset.towns = String(data.features.length);
    } catch (error) {
      onStatus(error.message);
    }
  });

  const siteButton = tools.querySelector("#site-mode");
  siteButton.addEventListener("click", () => {
    const on = element.dataset.mode !== "site";
    element.dataset.mode = on ? "site" : "";
    siteButton.setAttribute("aria-pressed", String(on));
    element.style.cursor = on ? "crosshair" : "";
  });
  const site = (lon, lat) => catchment(lon, lat, _("Site") + " " + lat.toFixed(3) + ", " + lon.toFixed(3));
  map.on("click", (event) => {
    if (element.dataset.mode === "site") site(event.latlng.lng, event.latlng.lat);
  });

  tools.querySelector("#draw-area").addEventListener("click", () => {
    if (!L.Draw) return;
    translateDrawing();
    if (drawer) drawer.disable();
    drawer = new L.Draw.Polygon(map, { shapeOptions: { color: HIGHLIGHT } });
    drawer.enable();
  });
  map.on(L.Draw ? L.Draw.Event.CREATED : "draw:created", (event) => {
    area(event.layer.toGeoJSON().geometry, _("Drawn area"));
  });

  inputs["area-file"].addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const text = await file.text();
      let geojson;
      try {
        geojson = JSON.parse(text);
      } catch {
        throw new Error(_("the file is not GeoJSON"));
      }
      const types = geometryTypes(geojson);
      if (!types.some((type) => AREA_TYPES.includes(type))) {
        const found = types.length ? types.join(", ") : _("no geometry");
        throw new Error(
          fill(_("%(file)s holds no area (%(found)s): upload a Polygon or a MultiPolygon; to analyse around a point, use “Click the map to analyse a site”."), {
            file: file.name,
            found,
          }),
        );
      }
      onStatus("");
      area(geojson, file.name);
    } catch (error) {
      onStatus(error.message);
    }
  });

  return {
    siteMode: () => element.dataset.mode === "site",
    clearShapes,
    // The catchment of a point, as if its town were clicked (the search and the keyboard).
    analyseAt: (lon, lat, label) => catchment(lon, lat, label),
    // The catchment of a point as a click there in site mode analyses it (Enter on a region).
    analyseSite: site,
    // The site analysis of a shared link (state.site "lon,lat", radius, plant); false if none.
    restore(state) {
      const [lon, lat] = (state.site || "").split(",").map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
      if (Number(state.radius) > 0) inputs.radius.value = state.radius;
      if (Number(state.plant) > 0) inputs.plant.value = state.plant;
      site(lon, lat);
      return true;
    },
  };
}
