/* Region map: countries and first-level subdivisions drawn from /api/regions/. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var status = document.getElementById("map-status");
  var map = L.map(el, { minZoom: 3, maxZoom: 14, worldCopyJump: true }).setView([17, -92], 4);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  }).addTo(map);

  var styles = {
    country: { color: "#08306b", weight: 2, fill: true, fillColor: "#6baed6", fillOpacity: 0.15 },
    admin1: { color: "#4a4a4a", weight: 1, dashArray: "3", fill: false },
  };
  var layers = {};
  var control = L.control.layers(null, null, { collapsed: false }).addTo(map);

  function load(level) {
    var url = el.dataset.regionsUrl + "?level=" + level + "&zoom=6";
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          style: styles[level],
          onEachFeature: function (feature, lyr) {
            lyr.bindTooltip(feature.properties.name + " (" + feature.properties.code + ")", { sticky: true });
          },
        });
        layer.addTo(map);
        layers[level] = layer;
        control.addOverlay(layer, el.dataset["label" + level.charAt(0).toUpperCase() + level.slice(1)]);
        el.dataset[level + "Count"] = collection.features.length;
        return layer;
      });
  }

  Promise.all([load("country"), load("admin1")])
    .then(function (loaded) {
      var bounds = loaded[0].getBounds();
      if (bounds.isValid()) map.fitBounds(bounds);
      el.dataset.ready = "true";
    })
    .catch(function (error) {
      status.textContent = String(error);
    });
})();
