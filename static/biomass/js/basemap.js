/* The Leaflet map with the OpenStreetMap base layer, at the view of the store (or the whole
   region of the atlas); the view goes back to the store when the map moves. */

const ATLAS_BOUNDS = [
  [5, -118.5],
  [33, -68],
];

export function createMap(element, store) {
  const map = L.map(element, { minZoom: 3, maxZoom: 12, worldCopyJump: true, keyboard: true });
  const { view } = store.get();
  if (view) map.setView([view[0], view[1]], view[2]);
  else map.fitBounds(ATLAS_BOUNDS);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  }).addTo(map);
  const current = () => {
    const c = map.getCenter();
    return [c.lat, c.lng, map.getZoom()];
  };
  store.set({ view: current() });
  map.on("moveend", () => store.set({ view: current() }));
  return map;
}
