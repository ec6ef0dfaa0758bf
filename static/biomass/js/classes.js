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

export function differenceBreaks(values) {
  const top = Math.max(0, ...values.filter((v) => v !== null).map(Math.abs));
  if (top === 0) return [];
  const [outer, inner] = [niceNumber(top * 0.6), niceNumber(top * 0.2)];
  return outer > inner && inner > 0 ? [-outer, -inner, inner, outer] : [-0.6 * top, -0.2 * top, 0.2 * top, 0.6 * top];
}

export function colourFor(value, breaks, palette = PALETTE) {
  if (value === null || value === undefined) return NO_DATA;
  for (let i = 0; i < breaks.length; i++) if (value < breaks[i]) return palette[i];
  return palette[breaks.length];
}
