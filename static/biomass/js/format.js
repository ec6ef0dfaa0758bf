/* Text for the page: the translation function of Django's JavaScript catalog, numbers in the
   page's language, and "%(name)s" placeholders filled in. */

export const lang = document.documentElement.lang || "es";

const gettext = globalThis.gettext;
export const _ = typeof gettext === "function" ? gettext : (s) => s;

// One number format per language, the same as the server's pages (config/formats/): Spanish
// as written in Mexico and most of Central America (1,957,847.5) unless the browser asks for
// another Spanish-speaking region, English as in the United States; thousands grouped from
// four digits up. Years and codes (EPSG, ISO) are not numbers for reading: never format them.
const REGIONS = { es: "es-MX", en: "en-US" };

export function numberLocale(pageLang, browserLangs) {
  const base = (pageLang || "es").slice(0, 2).toLowerCase();
  const asked = (browserLangs || []).find((tag) => /^[a-z]{2}-[A-Za-z0-9]{2,3}$/.test(tag) && tag.slice(0, 2).toLowerCase() === base);
  return asked || REGIONS[base] || base;
}

export const locale = numberLocale(lang, globalThis.navigator ? navigator.languages : []);

const formatters = new Map();

function formatter(options) {
  const key = JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locale, { useGrouping: "always", ...options }));
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
