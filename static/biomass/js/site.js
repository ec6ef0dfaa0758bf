/* Shared behaviour: the language selector submits on change (a button remains for
   keyboard and no-JS users), and tables with class "sortable" sort by a click on a header. */

const select = document.getElementById("language-select");
if (select) select.addEventListener("change", () => select.form.submit());

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
