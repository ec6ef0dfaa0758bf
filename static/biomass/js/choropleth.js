/* The regions coloured by potential, in the kind, unit, resource and scenario of the view;
   each path carries data-code and data-value, and the map element data-ready, data-level
   and data-count once drawn. Region outlines come coarse up to zoom 5, finer beyond. The regions
   are one widget for the keyboard (regionkeys.js: one in the tab order, arrow keys between
   them, Enter or Space as a click); the region of the view's state is outlined
   (data-selected). */

import { DIVERGING, PALETTE, breaksFor, colourFor, differenceBreaks } from "./classes.js";
import { h } from "./dom.js";
import { _, formatNumber } from "./format.js";
import { emptiness, whyEmpty } from "./empty.js";
import { createLegend } from "./legend.js";
import { createRegionKeys } from "./regionkeys.js";

const BASE_STYLE = { color: "#333", weight: 1, fillOpacity: 0.75 };
const HOVER_STYLE = { color: "#000", weight: 3 };
// The region of the panel stays outlined, whatever is redrawn.
const SELECTED_STYLE = { color: "#000", weight: 4 };
// With a raster overlay on, regions are drawn lighter so that the raster shows.
const UNDER_OVERLAY_OPACITY = 0.25;

const detailFor = (zoom) => (zoom <= 5 ? 5 : 8);

// {region_code: {value, rows}}: the chosen column summed over the resources shown ("all":
// those counted in totals); null where no row has data.
export function valuesByRegion(rows, resource, column, counted = () => true) {
  const values = {};
  for (const row of rows) {
    if (resource === "all" ? !counted(row.resource) : row.resource !== resource) continue;
    const v = row.coverage > 0 && row[column] !== null && row[column] !== undefined ? row[column] : null;
    const entry = values[row.region_code] || (values[row.region_code] = { value: null, rows: 0 });
    entry.rows += 1;
    if (v !== null) entry.value = (entry.value || 0) + v;
    if (resource !== "all") [entry.p10, entry.p90] = [row[column + "_p10"], row[column + "_p90"]];
  }
  return values;
}

// The P10–P90 of each region's total (the totals sum draws, so they are not the rows' sums).
function withTotals(values, totals, column) {
  for (const row of totals) {
    const entry = values[row.region_code];
    if (entry) [entry.p10, entry.p90] = [row[column + "_p10"], row[column + "_p90"]];
  }
  return values;
}

// Each region's value in one scenario minus its value in another (no data if either has none).
export function difference(values, others, label = "") {
  const out = {};
  for (const [code, entry] of Object.entries(values)) {
    const other = others[code];
    const both = entry.value !== null && other && other.value !== null;
    out[code] = { value: both ? entry.value - other.value : null, rows: entry.rows, difference: label };
  }
  return out;
}

// Why a difference asked for is not drawn ("" when it is, or none is asked for).
function ignoredComparison(state, stored, versus) {
  if (!state.compare || versus) return "";
  if (!stored) return _("The difference map compares stored scenarios: go back to the stored scenario first.");
  return _("Choose two different scenarios for a difference map.");
}

/* options: map, element (the map's element), store, api, columns, catalogue;
   ignoreClicks() -> true while a click on the map means something else;
   onSelect(properties) when a region is clicked; onKey(feature) on Enter or Space on a
   region; onDrawn(features); onStatus(text). */
export function createChoropleth(options) {
  const { map, element, store, api, columns, catalogue } = options;
  const legend = createLegend(map);
  let drawing = 0;
  let override = null; // rows of a what-if, shown instead of the stored ones
  let detail = detailFor(map.getZoom());
  let latest = Promise.resolve(); // the last drawing started
  let layer = null;
  const keys = createRegionKeys({
    map,
    onFocus: (region) => region.setStyle(HOVER_STYLE),
    onBlur: (region) => layer && layer.resetStyle(region),
    onActivate: (region) => options.onKey(region.feature),
  });

  function resourceName(slug) {
    return slug === "all" ? _("All resources") : catalogue.resourceName(slug);
  }

  function tooltip(properties, entry, unit) {
    const value = entry.value;
    const sign = entry.difference && value > 0 ? "+" : "";
    const number = value !== null ? sign + formatNumber(value) + " " + unit : _("No data");
    if (entry.difference) return h("span", null, properties.name + " (" + properties.code + "): " + number + " (" + entry.difference + ")");
    const known = value !== null && entry.p10 !== null && entry.p10 !== undefined && entry.p90 !== null;
    const range = known ? " (P10–P90 " + formatNumber(entry.p10) + " – " + formatNumber(entry.p90) + ")" : "";
    return h("span", null, properties.name + " (" + properties.code + "): " + number + range);
  }

  function build(collection, values, breaks, state, palette) {
    const unit = columns.label(state.kind, state.unit);
    const fillOpacity = state.overlay ? UNDER_OVERLAY_OPACITY : BASE_STYLE.fillOpacity;
    const entryOf = (feature) => values[feature.properties.code] || { value: null };
    const valueOf = (feature) => entryOf(feature).value;
    const geojson = L.geoJSON(collection, {
      style: (feature) => ({
        ...BASE_STYLE,
        ...(feature.properties.code === store.get().region ? SELECTED_STYLE : {}),
        fillColor: colourFor(valueOf(feature), breaks, palette),
        fillOpacity,
      }),
      onEachFeature(feature, region) {
        region.bindTooltip(tooltip(feature.properties, entryOf(feature), unit), { sticky: true });
        region.on({
          mouseover() {
            region.setStyle(HOVER_STYLE);
            region.bringToFront();
          },
          mouseout: () => geojson.resetStyle(region),
          click(event) {
            if (options.ignoreClicks()) return; // the map's own click handler takes it
            L.DomEvent.stopPropagation(event);
            options.onSelect(feature.properties);
          },
        });
      },
    });
    geojson.addTo(map);
    geojson.eachLayer((region) => {
      const path = region.getElement && region.getElement();
      if (!path) return;
      const value = valueOf(region.feature);
      path.setAttribute("data-code", region.feature.properties.code);
      path.setAttribute("data-value", value === null ? "" : String(value));
      path.setAttribute("data-selected", String(region.feature.properties.code === store.get().region));
    });
    keys.attach(geojson, store.get().region);
    return geojson;
  }

  function draw() {
    latest = drawNow();
    return latest;
  }

  async function drawNow() {
    const state = store.get();
    const mine = ++drawing;
    options.onStatus(_("Loading…"));
    element.dataset.ready = "false";
    try {
      const stored = !override;
      const all = state.resource === "all";
      // A difference map: this scenario minus the one to compare with (stored numbers only).
      const versus = stored && state.compare && state.compare !== state.scenario ? state.compare : "";
      const [collection, savedRows, totals, others] = await Promise.all([
        api.regions(state.level, detailFor(map.getZoom())),
        api.potentials(state.level, state.scenario),
        all && stored && !versus ? api.totals({ level: state.level, scenario: state.scenario }) : [],
        versus ? api.potentials(state.level, versus) : null,
      ]);
      const rows = stored ? savedRows : override;
      if (mine !== drawing) return; // a later drawing has started
      const column = columns.key(state.kind, state.unit);
      const counted = catalogue.countedInTotals;
      let values = withTotals(valuesByRegion(rows, state.resource, column, counted), totals, column);
      const pair = versus ? catalogue.scenarioName(state.scenario) + " − " + catalogue.scenarioName(versus) : "";
      if (others) values = difference(values, valuesByRegion(others, state.resource, column, counted), pair);
      // A what-if keeps the stored scenario's classes, so that a colour means the same number.
      const base = stored ? values : valuesByRegion(savedRows, state.resource, column, counted);
      const numbers = Object.values(base).map((v) => v.value);
      const breaks = others ? differenceBreaks(numbers) : breaksFor(numbers);
      if (layer) layer.remove();
      layer = build(collection, values, breaks, state, others ? DIVERGING : PALETTE);
      options.onDrawn(collection.features);
      const kind = { technical: _("Technical"), theoretical: _("Theoretical"), economic: _("Economic") }[state.kind];
      const minus = versus
        ? " · " + pair
        : stored
          ? ""
          : " · " + _("What-if (not stored)");
      const empty = others ? "" : emptiness(values); // a difference of 0 is an answer
      legend.show({
        title: kind + " · " + resourceName(state.resource) + minus,
        unit: columns.label(state.kind, state.unit),
        breaks: empty === "zero" ? [] : breaks, // all 0 (a what-if too): just "0", not the stored classes
        diverging: Boolean(others),
        empty,
        note: whyEmpty({ state, kind: empty, catalogue, stored }),
      });
      element.dataset.compare = versus;
      element.dataset.level = state.level;
      element.dataset.count = String(collection.features.length);
      element.dataset.ready = "true";
      options.onStatus(ignoredComparison(state, stored, versus));
    } catch (error) {
      if (mine === drawing) options.onStatus(_("Could not load the map data: ") + error.message);
    }
  }

  // Finer outlines when zooming in past 5, coarser when zooming out.
  map.on("moveend", () => {
    const now = detailFor(map.getZoom());
    if (now !== detail) {
      detail = now;
      draw();
    }
  });

  return {
    draw,
    // Resolves when the last drawing is done (one started meanwhile is waited for too).
    async drawn() {
      let last;
      do {
        last = latest;
        await last;
      } while (last !== latest);
    },
    // The element of a region on the map, which also becomes the one in the tab order.
    regionElement(code) {
      keys.setCurrent(code);
      return keys.elementFor(code);
    },
    // Outlines the region of this code (none for ""), the others as they were.
    highlight(code) {
      if (!layer) return;
      layer.eachLayer((region) => {
        const selected = region.feature.properties.code === code;
        layer.resetStyle(region);
        const path = region.getElement && region.getElement();
        if (path) path.setAttribute("data-selected", String(selected));
        if (selected && path !== document.activeElement) region.bringToFront();
      });
    },
    // What-if rows to show instead of the stored potentials (null: the stored ones again).
    useRows(rows) {
      override = rows;
    },
    // The what-if rows shown, or null when the map shows the stored potentials.
    overrideRows: () => override,
    // The Leaflet layer of a region on the map, if it is drawn.
    regionLayer(code) {
      let found = null;
      if (layer) {
        layer.eachLayer((region) => {
          if (region.feature.properties.code === code) found = region;
        });
      }
      return found;
    },
  };
}
