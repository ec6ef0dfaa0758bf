/* What the search box of the map finds and where it goes: regions of both levels (the level
   of the map follows the region chosen; the map zooms to it, outlines it and opens its
   panel) and the candidate towns (the map centres on the town and analyses its catchment).
   A choice made before the map is drawn waits for it; the names are fetched ahead, once the
   map is drawn (prefetch), so that the first search does not wait for them. */

import { _, formatNumber } from "./format.js";
import { createSearch } from "./search.js";

const TOWN_ZOOM = 8;

function regionEntries(countries, admin1) {
  const countryName = Object.fromEntries(countries.features.map((f) => [f.properties.code, f.properties.name]));
  const entry = (feature, detail) => ({
    key: "region:" + feature.properties.code,
    kind: "region",
    code: feature.properties.code,
    level: feature.properties.level,
    name: feature.properties.name,
    detail,
  });
  return [
    ...countries.features.map((f) => entry(f, _("Country"))),
    ...admin1.features.map((f) => entry(f, countryName[f.properties.parent] || f.properties.parent || "")),
  ];
}

function townEntries(towns) {
  return towns.features.map((f) => ({
    key: "town:" + (f.properties.geonameid ?? f.properties.name + f.geometry.coordinates.join(",")),
    kind: "town",
    name: f.properties.name,
    detail: _("Town") + " · " + formatNumber(f.properties.population) + " " + _("inhabitants"),
    coordinates: f.geometry.coordinates,
  }));
}

// The room the region panel takes, [x, y] in px: a sheet at the bottom on a phone (40 % of
// the height, see site.css), a column on the right on a wider screen.
function panelRoom(map) {
  const { x, y } = map.getSize();
  return window.matchMedia("(max-width: 700px)").matches ? [0, 0.4 * y] : [Math.min(430, x / 2), 0];
}

/* options: input, list, status (the search box, its listbox and its live region), map, api,
   store, analysis; ready, a promise of {choropleth, regionPanel} once the map is drawn;
   onStatus(text); onGo() when a choice is carried out (the phone's drawer closes). */
export function createFinder({ input, list, status, map, api, store, ready, analysis, onStatus, onGo = () => {} }) {
  async function load() {
    const [countries, admin1, towns] = await Promise.all([
      api.regions("country", 5),
      api.regions("admin1", 5),
      api.sites(),
    ]);
    return [...regionEntries(countries, admin1), ...townEntries(towns)];
  }

  async function goToRegion(entry, { choropleth, regionPanel }) {
    if (store.get().level !== entry.level) store.set({ level: entry.level });
    await choropleth.drawn();
    const region = choropleth.regionLayer(entry.code);
    if (!region) return;
    map.fitBounds(region.getBounds(), { paddingBottomRight: panelRoom(map) });
    regionPanel.open(region.feature.properties, { focus: true, returnTo: () => input });
  }

  // The whole catchment circle in view, beside the panel (not under it).
  function goToTown(entry) {
    const [lon, lat] = entry.coordinates;
    analysis.analyseAt(lon, lat, entry.name);
    const circle = L.latLng(lat, lon).toBounds(2000 * (Number(store.get().radius) || 50));
    map.fitBounds(circle, { paddingTopLeft: [8, 8], paddingBottomRight: panelRoom(map).map((px) => px + 8), maxZoom: TOWN_ZOOM + 2 });
  }

  return createSearch({
    input,
    list,
    status,
    load,
    onChoose: (entry) =>
      ready.then((parts) => {
        onGo();
        return entry.kind === "town" ? goToTown(entry) : goToRegion(entry, parts);
      }),
    onError: (error) => onStatus(_("Could not load the map data: ") + error.message),
  });
}
