/* Shared behaviour: the language selector submits on change (a button remains for
   keyboard and no-JS users) and keeps the page's current address, and tables with class
   "sortable" sort by a click on a header. */

import { _ } from "./format.js";

const select = document.getElementById("language-select");
if (select) {
  // The page comes back at the address it has now: the map keeps its view in the query,
  // which changes after the page is served.
  const keepAddress = () => {
    select.form.elements.next.value = window.location.pathname + window.location.search + window.location.hash;
  };
  select.form.addEventListener("submit", keepAddress);
  select.addEventListener("change", () => {
    keepAddress();
    select.form.submit();
  });
}

function cellValue(row, index) {
  const cell = row.cells[index];
  const raw = cell.getAttribute("data-value");
  if (raw !== null && raw !== "" && !isNaN(Number(raw))) return Number(raw);
  return cell.textContent.trim().toLowerCase();
}

function sortBy(table, headers, th, index) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  headers.forEach((other) => other.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index);
    const y = cellValue(b, index);
    if (x < y) return ascending ? -1 : 1;
    if (x > y) return ascending ? 1 : -1;
    return 0;
  });
  body.append(...rows);
}

document.querySelectorAll("table.sortable").forEach((table) => {
  const headers = table.querySelectorAll("thead th");
  headers.forEach((th, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...th.childNodes); // the header's content moves into the button
    th.append(button);
    button.addEventListener("click", () => sortBy(table, headers, th, index));
  });
});

// A table wider than its box (on a phone) scrolls inside it: the box takes the keyboard focus,
// so that arrow keys scroll it, and is named (uniquely) after its data-label, the table's
// caption or the nearest heading before it. The same for a chart wider than the screen.
function nameOf(box) {
  if (box.dataset.label) return box.dataset.label;
  const caption = box.querySelector("caption");
  if (caption) return caption.textContent.trim();
  for (let node = box; node && node.tagName !== "SECTION"; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      if (/^(H[1-6]|SUMMARY)$/.test(before.tagName)) return before.textContent.trim();
    }
  }
  return document.title;
}

// A table wider than its box says so above it (a finger or a keyboard scrolls it sideways);
// shadows on the sides that hide columns come from the CSS.
function hintFor(box, wide) {
  let hint = box.previousElementSibling;
  if (!hint || !hint.classList.contains("scroll-hint")) {
    if (!wide) return;
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.textContent = _("Slide the table sideways to see every column.");
    box.before(hint);
  }
  hint.hidden = !wide;
}

function focusableWhenScrolling() {
  document.querySelectorAll(".table-scroll, .trend-scroll").forEach((box) => {
    const wide = box.scrollWidth > box.clientWidth;
    if (box.classList.contains("table-scroll")) hintFor(box, wide);
    if (wide) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(box));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}

focusableWhenScrolling();
window.addEventListener("resize", focusableWhenScrolling);
document.addEventListener("toggle", focusableWhenScrolling, true); // a table in a <details> opened
