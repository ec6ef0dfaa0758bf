/* Text for the page: the translation function of Django's JavaScript catalog, numbers in the
   page's language, and "%(name)s" placeholders filled in. */

export const lang = document.documentElement.lang || "es";

const gettext = globalThis.gettext;
export const _ = typeof gettext === "function" ? gettext : (s) => s;

const formatters = new Map();

function formatter(options) {
  const key = JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(lang, options));
  return formatters.get(key);
}

// A number for the screen: whole numbers from 100 up, else `digits` significant digits;
// "no data" when there is no number (never 0).
export function formatNumber(x, digits) {
  if (x === null || x === undefined) return _("no data");
  const options = Math.abs(x) >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: digits || 3 };
  return formatter(options).format(x);
}

// fill("%(a)s of %(b)s", {a: 1, b: 2}) -> "1 of 2" (the placeholders of the catalog's strings).
export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}
