/* Site and area analysis on the map: candidate towns, a click on the map, a drawn or
   uploaded polygon; the answer (totals, supply-cost curve, plant size) in a side panel, with
   JSON and CSV downloads. */
(function () {
  "use strict";
  var _ = window.gettext || function (s) { return s; };
  var map = window.biomassMap;
  var el = document.getElementById("map");
  var form = document.getElementById("controls");
  var panel = document.getElementById("analysis");
  var lang = document.documentElement.lang || "es";
  var urls = el.dataset;
  var towns = null, marker = null, shape = null, drawer = null;
  // Towns stay above the region polygons, whatever is redrawn.
  map.createPane("towns");
  map.getPane("towns").style.zIndex = 450;

  function format(x, digits) {
    if (x === null || x === undefined) return "–";
    var opts = Math.abs(x) >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: digits || 3 };
    return new Intl.NumberFormat(lang, opts).format(x);
  }

  function scenario() { return form.elements.scenario.value || "central"; }

  function radius() {
    var r = Number(form.elements.radius.value);
    return r > 0 ? r : 50;
  }

  function status(text) { document.getElementById("map-status").textContent = text || ""; }

  function handle(response) {
    return response.json().then(function (body) {
      if (!response.ok) throw new Error(body.message || response.statusText);
      return body;
    });
  }

  // ------------------------------------------------------------------ requests
  function catchment(lon, lat, label) {
    var q = new URLSearchParams({ lon: lon.toFixed(5), lat: lat.toFixed(5), radius_km: String(radius()),
      scenario: scenario() });
    if (Number(form.elements.plant.value) > 0) q.set("plant_mw", form.elements.plant.value);
    if (marker) marker.remove();
    if (shape) shape.remove();
    marker = L.circleMarker([lat, lon], { radius: 6, color: "#d95f02", weight: 3, fillOpacity: 0.9, pane: "towns" })
      .bindTooltip(label).addTo(map);
    shape = L.circle([lat, lon], { radius: radius() * 1000, color: "#d95f02", weight: 2, fill: false }).addTo(map);
    open(label + " · " + format(radius()) + " km", _("Loading…"));
    fetch(urls.catchmentUrl + "?" + q.toString(), { headers: { Accept: "application/json" } })
      .then(handle)
      .then(function (body) { show(body, q.toString()); })
      .catch(function (error) { fail(error); });
  }

  function area(geometry, label) {
    if (marker) marker.remove();
    if (shape) shape.remove();
    shape = L.geoJSON(geometry, { style: { color: "#d95f02", weight: 2, fillOpacity: 0.05 } }).addTo(map);
    map.fitBounds(shape.getBounds());
    open(label, _("Loading…"));
    fetch(urls.areaUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ geometry: geometry, scenario: scenario() }),
    })
      .then(handle)
      .then(function (body) { show(body, "area"); })
      .catch(function (error) { fail(error); });
  }

  // ------------------------------------------------------------------ panel
  function open(title, meta) {
    document.getElementById("panel").hidden = true;
    panel.hidden = false;
    panel.dataset.ready = "false";
    document.getElementById("analysis-title").textContent = title;
    document.getElementById("analysis-meta").textContent = meta;
    panel.querySelector("tbody").innerHTML = "";
    panel.querySelector("tfoot").innerHTML = "";
    document.getElementById("curve-chart").innerHTML = "";
    document.getElementById("plant-size").textContent = "";
  }

  function fail(error) {
    document.getElementById("analysis-meta").textContent = _("The analysis failed: ") + error.message;
    panel.dataset.ready = "error";
  }

  function show(body, key) {
    var meta = body.area_km2 !== undefined ? format(body.area_km2) + " km²" : format(body.radius_km) + " km";
    document.getElementById("analysis-meta").textContent = meta + " · " + _("Scenario") + ": " + body.scenario.slug +
      " · " + _("price") + " " + format(body.scenario.price_usd_t) + " USD/t";
    panel.querySelector("tbody").innerHTML = body.totals.map(function (t) {
      return "<tr data-resource='" + t.resource + "'><th scope='row'>" + t.resource_name +
        (t.label ? " <small>(" + t.label + ")</small>" : "") + "</th><td data-value='" + t.technical_t + "'>" +
        format(t.technical_t) + "</td><td data-value='" + t.technical_pj + "'>" + format(t.technical_pj) +
        "</td><td data-value='" + t.economic_pj + "'>" + format(t.economic_pj) + "</td></tr>";
    }).join("");
    panel.querySelector("tfoot").innerHTML = "<tr><th scope='row'>" + _("Total") + "</th><td>" +
      format(body.total.technical_t) + "</td><td>" + format(body.total.technical_pj) + "</td><td>" +
      format(body.total.economic_pj) + "</td></tr>";
    drawCurve(body);
    var plant = _("The economic supply supports a plant of %(e)s MW electric or %(t)s MW thermal.")
      .replace("%(e)s", format(body.plant.mw_electric)).replace("%(t)s", format(body.plant.mw_thermal));
    if (body.radius_for_plant) {
      plant += " " + (body.radius_for_plant.radius_km === null ? body.radius_for_plant.note :
        _("A %(mw)s MW plant needs a radius of %(r)s km.").replace("%(mw)s", format(body.radius_for_plant.mw_electric))
          .replace("%(r)s", format(body.radius_for_plant.radius_km)));
    }
    var p = document.getElementById("plant-size");
    p.textContent = plant;
    p.dataset.mwElectric = body.plant.mw_electric;
    downloads(body);
    panel.dataset.ready = "true";
    panel.dataset.key = key;
    panel.focus();
    status("");
  }

  function drawCurve(body) {
    var points = body.supply_curve.filter(function (p) { return p.cost_usd_per_gj !== null; });
    var box = document.getElementById("curve-chart");
    if (points.length === 0) { box.textContent = _("No data"); return; }
    var W = 360, H = 200, L = 48, B = 30, T = 10, R = 10;
    var maxX = points[points.length - 1].cumulative_pj || 1;
    var ys = points.map(function (p) { return p.cost_usd_per_gj; });
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var priceGj = body.scenario.price_usd_t / (body.total.technical_t ? body.total.technical_pj * 1e6 / body.total.technical_t : 1);
    maxY = Math.max(maxY, priceGj) * 1.05; minY = Math.min(minY, priceGj) * 0.95;
    function x(v) { return L + (W - L - R) * v / maxX; }
    function y(v) { return H - B - (H - B - T) * (v - minY) / (maxY - minY || 1); }
    var path = points.map(function (p, i) { return (i ? "L" : "M") + x(p.cumulative_pj).toFixed(1) + "," + y(p.cost_usd_per_gj).toFixed(1); }).join(" ");
    box.innerHTML = "<svg viewBox='0 0 " + W + " " + H + "' role='img' aria-label='" + _("Supply-cost curve") + "' width='100%'>" +
      "<line x1='" + L + "' y1='" + (H - B) + "' x2='" + (W - R) + "' y2='" + (H - B) + "' stroke='#333'/>" +
      "<line x1='" + L + "' y1='" + T + "' x2='" + L + "' y2='" + (H - B) + "' stroke='#333'/>" +
      "<line class='price' x1='" + L + "' x2='" + (W - R) + "' y1='" + y(priceGj) + "' y2='" + y(priceGj) + "' stroke='#d95f02' stroke-dasharray='4'/>" +
      "<path class='supply' d='" + path + "' fill='none' stroke='#21918c' stroke-width='2'/>" +
      "<text x='" + (W - R) + "' y='" + (H - 4) + "' text-anchor='end' font-size='11'>" + format(maxX) + " PJ/" + _("yr") + "</text>" +
      "<text x='" + L + "' y='" + (H - 4) + "' font-size='11'>0</text>" +
      "<text x='4' y='" + (T + 10) + "' font-size='11'>" + format(maxY) + "</text>" +
      "<text x='4' y='" + (H - B) + "' font-size='11'>" + format(minY) + "</text>" +
      "<text x='4' y='" + ((H - B) / 2) + "' font-size='11'>USD/GJ</text></svg>";
  }

  function downloads(body) {
    var json = new Blob([JSON.stringify(body, null, 1)], { type: "application/json" });
    var lines = ["resource,theoretical_t,technical_t,economic_t,theoretical_pj,technical_pj,economic_pj"];
    body.totals.forEach(function (t) {
      lines.push([t.resource, t.theoretical_t, t.technical_t, t.economic_t, t.theoretical_pj, t.technical_pj,
        t.economic_pj].join(","));
    });
    lines.push("", "cost_usd_per_t,cost_usd_per_gj,cumulative_t,cumulative_pj");
    body.supply_curve.forEach(function (p) {
      lines.push([p.cost_usd_per_t, p.cost_usd_per_gj, p.cumulative_t, p.cumulative_pj].join(","));
    });
    var csv = new Blob(["\ufeff" + lines.join("\n") + "\n"], { type: "text/csv" });
    document.getElementById("analysis-json").href = URL.createObjectURL(json);
    document.getElementById("analysis-csv").href = URL.createObjectURL(csv);
  }

  document.getElementById("analysis-close").addEventListener("click", function () {
    panel.hidden = true;
    if (marker) marker.remove();
    if (shape) shape.remove();
  });

  // ------------------------------------------------------------------ towns, clicks, drawing
  form.elements.towns.addEventListener("change", function (event) {
    if (!event.target.checked) { if (towns) towns.remove(); return; }
    fetch(urls.sitesUrl, { headers: { Accept: "application/json" } }).then(handle).then(function (data) {
      towns = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 3 + Math.sqrt(f.properties.population) / 400, color: "#7a0177",
            weight: 1, fillOpacity: 0.6, pane: "towns" });
        },
        onEachFeature: function (f, layer) {
          layer.bindTooltip(f.properties.name + " (" + format(f.properties.population) + ")");
          layer.on("click", function (event) {
            L.DomEvent.stopPropagation(event);
            var c = f.geometry.coordinates;
            catchment(c[0], c[1], f.properties.name);
          });
          var node = layer.getElement && layer.getElement();
          if (node) node.setAttribute("data-town", f.properties.name);
        },
      }).addTo(map);
      towns.eachLayer(function (layer) {
        var node = layer.getElement && layer.getElement();
        if (node) node.setAttribute("data-town", layer.feature.properties.name);
      });
      el.dataset.towns = String(data.features.length);
    }).catch(function (error) { status(error.message); });
  });

  var siteButton = document.getElementById("site-mode");
  siteButton.addEventListener("click", function () {
    var on = el.dataset.mode !== "site";
    el.dataset.mode = on ? "site" : "";
    siteButton.setAttribute("aria-pressed", String(on));
    el.style.cursor = on ? "crosshair" : "";
  });
  map.on("click", function (event) {
    if (el.dataset.mode !== "site") return;
    catchment(event.latlng.lng, event.latlng.lat, _("Site") + " " + event.latlng.lat.toFixed(3) + ", " + event.latlng.lng.toFixed(3));
  });

  document.getElementById("draw-area").addEventListener("click", function () {
    if (!L.Draw) return;
    if (drawer) drawer.disable();
    drawer = new L.Draw.Polygon(map, { shapeOptions: { color: "#d95f02" } });
    drawer.enable();
  });
  map.on(L.Draw ? L.Draw.Event.CREATED : "draw:created", function (event) {
    area(event.layer.toGeoJSON().geometry, _("Drawn area"));
  });

  form.elements["area-file"].addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var geojson;
      try { geojson = JSON.parse(text); } catch (e) { throw new Error(_("the file is not GeoJSON")); }
      area(geojson, file.name);
    }).catch(function (error) { status(error.message); });
  });
})();
