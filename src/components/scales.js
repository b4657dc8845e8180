// Colour classes for maps: plain functions (no Plot, no DOM), so tests can call them in Node.
//
// API
//   classBreaks(values, {classes = 5}) → ascending thresholds for a Plot `threshold` colour scale at the values'
//     quantiles (each class holds about as many areas as the others; none is empty), rounded for reading without
//     moving any area to another class. A single outlier then takes one class, not the whole ramp (a linear scale
//     from the minimum to the outlier would put every other area in the lightest shades).
//   classLabel(breaks, i, format) → "< 20", "20–25", "≥ 30": the range of class i, for legends and tooltips

/** x rounded down to `digits` significant figures. */
function floorSignificant(x, digits) {
  if (x === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  return Number((Math.floor(x / step) * step).toPrecision(12));
}

export function classBreaks(values, {classes = 5} = {}) {
  const sorted = Array.from(values ?? []).filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  const len = sorted.length;
  if (len < 2 || sorted[0] === sorted[len - 1]) return [];
  const n = Math.max(2, Math.min(classes, len));
  const min = sorted[0];
  // Each break is a value of the data at its quantile's rank, above the minimum and the break before: every class
  // then holds at least the value it starts with (an interpolated quantile could leave a class empty).
  const exact = [];
  for (let k = 1; k < n; k++) {
    let i = Math.min(len - 1, Math.ceil((len * k) / n));
    while (i < len && (sorted[i] <= min || (exact.length && sorted[i] <= exact[exact.length - 1]))) i++;
    if (i >= len) break;
    exact.push(sorted[i]);
  }
  // For reading, as few significant figures as change no area's class: a break rounded down stays above the
  // largest value below it (18, 24, 29, 31 rather than 19.5, 24.9, 29.2, 31.6).
  const below = exact.map((b) => sorted.filter((v) => v < b).at(-1));
  for (let digits = 2; digits <= 6; digits++) {
    const rounded = exact.map((b) => floorSignificant(b, digits));
    if (rounded.every((r, i) => r > below[i] && r <= exact[i])) return rounded;
  }
  return exact;
}

export function classLabel(breaks, i, format = String) {
  if (!breaks.length) return "";
  if (i <= 0) return `< ${format(breaks[0])}`;
  if (i >= breaks.length) return `≥ ${format(breaks[breaks.length - 1])}`;
  return `${format(breaks[i - 1])}–${format(breaks[i])}`;
}
