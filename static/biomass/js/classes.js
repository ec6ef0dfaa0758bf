/* Classes of a choropleth: a colour-blind-safe sequential palette (viridis, 5 classes), the
   no-data colour, class breaks at quantiles rounded to two significant digits. */

export const PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
export const NO_DATA = "#d9d9d9";

export function niceNumber(x) {
  if (x === 0) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 1);
  return Math.round(x / p) * p;
}

// Up to four increasing breaks from the positive values (none without positive values).
export function breaksFor(values) {
  const xs = values.filter((v) => v !== null && v > 0).sort((a, b) => a - b);
  if (xs.length === 0) return [];
  const breaks = [];
  for (let i = 1; i < PALETTE.length; i++) {
    const b = niceNumber(xs[Math.min(xs.length - 1, Math.floor((i * xs.length) / PALETTE.length))]);
    if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

// Differences between two scenarios: a diverging palette (less: red, more: blue; colour-blind
// safe, ColorBrewer RdBu) around a class that holds zero, with symmetric breaks.
export const DIVERGING = ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"];

// The breaks come from the spread of the magnitudes: only the smallest tenth of the changes is
// white, half of them are in the strong classes; one large change does not whiten the others.
export function differenceBreaks(values) {
  const sizes = values.filter((v) => v !== null && v !== 0).map(Math.abs).sort((a, b) => a - b);
  if (sizes.length === 0) return [];
  const at = (q) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))];
  const inner = niceNumber(at(0.1));
  const outer = Math.max(niceNumber(at(0.55)), inner * 2);
  return [-outer, -inner, inner, outer];
}

export function colourFor(value, breaks, palette = PALETTE) {
  if (value === null || value === undefined) return NO_DATA;
  for (let i = 0; i < breaks.length; i++) if (value < breaks[i]) return palette[i];
  return palette[breaks.length];
}
