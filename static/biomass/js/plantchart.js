/* The levelised cost of electricity of a plant at a site against its size, as SVG: size
   (MW electric, x) against LCOE (USD/MWh, y), both axes labelled with their units, the
   cheapest size marked with a dot and labelled, the size chosen as a dashed vertical line.
   Sizes the site's supply cannot feed have no LCOE: the line has a gap there. The axes and
   labels are those of the supply-cost chart (chart.js). */

import { label } from "./chart.js";
import { s } from "./dom.js";
import { _, formatNumber } from "./format.js";

const W = 360;
const H = 214;
const LEFT = 56;
const RIGHT = 14;
const TOP = 36; // room for the y axis' title and the best size's label
const AXIS_Y = 170;
const LINE = "#1b9e77";
const MARK = "#d95f02";

// One "M…L…" run per stretch of sizes with an LCOE.
function pathOf(sizes, x, y) {
  const runs = [];
  let run = null;
  for (const p of sizes) {
    if (p.lcoe_usd_mwh === null || p.lcoe_usd_mwh === undefined) {
      run = null;
      continue;
    }
    const at = x(p.mw).toFixed(1) + "," + y(p.lcoe_usd_mwh).toFixed(1);
    if (run) run.push("L" + at);
    else runs.push((run = ["M" + at]));
  }
  return runs.map((r) => r.join(" ")).join(" ");
}

/* body: the sizes answer ({sizes: [{mw, lcoe_usd_mwh}], best: {mw, lcoe_usd_mwh} | null});
   chosen: the size asked for (MW) or null. The <svg>, or null without any LCOE. */
export function sizeCurve(body, chosen) {
  const points = body.sizes.filter((p) => p.lcoe_usd_mwh !== null && p.lcoe_usd_mwh !== undefined);
  if (points.length === 0) return null;
  const mws = body.sizes.map((p) => p.mw);
  const minX = Math.min(...mws);
  const maxX = Math.max(...mws, minX + 1e-9);
  const costs = points.map((p) => p.lcoe_usd_mwh);
  const maxY = Math.max(...costs) * 1.05;
  const minY = Math.min(...costs) * 0.95;
  const x = (v) => LEFT + ((W - LEFT - RIGHT) * (v - minX)) / (maxX - minX);
  const y = (v) => AXIS_Y - ((AXIS_Y - TOP) * (v - minY)) / (maxY - minY || 1);
  const axis = (x1, y1, x2, y2) => s("line", { x1, y1, x2, y2, stroke: "#333" });
  const xTitle = _("Plant size") + " (MW " + _("electric") + ")";
  const yTitle = _("LCOE") + " (USD/MWh)";
  const best = body.best;
  const parts = [
    axis(LEFT, AXIS_Y, W - RIGHT, AXIS_Y),
    axis(LEFT, TOP, LEFT, AXIS_Y),
    s("path", { class: "lcoe", d: pathOf(body.sizes, x, y), fill: "none", stroke: LINE, "stroke-width": 2.5 }),
    label(LEFT, AXIS_Y + 14, formatNumber(minX), "middle", { class: "tick-x" }),
    label((LEFT + W - RIGHT) / 2, AXIS_Y + 14, formatNumber((minX + maxX) / 2), "middle", { class: "tick-x" }),
    label(W - RIGHT, AXIS_Y + 14, formatNumber(maxX), "end", { class: "tick-x" }),
    label((LEFT + W - RIGHT) / 2, AXIS_Y + 32, xTitle, "middle", { class: "axis-title x" }),
    label(LEFT - 4, TOP + 4, formatNumber(maxY), "end", { class: "tick-y" }),
    label(LEFT - 4, y((minY + maxY) / 2) + 4, formatNumber((minY + maxY) / 2), "end", { class: "tick-y" }),
    label(LEFT - 4, AXIS_Y, formatNumber(minY), "end", { class: "tick-y" }),
    label(4, 11, yTitle, "start", { class: "axis-title y" }),
  ];
  if (chosen !== null && chosen >= minX && chosen <= maxX) {
    parts.push(
      s("line", {
        class: "chosen", x1: x(chosen), x2: x(chosen), y1: TOP, y2: AXIS_Y, stroke: "#555", "stroke-dasharray": 4,
        dataset: { mw: String(chosen) },
      }),
      // its size at the foot of the line, on the side with more room
      label(chosen > (minX + maxX) / 2 ? x(chosen) - 3 : x(chosen) + 3, AXIS_Y - 4, formatNumber(chosen) + " MW",
        chosen > (minX + maxX) / 2 ? "end" : "start", { class: "chosen-label", fill: "#555" }),
    );
  }
  if (best && best.lcoe_usd_mwh !== null) {
    const bx = x(best.mw);
    const text = _("Cheapest") + ": " + formatNumber(best.mw) + " MW · " + formatNumber(best.lcoe_usd_mwh) + " USD/MWh";
    // the label stays inside the chart: anchored at the end near the right edge, at the start near the left
    const anchor = bx > W * 0.6 ? "end" : bx < W * 0.4 ? "start" : "middle";
    parts.push(
      s("circle", { class: "best", cx: bx, cy: y(best.lcoe_usd_mwh), r: 5, fill: MARK, dataset: { mw: String(best.mw) } }),
      label(anchor === "start" ? Math.max(bx - 6, LEFT) : bx, 26, text, anchor, { class: "best-label", fill: "#222", "font-weight": 600 }),
    );
  }
  return s(
    "svg",
    { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": _("LCOE by plant size") + ": " + xTitle + ", " + yTitle, width: "100%" },
    parts,
  );
}
