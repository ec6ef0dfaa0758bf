/* Country page: a small map of the first-level units; clicking one jumps to its table row. */
(function () {
  "use strict";
  var el = document.getElementById("country-map");
  if (!el || !window.L) return;
  var map = L.map(el, { scrollWheelZoom: false, attributionControl: false });
  function get(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }
  var values = {};
  document.querySelectorAll("#admin1-table tbody tr").forEach(function (row) {
    values[row.id] = Number(row.cells[2].getAttribute("data-value"));
  });
  var max = Math.max.apply(null, Object.keys(values).map(function (k) { return values[k]; }).concat([1e-12]));
  var PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
  function colour(v) { return PALETTE[Math.min(4, Math.floor(5 * v / max))]; }
  Promise.all([get(el.dataset.regionsUrl), get(el.dataset.countryUrl)]).then(function (loaded) {
    var layer = L.geoJSON(loaded[0], {
      style: function (f) { return { color: "#333", weight: 1, fillOpacity: 0.8, fillColor: colour(values[f.properties.code] || 0) }; },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name);
        l.on("click", function () {
          var row = document.getElementById(f.properties.code);
          if (row) { row.scrollIntoView({ block: "center" }); row.classList.add("highlight"); }
        });
      },
    }).addTo(map);
    L.geoJSON(loaded[1], { style: { color: "#000", weight: 2, fill: false } }).addTo(map);
    map.fitBounds(layer.getBounds());
    el.dataset.ready = "true";
    el.dataset.count = loaded[0].features.length;
  });
})();
