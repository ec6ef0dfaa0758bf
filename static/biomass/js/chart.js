/* The supply-cost curve of an analysis as SVG: cumulative technical supply (PJ/yr) against
   delivered cost (USD/GJ), with the scenario's price as a dashed line. */

import { s } from "./dom.js";
import { _, formatNumber } from "./format.js";

const W = 360;
const H = 200;
const LEFT = 48;
const BOTTOM = 30;
const TOP = 10;
const RIGHT = 10;
const GJ_PER_PJ = 1e6;

// The scenario's price per t, per GJ of the area's technical supply.
function pricePerGj(body) {
  const t = body.total.technical_t;
  const gjPerT = t ? (body.total.technical_pj * GJ_PER_PJ) / t : 1;
  return body.scenario.price_usd_t / gjPerT;
}

function label(x, y, text, anchor) {
  return s("text", { x, y, "font-size": 11, "text-anchor": anchor }, text);
}

// The <svg> of an analysis' answer, or null without a point of known cost.
export function supplyCurve(body) {
  const points = body.supply_curve.filter((p) => p.cost_usd_per_gj !== null);
  if (points.length === 0) return null;
  const maxX = points[points.length - 1].cumulative_pj || 1;
  const price = pricePerGj(body);
  const costs = points.map((p) => p.cost_usd_per_gj);
  const maxY = Math.max(...costs, price) * 1.05;
  const minY = Math.min(...costs, price) * 0.95;
  const x = (v) => LEFT + ((W - LEFT - RIGHT) * v) / maxX;
  const y = (v) => H - BOTTOM - ((H - BOTTOM - TOP) * (v - minY)) / (maxY - minY || 1);
  const d = points
    .map((p, i) => (i ? "L" : "M") + x(p.cumulative_pj).toFixed(1) + "," + y(p.cost_usd_per_gj).toFixed(1))
    .join(" ");
  const axis = (x1, y1, x2, y2) => s("line", { x1, y1, x2, y2, stroke: "#333" });
  return s(
    "svg",
    { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": _("Supply-cost curve"), width: "100%" },
    axis(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM),
    axis(LEFT, TOP, LEFT, H - BOTTOM),
    s("line", {
      class: "price", x1: LEFT, x2: W - RIGHT, y1: y(price), y2: y(price), stroke: "#d95f02", "stroke-dasharray": 4,
    }),
    s("path", { class: "supply", d, fill: "none", stroke: "#21918c", "stroke-width": 2 }),
    label(W - RIGHT, H - 4, formatNumber(maxX) + " PJ/" + _("yr"), "end"),
    label(LEFT, H - 4, "0"),
    label(4, TOP + 10, formatNumber(maxY)),
    label(4, H - BOTTOM, formatNumber(minY)),
    label(4, (H - BOTTOM) / 2, "USD/GJ"),
  );
}
