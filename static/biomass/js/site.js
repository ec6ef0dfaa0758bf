/* Shared behaviour: the language selector submits on change (a button remains for
   keyboard and no-JS users) and keeps the page's current address, and tables with class
   "sortable" sort by a click on a header. */

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
