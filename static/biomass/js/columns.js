/* The columns of a potentials row as the page declares them ({{ columns|json_script }}):
   {column: {unit, label}}, the label translated into the page's language. The unit chosen on
   the map is the suffix of a column: <kind>_t, <kind>_pj or <kind>_gj_ha. */

export const UNITS = ["t", "pj", "gj_ha"];
// Units as older shared links spell them.
const ALIASES = { gjha: "gj_ha" };

export function normalizeUnit(unit) {
  const suffix = ALIASES[unit] || unit;
  return UNITS.includes(suffix) ? suffix : null;
}

export function readColumns(node) {
  const declared = node ? JSON.parse(node.textContent) : {};
  return {
    // The column that holds a kind of potential ("technical") in a unit ("pj").
    key: (kind, unit) => kind + "_" + unit,
    // Its unit as shown on screen, e.g. "GJ/ha/año".
    label(kind, unit) {
      const column = declared[kind + "_" + unit];
      return column ? column.label : "";
    },
  };
}
