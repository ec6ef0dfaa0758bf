/* Map explorer: a choropleth of biomass potential by region, a raster overlay, a side panel
   per region, and the whole state in the URL so that a view can be shared. */
(function () {
  "use strict";
  var _ = window.gettext || function (s) { return s; };
  var el = document.getElementById("map");
  var form = document.getElementById("controls");
  var status = document.getElementById("map-status");
  var panel = document.getElementById("panel");
  var lang = document.documentElement.lang || "es";
  var urls = el.dataset;

  // Colour-blind-safe sequential palette (viridis, 5 classes) and the no-data colour.
  var PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
  var NO_DATA = "#d9d9d9";
  var UNITS = { t: _("t DM/yr"), pj: _("PJ/yr"), gjha: _("GJ/ha/yr") };
  var KINDS = { technical: _("Technical"), theoretical: _("Theoretical"), economic: _("Economic") };

  var state = readState();
  var cache = { regions: {}, potentials: {} };
  var resources = [], scenarios = [], layers = [];
  var regionLayer = null, overlay = null, legend = null, overlayLegend = null;
  var selectedCode = null, selectedProps = null;

  var map = L.map(el, { minZoom: 3, maxZoom: 12, worldCopyJump: true, keyboard: true });
  if (state.view) {
    map.setView([state.view[0], state.view[1]], state.view[2]);
  } else {
    map.fitBounds([[5, -118.5], [33, -68]]);
  }
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors",
  }).addTo(map);
  window.biomassMap = map;
  map.createPane("overlay");
  map.getPane("overlay").style.zIndex = 350;

  // ---------------------------------------------------------------- state and URL
  function readState() {
    var q = new URLSearchParams(window.location.search);
    var view = (q.get("view") || "").split(",").map(Number);
    return {
      level: q.get("level") || "country",
      resource: q.get("resource") || "all",
      kind: q.get("kind") || "technical",
      unit: q.get("unit") || "pj",
      scenario: q.get("scenario") || "central",
      overlay: q.get("overlay") || "",
      opacity: q.get("opacity") ? Number(q.get("opacity")) : 0.7,
      region: q.get("region") || "",
      view: view.length === 3 && view.every(isFinite) ? view : null,
    };
  }

  function writeState() {
    var c = map.getCenter();
    var q = new URLSearchParams();
    ["level", "resource", "kind", "unit", "scenario", "overlay"].forEach(function (k) {
      if (state[k]) q.set(k, state[k]);
    });
    q.set("opacity", String(state.opacity));
    if (selectedCode) q.set("region", selectedCode);
    q.set("view", [c.lat.toFixed(4), c.lng.toFixed(4), map.getZoom()].join(","));
    window.history.replaceState(null, "", "?" + q.toString());
  }

  function setStatus(text) { status.textContent = text || ""; }

  // ---------------------------------------------------------------- data
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status + " " + r.statusText);
      return r.json();
    });
  }

  function regionsFor(level) {
    var detail = map.getZoom() <= 5 ? 5 : 8;
    var key = level + "@" + detail;
    if (!cache.regions[key]) {
      cache.regions[key] = getJSON(urls.regionsUrl + "?level=" + level + "&zoom=" + detail);
    }
    return cache.regions[key];
  }

  function potentialsFor(level, scenario) {
    var key = level + "/" + scenario;
    if (!cache.potentials[key]) {
      cache.potentials[key] = getJSON(urls.potentialsUrl + "?level=" + level + "&scenario=" +
        encodeURIComponent(scenario) + "&limit=10000&language=" + lang).then(function (d) { return d.results; });
    }
    return cache.potentials[key];
  }

  // Value of one row in the chosen kind and unit (null when there is no such number).
  function rowValue(row, kind, unit, areaKm2) {
    var t = row[kind + "_t"], pj = row[kind + "_pj"];
    if (unit === "t") return t === null || t === undefined ? null : t;
    if (pj === null || pj === undefined) return null;
    if (unit === "gjha") return areaKm2 > 0 ? pj * 1e6 / (areaKm2 * 100) : null;
    return pj;
  }

  function valuesByRegion(rows, areas) {
    var values = {};
    rows.forEach(function (row) {
      if (state.resource !== "all" && row.resource !== state.resource) return;
      var v = row.coverage > 0 ? rowValue(row, state.kind, state.unit, areas[row.region_code]) : null;
      var entry = values[row.region_code] || (values[row.region_code] = { value: null, rows: 0 });
      entry.rows += 1;
      if (v !== null) entry.value = (entry.value || 0) + v;
    });
    return values;
  }

  // ---------------------------------------------------------------- classes and legend
  function niceNumber(x) {
    if (x === 0) return 0;
    var p = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 1);
    return Math.round(x / p) * p;
  }

  function breaksFor(values) {
    var xs = values.filter(function (v) { return v !== null && v > 0; }).sort(function (a, b) { return a - b; });
    if (xs.length === 0) return [];
    var breaks = [];
    for (var i = 1; i < PALETTE.length; i++) {
      var b = niceNumber(xs[Math.min(xs.length - 1, Math.floor(i * xs.length / PALETTE.length))]);
      if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
    }
    return breaks;
  }

  function colourFor(value, breaks) {
    if (value === null || value === undefined) return NO_DATA;
    for (var i = 0; i < breaks.length; i++) if (value < breaks[i]) return PALETTE[i];
    return PALETTE[breaks.length];
  }

  function format(x, digits) {
    if (x === null || x === undefined) return "–";
    var abs = Math.abs(x);
    var opts = abs >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: digits || 3 };
    return new Intl.NumberFormat(lang, opts).format(x);
  }

  function resourceName(slug) {
    if (slug === "all") return _("All resources");
    var r = resources.find(function (x) { return x.slug === slug; });
    return r ? r.name : slug;
  }

  function drawLegend(breaks) {
    if (legend) legend.remove();
    legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      div.id = "legend";
      var html = "<strong>" + KINDS[state.kind] + " · " + resourceName(state.resource) + "</strong><br>" +
        "<span class='legend-unit'>" + UNITS[state.unit] + "</span><ul>";
      var edges = [0].concat(breaks);
      for (var i = 0; i < edges.length; i++) {
        var upper = i + 1 < edges.length ? "&lt; " + format(edges[i + 1]) : "≥ " + format(edges[i]);
        var label = i + 1 < edges.length ? format(edges[i]) + " – " + upper : upper;
        html += "<li><span class='swatch' style='background:" + PALETTE[i] + "'></span>" + label + "</li>";
      }
      html += "<li><span class='swatch' style='background:" + NO_DATA + "'></span>" + _("No data") + "</li></ul>";
      div.innerHTML = html;
      div.dataset.breaks = JSON.stringify(breaks);
      return div;
    };
    legend.addTo(map);
  }

  // ---------------------------------------------------------------- choropleth
  var BASE_STYLE = { color: "#333", weight: 1, fillOpacity: 0.75 };
  var HOVER_STYLE = { color: "#000", weight: 3 };

  function draw() {
    setStatus(_("Loading…"));
    el.dataset.ready = "false";
    return Promise.all([regionsFor(state.level), potentialsFor(state.level, state.scenario)])
      .then(function (loaded) {
        var collection = loaded[0], rows = loaded[1];
        var areas = {};
        collection.features.forEach(function (f) { areas[f.properties.code] = f.properties.area_km2; });
        var values = valuesByRegion(rows, areas);
        var breaks = breaksFor(Object.keys(values).map(function (k) { return values[k].value; }));
        if (regionLayer) regionLayer.remove();
        regionLayer = L.geoJSON(collection, {
          style: function (f) {
            var v = values[f.properties.code];
            // With a raster overlay on, regions are drawn lighter so that the raster shows.
            return L.extend({}, BASE_STYLE, { fillColor: colourFor(v ? v.value : null, breaks),
              fillOpacity: state.overlay ? 0.25 : BASE_STYLE.fillOpacity });
          },
          onEachFeature: function (f, layer) {
            var v = values[f.properties.code];
            var text = f.properties.name + " (" + f.properties.code + "): " +
              (v && v.value !== null ? format(v.value) + " " + UNITS[state.unit] : _("No data"));
            layer.bindTooltip(text, { sticky: true });
            layer.on({
              mouseover: function () { layer.setStyle(HOVER_STYLE); layer.bringToFront(); },
              mouseout: function () { regionLayer.resetStyle(layer); },
              click: function (event) {
                if (el.dataset.mode === "site") return;  // the map click runs a site analysis instead
                L.DomEvent.stopPropagation(event);
                openPanel(f.properties);
              },
            });
            if (layer.getElement) {
              var path = layer.getElement();
              if (path) path.setAttribute("data-code", f.properties.code);
            }
            layer.feature.properties._value = v ? v.value : null;
          },
        }).addTo(map);
        regionLayer.eachLayer(function (layer) {
          var path = layer.getElement && layer.getElement();
          if (path) {
            path.setAttribute("data-code", layer.feature.properties.code);
            path.setAttribute("data-value", layer.feature.properties._value === null ? "" : layer.feature.properties._value);
          }
        });
        fillFinder(collection);
        drawLegend(breaks);
        el.dataset.level = state.level;
        el.dataset.count = collection.features.length;
        el.dataset.ready = "true";
        setStatus("");
        writeState();
      })
      .catch(function (error) { setStatus(_("Could not load the map data: ") + error.message); });
  }

  function fillFinder(collection) {
    var find = form.elements.find;
    var names = collection.features.map(function (f) { return [f.properties.name, f.properties.code]; })
      .sort(function (a, b) { return a[0].localeCompare(b[0], lang); });
    find.innerHTML = "<option value=''>—</option>" + names.map(function (n) {
      return "<option value='" + n[1] + "'>" + n[0] + " (" + n[1] + ")</option>";
    }).join("");
  }

  // ---------------------------------------------------------------- side panel
  function openPanel(props) {
    selectedCode = props.code;
    selectedProps = props;
    panel.hidden = false;
    document.getElementById("panel-title").textContent = props.name;
    document.getElementById("panel-meta").textContent = props.code + " · " +
      format(props.area_km2) + " km²" + (props.parent ? " · " + props.parent : "");
    var country = props.level === "country" ? props.code : props.parent;
    var link = document.getElementById("panel-link");
    link.href = urls.countryUrl.replace("XXX", country) + (props.level === "admin1" ? "#" + props.code : "");
    document.getElementById("panel-csv").href = urls.potentialsUrl + "?region=" + props.code + "&format=csv&bom=true";
    var unit = state.unit === "gjha" ? "pj" : state.unit;
    document.getElementById("panel-caption").textContent = _("Scenario") + ": " +
      scenarioName(state.scenario) + " · " + UNITS[unit];
    var body = panel.querySelector("tbody"), foot = panel.querySelector("tfoot");
    body.innerHTML = "<tr><td colspan='4'>" + _("Loading…") + "</td></tr>";
    foot.innerHTML = "";
    panel.dataset.code = props.code;
    panel.dataset.ready = "false";
    getJSON(urls.potentialsUrl + "?region=" + props.code + "&limit=1000&language=" + lang).then(function (data) {
      var byResource = {};
      data.results.forEach(function (row) {
        (byResource[row.resource] = byResource[row.resource] || {})[row.scenario] = row;
      });
      var field = unit === "t" ? "_t" : "_pj";
      var total = { theoretical: 0, technical: 0 };
      body.innerHTML = Object.keys(byResource).sort().map(function (slug) {
        var rows = byResource[slug], mid = rows[state.scenario];
        if (!mid) return "";
        var techs = Object.keys(rows).map(function (s) { return rows[s]["technical" + field]; });
        total.theoretical += mid["theoretical" + field];
        total.technical += mid["technical" + field];
        return "<tr data-resource='" + slug + "'><th scope='row'>" + mid.resource_name +
          (mid.label ? " <small>(" + mid.label + ")</small>" : "") + "</th>" +
          "<td data-value='" + mid["theoretical" + field] + "'>" + format(mid["theoretical" + field]) + "</td>" +
          "<td data-value='" + mid["technical" + field] + "'>" + format(mid["technical" + field]) + "</td>" +
          "<td>" + format(Math.min.apply(null, techs)) + " – " + format(Math.max.apply(null, techs)) + "</td></tr>";
      }).join("") || "<tr><td colspan='4'>" + _("No data") + "</td></tr>";
      foot.innerHTML = "<tr><th scope='row'>" + _("Total") + "</th><td>" + format(total.theoretical) +
        "</td><td>" + format(total.technical) + "</td><td></td></tr>";
      panel.dataset.ready = "true";
      panel.focus();
      writeState();
    }).catch(function (error) { body.innerHTML = "<tr><td colspan='4'>" + error.message + "</td></tr>"; });
  }

  function scenarioName(slug) {
    var s = scenarios.find(function (x) { return x.slug === slug; });
    return s ? s.name : slug;
  }

  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    selectedCode = null;
    selectedProps = null;
    writeState();
    el.focus();
  });

  // ---------------------------------------------------------------- raster overlay
  function drawOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
    if (overlayLegend) { overlayLegend.remove(); overlayLegend = null; }
    var layer = layers.find(function (l) { return String(l.id) === String(state.overlay); });
    if (!layer || !layer.tiles) { writeState(); return; }
    overlay = L.tileLayer(layer.tiles, { opacity: state.opacity, pane: "overlay", maxNativeZoom: 10,
      attribution: layer.source ? layer.source.substring(0, 80) : "" });
    overlay.on("tileload", function () { el.dataset.overlayTiles = String(Number(el.dataset.overlayTiles || 0) + 1); });
    overlay.addTo(map);
    overlayLegend = L.control({ position: "bottomleft" });
    overlayLegend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend overlay-legend");
      var html = "<strong>" + layer.name + "</strong>";
      if (layer.label) html += "<br><small>" + layer.label + "</small>";
      if (layer.quantity === "categorical") {
        html += "<ul>" + (layer.current_version.statistics.classes || []).map(function (c) {
          var entry = (layer.legend || {})[String(c)] || {};
          return "<li><span class='swatch' style='background:" + (entry.color || "#999") + "'></span>" +
            (entry[lang] || entry.es || c) + "</li>";
        }).join("") + "</ul>";
      } else {
        var s = layer.current_version.statistics;
        html += "<div class='ramp'></div><span>" + format(s.p2) + "</span><span class='ramp-end'>" +
          format(s.p98) + " " + layer.units + "</span>";
      }
      div.innerHTML = html;
      return div;
    };
    overlayLegend.addTo(map);
    writeState();
  }

  // ---------------------------------------------------------------- controls
  function fillControls() {
    var res = form.elements.resource;
    resources.filter(function (r) { return r.layer; }).forEach(function (r) {
      var o = document.createElement("option");
      o.value = r.slug; o.textContent = r.name;
      res.appendChild(o);
    });
    var sc = form.elements.scenario;
    scenarios.forEach(function (s) {
      var o = document.createElement("option");
      o.value = s.slug; o.textContent = s.name;
      sc.appendChild(o);
    });
    var ov = form.elements.overlay;
    layers.filter(function (l) { return l.tiles; }).forEach(function (l) {
      var o = document.createElement("option");
      o.value = l.id; o.textContent = l.name;
      ov.appendChild(o);
    });
    ["level", "resource", "kind", "unit", "scenario", "overlay"].forEach(function (k) {
      var input = form.elements[k];
      if (Array.prototype.some.call(input.options, function (o) { return o.value === String(state[k]); })) {
        input.value = state[k];
      } else {
        state[k] = input.value;
      }
    });
    form.elements.opacity.value = state.opacity;
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "find") {
      var code = event.target.value;
      if (!code || !regionLayer) return;
      regionLayer.eachLayer(function (layer) {
        if (layer.feature.properties.code === code) {
          map.fitBounds(layer.getBounds());
          openPanel(layer.feature.properties);
        }
      });
      return;
    }
    if (name === "opacity") {
      state.opacity = Number(event.target.value);
      if (overlay) overlay.setOpacity(state.opacity);
      writeState();
      return;
    }
    state[name] = event.target.value;
    if (name === "overlay") { drawOverlay(); draw(); return; }
    draw().then(function () {
      if (selectedProps && (name === "scenario" || name === "unit")) openPanel(selectedProps);
    });
  });

  var lastDetail = map.getZoom() <= 5;
  map.on("moveend", function () {
    var coarse = map.getZoom() <= 5;
    if (coarse !== lastDetail) { lastDetail = coarse; draw(); } else { writeState(); }
  });

  Promise.all([getJSON(urls.resourcesUrl), getJSON(urls.scenariosUrl), getJSON(urls.layersUrl)])
    .then(function (loaded) {
      resources = loaded[0]; scenarios = loaded[1]; layers = loaded[2];
      fillControls();
      drawOverlay();
      return draw();
    })
    .then(function () {
      if (state.region && regionLayer) {
        regionLayer.eachLayer(function (layer) {
          if (layer.feature.properties.code === state.region) openPanel(layer.feature.properties);
        });
      }
    })
    .catch(function (error) { setStatus(_("Could not load the map data: ") + error.message); });
})();
