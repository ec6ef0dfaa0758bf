/* The map explorer page: wires the store, the API client, the map and its parts together. */

import { createAnalysis } from "./analysis.js";
import { createApi, loadCatalogue } from "./api.js";
import { createMap } from "./basemap.js";
import { createChoropleth } from "./choropleth.js";
import { readColumns } from "./columns.js";
import { createDock } from "./dock.js";
import { createControls, createDrawer } from "./controls.js";
import { createFinder } from "./finder.js";
import { _, lang } from "./format.js";
import { createOverlay } from "./overlay.js";
import { createRegionPanel } from "./panel.js";
import { createPlant } from "./plant.js";
import { pointOnSurface } from "./regionkeys.js";
import { createResults } from "./results.js";
import { createStore } from "./store.js";
import { createWhatIf } from "./whatif.js";

const element = document.getElementById("map");
const statusLine = document.getElementById("map-status");
const onStatus = (text) => {
  statusLine.textContent = text || "";
};
const columns = readColumns(document.getElementById("potential-columns"));
const store = createStore(window.location, window.history);
const api = createApi(element.dataset, lang);
const map = createMap(element, store, onStatus);
createDock({ map, element, panels: ["panel", "analysis"].map((id) => document.getElementById(id)) });

let regionPanel = null;
let choropleth = null;
const controls = createControls({ form: document.getElementById("controls"), store });
const drawer = createDrawer({
  toggle: document.getElementById("controls-toggle"),
  explorer: document.querySelector(".explorer"),
  actions: "#site-mode, #draw-area", // the what-if closes it once its result shows (onShown)
});

const plant = createPlant({
  element: document.getElementById("plant-economics"),
  api,
  pdf: document.getElementById("analysis-pdf"),
});
const results = createResults({
  element: document.getElementById("analysis"),
  onShown: (answer) => plant.show(answer),
  onOpen: () => {
    plant.hide(); // until the new site's answer shows
    if (regionPanel) regionPanel.hide();
    drawer.closeForResult(); // on a phone the result shows on the map, not under the drawer
  },
  onClose: () => {
    analysis.clearShapes();
    store.set({ site: "" });
  },
});
const analysis = createAnalysis({
  map,
  element,
  tools: document.querySelector("#controls .tools"),
  results,
  api,
  store,
  onStatus,
});

// The search works from the start: a choice made before the map is drawn waits for it.
let markReady;
const ready = new Promise((resolve) => (markReady = resolve));
const finder = createFinder({
  input: document.getElementById("search"),
  list: document.getElementById("search-results"),
  status: document.getElementById("search-status"),
  map,
  api,
  store,
  ready,
  analysis,
  onStatus,
  onGo: () => drawer.closeForResult(), // on a phone the drawer gives way to the map and the panel
});

// The region the user opened gets the focus back when its panel closes.
const backToRegion = (code) => () => choropleth.regionElement(code);

// Enter on a region does what a click does: opens its panel, or in site mode analyses the
// site at a point inside the region (the point a click there could have hit).
function onRegionKey(feature) {
  if (!analysis.siteMode()) {
    regionPanel.open(feature.properties, { focus: true, returnTo: backToRegion(feature.properties.code) });
    return;
  }
  const [lon, lat] = pointOnSurface(feature.geometry);
  analysis.analyseSite(lon, lat);
}

function start(catalogue) {
  controls.fill(catalogue);
  regionPanel = createRegionPanel({
    element: document.getElementById("panel"),
    api,
    store,
    columns,
    catalogue,
    focusOnClose: element,
    whatIfRows: () => (choropleth ? choropleth.overrideRows() : null),
    onOpen: () => results.close(),
  });
  const overlay = createOverlay({ map, element, layers: catalogue.layers });
  choropleth = createChoropleth({
    map,
    element,
    store,
    api,
    columns,
    catalogue,
    ignoreClicks: analysis.siteMode,
    onSelect: (properties) => regionPanel.open(properties, { focus: true, returnTo: backToRegion(properties.code) }),
    onKey: onRegionKey,
    onDrawn: () => choropleth.highlight(store.get().region),
    onStatus,
  });

  const whatIf = createWhatIf({
    element: document.getElementById("whatif"),
    map: element,
    api,
    store,
    catalogue,
    choropleth,
    onShown: ({ asked }) => {
      regionPanel.refresh();
      if (asked) drawer.closeForResult(); // a refused value's message stays in the open drawer
    },
  });

  store.subscribe((state, changed) => {
    if (["level", "resource", "scenario"].some((key) => changed.has(key)) && whatIf.isActive()) {
      whatIf.changed(); // recomputes the what-if, which draws
      return;
    }
    if (["resource", "scenario"].some((key) => changed.has(key))) whatIf.changed();
    if (changed.has("region")) choropleth.highlight(state.region);
    if (changed.has("opacity")) overlay.setOpacity(state.opacity);
    if (changed.has("overlay")) {
      overlay.show(state.overlay, state.opacity);
      choropleth.draw();
    } else if (["level", "resource", "kind", "unit", "scenario", "compare"].some((key) => changed.has(key))) {
      choropleth.draw().then(() => {
        if (changed.has("scenario") || changed.has("unit")) regionPanel.refresh();
      });
    }
  });

  const state = store.get();
  overlay.show(state.overlay, state.opacity);
  return choropleth.draw().then(() => {
    // The site analysis or the region of a shared link.
    const region = !state.site && state.region && choropleth.regionLayer(state.region);
    if (region) regionPanel.open(region.feature.properties, { returnTo: backToRegion(state.region) });
    else if (!analysis.restore(state)) store.set({ region: "", site: "" });
    markReady({ choropleth, regionPanel });
    finder.prefetch(); // the names the search looks in, while the user looks at the map
  });
}

// Escape closes the open panel (the analysis first), else the drawer of the settings.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const open = ["analysis", "panel"].map((id) => document.getElementById(id)).find((panel) => !panel.hidden);
  if (open) {
    event.preventDefault();
    open.querySelector(".panel-close").click();
    if (!document.activeElement || document.activeElement === document.body || open.contains(document.activeElement)) {
      element.focus();
    }
  } else if (drawer.isOpen()) {
    event.preventDefault();
    drawer.close();
  }
});

loadCatalogue(api)
  .then(start)
  .catch((error) => onStatus(_("Could not load the map data: ") + error.message));
