/* Building DOM elements from data: text always goes in as text nodes, never as markup. */

import { formatNumber } from "./format.js";

const SVG_NS = "http://www.w3.org/2000/svg";

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "style") Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
}

// Appends children: nodes as they are, anything else as text; null and false are skipped.
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// h("td", {dataset: {value: 3}}, "3 t") -> <td data-value="3">3 t</td>
export function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  return append(node, ...children);
}

// The same for SVG elements.
export function s(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  return append(node, ...children);
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// For the few Leaflet options that take HTML (the attribution): plain text made safe.
export function escapeHtml(text) {
  const map = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  return String(text).replace(/[&<>"']/g, (c) => map[c]);
}

// A table cell with a number, formatted, and its exact value in data-value.
export function numberCell(value) {
  return h("td", { dataset: { value: String(value) } }, formatNumber(value));
}

// The header cell of a row: a name and, if any, a note in brackets (the source and years, say).
export function rowHeader(name, note) {
  return h("th", { scope: "row" }, name, note ? [" ", h("small", null, "(" + note + ")")] : null);
}

// A footer row: a header and numbers, formatted (an empty cell for "").
export function totalRow(label, ...values) {
  // numbers are formatted; text (a range already formatted) is shown as it is
  const cells = values.map((v) => h("td", null, v === "" ? null : typeof v === "string" ? v : formatNumber(v)));
  return h("tr", null, h("th", { scope: "row" }, label), cells);
}
