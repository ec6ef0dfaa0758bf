/* The supply-cost curve of an analysis as SVG: cumulative technical supply (PJ/yr, x) against
   delivered cost (USD/GJ, y), both axes labelled with their units, the scenario's price as a
   dashed line. The server orders the points by USD/GJ, so the cost never falls; each step is
   coloured by the resource that supplies most of it, with a key below the axes. label() is
   shared with the plant's size chart (plantchart.js). */

import { s } from "./dom.js";
import { _, formatNumber } from "./format.js";

const W = 360;
const LEFT = 56;
const RIGHT = 12;
const TOP = 24; // room for the y axis' title, written across
const AXIS_Y = 170; // the x axis
const KEY_TOP = 216;
const KEY_ROW = 15;
const GJ_PER_PJ = 1e6;
// Dark2 without its orange (the price line's colour); the rest share a grey.
const PALETTE = ["#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#1f78b4", "#b8860b"];
const OTHER = "#8c8c8c";

// The scenario's price per t, per GJ of the area's technical supply.
function pricePerGj(body) {
  const t = body.total.technical_t;
  const gjPerT = t ? (body.total.technical_pj * GJ_PER_PJ) / t : 1;
  return body.scenario.price_usd_t / gjPerT;
}

export function label(x, y, text, anchor, extra) {
  return s("text", { x, y, "font-size": 11, "text-anchor": anchor || "start", ...extra }, text);
}

// The resources on the curve, most energy first, each with its colour and its technical
// supply in PJ/yr as the table gives it (the thinned steps only say which resource leads each).
function keyOf(points, totals) {
  const names = Object.fromEntries(totals.map((t) => [t.resource, t.resource_name]));
  const energy = new Map(
    totals.filter((t) => t.counted_in_totals && t.technical_pj > 0).map((t) => [t.resource, t.technical_pj]),
  );
  const ranked = [...energy.entries()].sort((a, b) => b[1] - a[1]);
  const entries = ranked.slice(0, PALETTE.length).map(([resource, pj], i) => ({
    resource,
    name: names[resource] || resource,
    pj,
    colour: PALETTE[i],
  }));
  const rest = ranked.slice(PALETTE.length);
  if (rest.length === 1) entries.push({ resource: rest[0][0], name: names[rest[0][0]] || rest[0][0], pj: rest[0][1], colour: OTHER });
  else if (rest.length > 1) {
    const pj = rest.reduce((sum, [, value]) => sum + value, 0);
    entries.push({ resource: "other", name: _("Other resources"), pj, colour: OTHER });
  }
  const colours = new Map(entries.map((e) => [e.resource, e.colour]));
  return { entries, colour: (resource) => colours.get(resource) || OTHER };
}

// One path per run of steps of the same colour: from the previous point to each point.
function segments(points, colour, x, y) {
  const paths = [];
  let run = null;
  points.forEach((p, i) => {
    const c = colour(p.resource);
    const from = i ? points[i - 1] : { cumulative_pj: 0, cost_usd_per_gj: p.cost_usd_per_gj };
    const to = "L" + x(p.cumulative_pj).toFixed(1) + "," + y(p.cost_usd_per_gj).toFixed(1);
    if (run && run.colour === c) run.d.push(to);
    else {
      run = { colour: c, resource: p.resource, d: ["M" + x(from.cumulative_pj).toFixed(1) + "," + y(from.cost_usd_per_gj).toFixed(1), to] };
      paths.push(run);
    }
  });
  return paths.map((r) =>
    s("path", { class: "supply", d: r.d.join(" "), fill: "none", stroke: r.colour, "stroke-width": 2.5, dataset: { colour: r.colour } }),
  );
}

function keyItems(entries) {
  return entries.map((e, i) => {
    const kx = LEFT - 40;
    const ky = KEY_TOP + i * KEY_ROW;
    return s(
      "g",
      { class: "key-item", dataset: { resource: e.resource, colour: e.colour } },
      s("rect", { x: kx, y: ky - 9, width: 12, height: 10, fill: e.colour }),
      s("text", { x: kx + 16, y: ky, "font-size": 10 }, e.name + " · " + formatNumber(e.pj) + " PJ/" + _("yr")),
    );
  });
}

// The top of the cost axis: one steep tail of costly steps would flatten the curve and the
// price line at the bottom, so the axis stops at 1.5 × the price or the cost at 95 % of the
// supply, whichever is higher; the steps above are cut at the top, marked with their maximum.
function costTop(points, price, maxX) {
  const at95 = points.find((p) => p.cumulative_pj >= 0.95 * maxX) || points[points.length - 1];
  return Math.max(price * 1.5, at95.cost_usd_per_gj);
}

// The <svg> of an analysis' answer, or null without a point of known cost.
export function supplyCurve(body) {
  const points = body.supply_curve.filter((p) => p.cost_usd_per_gj !== null);
  if (points.length === 0) return null;
  const maxX = points[points.length - 1].cumulative_pj || 1;
  const price = pricePerGj(body);
  const costs = points.map((p) => p.cost_usd_per_gj);
  const top = costTop(points, price, maxX);
  const clipped = top < Math.max(...costs);
  const maxY = (clipped ? top : Math.max(...costs, price)) * 1.05;
  const minY = Math.min(...costs, price) * 0.95;
  const x = (v) => LEFT + ((W - LEFT - RIGHT) * v) / maxX;
  const y = (v) => Math.max(TOP, AXIS_Y - ((AXIS_Y - TOP) * (v - minY)) / (maxY - minY || 1));
  const key = keyOf(points, body.totals);
  const height = KEY_TOP + key.entries.length * KEY_ROW;
  const axis = (x1, y1, x2, y2) => s("line", { x1, y1, x2, y2, stroke: "#333" });
  const xTitle = _("Cumulative technical supply") + " (PJ/" + _("yr") + ")";
  const yTitle = _("Delivered cost") + " (USD/GJ)";
  const midY = (minY + maxY) / 2;
  return s(
    "svg",
    { viewBox: "0 0 " + W + " " + height, role: "img", "aria-label": _("Supply-cost curve") + ": " + xTitle + ", " + yTitle, width: "100%" },
    axis(LEFT, AXIS_Y, W - RIGHT, AXIS_Y),
    axis(LEFT, TOP, LEFT, AXIS_Y),
    s("line", {
      class: "price", x1: LEFT, x2: W - RIGHT, y1: y(price), y2: y(price), stroke: "#d95f02", "stroke-dasharray": 4,
    }),
    segments(points, key.colour, x, y),
    label(LEFT, AXIS_Y + 14, "0", "middle", { class: "tick-x" }),
    label((LEFT + W - RIGHT) / 2, AXIS_Y + 14, formatNumber(maxX / 2), "middle", { class: "tick-x" }),
    label(W - RIGHT, AXIS_Y + 14, formatNumber(maxX), "end", { class: "tick-x" }),
    label((LEFT + W - RIGHT) / 2, AXIS_Y + 32, xTitle, "middle", { class: "axis-title x" }),
    label(LEFT - 4, TOP + 4, formatNumber(maxY), "end", { class: "tick-y" }),
    label(LEFT - 4, y(midY) + 4, formatNumber(midY), "end", { class: "tick-y" }),
    label(LEFT - 4, AXIS_Y, formatNumber(minY), "end", { class: "tick-y" }),
    label(4, 11, yTitle, "start", { class: "axis-title y" }),
    keyItems(key.entries),
    clipped ? label(W - RIGHT, TOP - 4, "↑ " + formatNumber(Math.max(...costs)) + " USD/GJ", "end", { class: "clipped" }) : [],
  );
}
