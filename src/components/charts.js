// Chart builders the pages share: (data, {width, lang, ...}) → a Plot chart; they never load data.
//
// API
//   trendChart(rows, {width, lang, height, yLabel, yDomain, rules, colorDomain, colorRange, format, legend})
//     rows {year, value, projected, series, lo, hi, partial}: one line per series; observed solid with dots,
//     projected dashed over a shaded band labelled "预测 / Projected", with its prediction interval [lo, hi] (v2,
//     from the marts' pi_lower / pi_upper) as a band of the series' colour; a `partial` row (a flow of a partial
//     year, e.g. Jan–Oct) is a hollow dot off the line labelled with `partial` (its text), never joined to whole
//     years; rules [{value, label}] draw reference lines (e.g. 14 %).
//   barsVsTarget(rows, {width, lang, target, targetLabel, city, format, names, xLabel, sort})
//     rows {area_code, value, status, suppressed}: horizontal bars coloured by target status (with ✓/✗ in
//     the value label, never colour alone); suppressed rows say "已抑制" instead of drawing a zero bar;
//     target: a rule; rows whose own `target` differs get a dashed tick at it; city: the city value as a dashed rule;
//     value labels never crossed by those lines (placeValueLabels); max: the scale's end for a bounded measure
//     (an index of 0–100), else a little past the largest value; emphasis {area_code: colour}: bars drawn in a
//     colour of their own (the districts a headline names; dark colours, for the white labels inside).
//   placeValueLabels(items, {rules, max, left, right, fontSize}) → where value labels clear reference lines
//   dotPlot(rows, {width, lang, domain, city, format, names, order, xLabel, yAxis}) → districts as dots on the
//     measure's whole scale (rates 0–100, ratings 1–5), each value written at the row's start, the city as a dashed
//     line; yAxis: false leaves the names to a chart beside it in the same order
//   pyramidChart(rows, {width, lang, compare, height})
//     rows {sex, age_lo, age_hi, population}; males left, females right, as % of the total; compare: rows
//     of another year drawn as an outline (e.g. the latest observed year under a projected one).
//   ageBandLabel(age_lo, age_hi) → "60–64" / "85+"
//   statusCaption(lang) → the colour key text for barsVsTarget
//   namesAboveBars(data, {x, y, text, dy, lineAnchor, lineWidth, lineHeight, halo}) → on a phone, the Plot.text mark
//     of each row's name on its own line above its bar (the y axis off), used by the task ledger, the methods
//     page's rejection reasons and the district profile's comparison
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {pick} from "./i18n.js";
import {STATUS_COLORS, countTickFormat, labelWidth, shortLabel, statusColor, statusSymbol} from "./format.js";
import {COLORS, SERIES} from "./palette.js";

const PROJECTED = {zh: "预测", en: "Projected"};
const MIN_WIDTH = 280;
// value labels at bar ends: 11 px (Plot's 10 px default is too small to read off a screen at arm's length)
const VALUE_FONT = 11;
// half the gap between two bars of barsVsTarget (Plot's band padding 0.1 of a 26 px row)
const BAR_INSET = 1.3;

export function trendChart(rows, options = {}) {
  const {lang = "zh", height = 320, yLabel = null, yDomain, rules = [], colorDomain, colorRange, legend = true} = options;
  // A floor on the width: a too-narrow first layout would give marks negative sizes.
  const width = Math.max(MIN_WIDTH, options.width ?? 640);
  const format = options.format ?? ((v) => d3.format(",.1f")(v));
  const data = rows.filter((d) => d.value != null);
  const partial = data.filter((d) => d.partial && !d.projected);
  const observed = data.filter((d) => !d.projected && !d.partial);
  const lastObserved = d3.rollup(observed, (v) => d3.max(v, (d) => d.year), (d) => d.series);
  // The dashed line starts at the last observed point, so observed and projected join up.
  const projected = data.filter((d) => d.projected || d.year === lastObserved.get(d.series));
  // the interval band starts from the last observed value (no uncertainty there)
  const band = projected
    .filter((d) => !d.projected || (d.lo != null && d.hi != null))
    .map((d) => (d.projected ? d : {...d, lo: d.value, hi: d.value}));
  const hasBand = band.some((d) => d.projected);
  const years = data.map((d) => d.year);
  const firstProjected = d3.min(data.filter((d) => d.projected), (d) => d.year);
  const maxYear = d3.max(years);
  const intervalNote = pick(lang, {zh: "色带为预测区间", en: "band = interval"});
  const marks = [];
  if (firstProjected != null) {
    marks.push(Plot.rectX([{x1: firstProjected - 0.5, x2: maxYear + 0.5}], {x1: "x1", x2: "x2", fill: "currentColor", fillOpacity: 0.045}));
  }
  const projectedText = hasBand ? `${pick(lang, PROJECTED)} · ${intervalNote}` : pick(lang, PROJECTED);
  for (const rule of rules) marks.push(Plot.ruleY([rule.value], {stroke: "var(--theme-foreground-muted)", strokeDasharray: "2,3"}));
  if (hasBand) marks.push(Plot.areaY(band, {x: "year", y1: "lo", y2: "hi", fill: "series", z: "series", fillOpacity: 0.16}));
  marks.push(
    Plot.line(observed, {x: "year", y: "value", stroke: "series", z: "series", strokeWidth: 2}),
    Plot.line(projected, {x: "year", y: "value", stroke: "series", z: "series", strokeWidth: 2, strokeDasharray: "5,4"}),
    Plot.dot(observed, {x: "year", y: "value", fill: "series", r: 2.5}),
    Plot.dot(partial, {x: "year", y: "value", stroke: "series", fill: "var(--theme-background)", r: 3.5, strokeWidth: 1.5}),
    Plot.text(partial, {x: "year", y: "value", text: "partial", dy: -10, fill: "var(--theme-foreground-muted)", fontSize: 11}),
    Plot.tip(
      data,
      Plot.pointer({
        x: "year",
        y: "value",
        title: (d) =>
          `${d.series}\n${d.year}${d.partial ? ` ${d.partial}` : ""}${d.projected ? pick(lang, {zh: "（预测）", en: " (projected)"}) : ""}: ${format(d.value)}` +
          (d.projected && d.lo != null ? `\n${pick(lang, {zh: "预测区间", en: "interval"})} ${format(d.lo)}–${format(d.hi)}` : "")
      })
    )
  );
  const plot = (extra) => Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: {label: null, tickFormat: "d", ticks: Math.min(12, Math.round(width / 70))},
    y: {label: yLabel, grid: true, domain: yDomain, nice: true, tickFormat: countTickFormat(lang)},
    color: {legend, domain: colorDomain, range: colorRange, ...(colorRange ? {} : {range: SERIES})},
    marks: [...marks, ...extra]
  });
  if (!data.length || (!rules.length && firstProjected == null)) return plot([]);
  // the rules' labels and the projection's label where no line runs through them: drawn once to learn the scales
  // (the labels change none)
  const first = plot([]);
  const x = first.scale("x"), y = first.scale("y");
  const samples = lineSamples(d3.groups(data, (d) => d.series).map(([, v]) => v.map((d) => [d.year, d.value])), {x, y});
  const extra = ruleLabels(rules, {x, y, samples, years});
  if (firstProjected != null) {
    // at the top of the shaded projection, else at its bottom, whichever no line crosses (the top when both are clear)
    const w = labelWidth(projectedText, 12) + 8;
    const cx = (x.apply(firstProjected - 0.5) + x.apply(maxYear + 0.5)) / 2;
    const [top, bottom] = [Math.min(...y.range), Math.max(...y.range)];
    const hits = (y0, y1) => samples.filter(([px, py]) => Math.abs(px - cx) <= w / 2 + 2 && py >= y0 - 1 && py <= y1 + 1).length;
    const atTop = hits(top, top + 20) <= hits(bottom - 20, bottom);
    extra.push(Plot.text([{x: (firstProjected - 0.5 + maxYear + 0.5) / 2}], {x: "x", frameAnchor: atTop ? "top" : "bottom", dy: atTop ? 4 : -4,
      lineAnchor: atTop ? "top" : "bottom", text: () => projectedText, fill: "var(--theme-foreground-muted)", fontSize: 12, stroke: "var(--theme-background)", strokeWidth: 3}));
  }
  return plot(extra);
}

/** Points every ~2 px along the lines ([[year, value], …] each), in pixels of the scales x and y. */
function lineSamples(lines, {x, y}) {
  const samples = [];
  for (const line of lines) {
    const pts = line.map(([a, b]) => [x.apply(a), y.apply(b)]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    for (let i = 1; i < pts.length; i++) {
      const [[ax, ay], [bx, by]] = [pts[i - 1], pts[i]];
      const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 2));
      for (let k = 0; k <= n; k++) samples.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
    }
  }
  return samples;
}

/**
 * Text marks for a trend chart's reference lines, each placed where none of the lines crosses it: above or below
 * its rule, at the chart's left or right end or in between, on one line or (when no spot is clear) broken after its
 * colon onto two, the first of those that is clear (else the one crossed least).
 */
function ruleLabels(rules, {x, y, samples, years}) {
  const FONT = 11;
  const [x0, x1] = [x.apply(d3.min(years)), x.apply(d3.max(years))];
  const taken = [];
  const out = [];
  for (const rule of rules) {
    const ry = y.apply(rule.value);
    let best = null;
    // the label on one line, else (a narrow chart) broken after its colon onto two
    const variants = [rule.label, ...(/[:：]\s*/.test(rule.label) ? [rule.label.replace(/([:：])\s*/, "$1\n")] : [])];
    for (const text of variants) {
      const lines = text.split("\n");
      const w = d3.max(lines, (l) => labelWidth(l, FONT)) + 4;
      const h = lines.length * (FONT + 2);
      // at the left end, the right end, then at starts in between (a narrow chart, where the lines fill both ends)
      const spots = [[-1, x0], [1, x0], [-1, x1 - w], [1, x1 - w],
        ...d3.range(1, 10).flatMap((i) => [-1, 1].map((side) => [side, x0 + ((x1 - w - x0) * i) / 10]))];
      for (const [side, left] of spots) {
        // side −1: the text's box sits above the rule, 1: below it
        const box = {left, right: left + w, top: side < 0 ? ry - h - 4 : ry + 3, bottom: side < 0 ? ry - 2 : ry + h + 5};
        const hits = samples.filter(([px, py]) => px >= box.left - 2 && px <= box.right + 2 && py >= box.top - 1 && py <= box.bottom + 1).length
          + 1000 * taken.filter((t) => t.left < box.right && box.left < t.right && t.top < box.bottom && box.top < t.bottom).length;
        if (!best || hits < best.hits) best = {hits, side, anchor: left === x1 - w ? "end" : "start", box, text};
        if (!hits) break;
      }
      if (!best.hits) break;
    }
    taken.push(best.box);
    out.push(Plot.text([rule], {x: best.anchor === "start" ? x.invert(best.box.left) : d3.max(years), y: "value", text: () => best.text, textAnchor: best.anchor,
      lineAnchor: best.side < 0 ? "bottom" : "top", dy: best.side < 0 ? -3 : 4, fill: "var(--theme-foreground-muted)", fontSize: FONT,
      stroke: "var(--theme-background)", strokeWidth: 3}));
  }
  return out;
}

/**
 * A phone: each row's name on its own line above its bar, from `x` (the scale's start), the chart's whole width (in a
 * left margin it would leave the bars no room, or be cut to a few words). The caller turns the y axis off and draws
 * its bars in the lower part of each row; `dy` lifts the name into the upper part. lineAnchor / lineWidth /
 * lineHeight: Plot's, for a name that may wrap; halo: a stroke of the card's colour, so the grid lines stop at the
 * name instead of running through its glyphs.
 */
export function namesAboveBars(data, {x = 0, y, text, dy, lineAnchor, lineWidth, lineHeight, halo = true}) {
  return Plot.text(data, {
    x, y, text, textAnchor: "start", dy, fontSize: 11, fill: "currentColor",
    ...(lineAnchor ? {lineAnchor} : {}),
    ...(lineWidth ? {lineWidth} : {}),
    ...(lineHeight ? {lineHeight} : {}),
    ...(halo ? {stroke: "var(--theme-background-alt)", strokeWidth: 4} : {})
  });
}

export function statusCaption(lang = "zh") {
  return pick(lang, {
    zh: "✓ 绿色：达标；✗ 橙红：未达标；灰色：无目标；“已抑制”：样本过小不公开",
    en: "✓ green: target met; ✗ orange-red: not met; grey: no target; 'suppressed': too few records to publish"
  });
}

/**
 * Where each bar's value label goes so that no reference line (a target, the city, a tier bound) runs through it:
 * after the bar's end when that is clear; else inside the bar's end (white on the bar) when the bar is long enough;
 * else just after the last line it would cross. Pixels are those of a linear x scale [0, max] over [left, right].
 *   items   [{value, text, rules?}] (rules: this row's own reference values, e.g. its own target)
 *   rules   reference values every row has; fontSize: the label's size
 * → [{...item, at, inside}] where `at` is the label's start in data units (inside: its end, right-aligned).
 */
export function placeValueLabels(items, {rules = [], max, left, right, fontSize = 10, gap = 4}) {
  const px = (v) => left + (v / max) * (right - left);
  const data = (p) => ((p - left) / (right - left)) * max;
  return items.map((d) => {
    const w = labelWidth(d.text, fontSize);
    const lines = [...rules, ...(d.rules ?? [])].filter((r) => r != null).map(px).sort((a, b) => a - b);
    const end = px(d.value ?? 0);
    // a line just before the label's start (closer than the gap) reads as running into it too
    const crosses = (start) => lines.filter((r) => r > start - gap && r <= start + w + 1);
    let start = end + gap;
    if (!crosses(start).length) return {...d, at: data(start), inside: false};
    const barWidth = end - left;
    if (d.value != null && barWidth >= w + 2 * gap && !lines.some((r) => r >= end - gap - w - 1 && r <= end - gap + 1)) {
      return {...d, at: data(end - gap), inside: true};
    }
    for (let hit = crosses(start); hit.length; hit = crosses(start)) start = hit.at(-1) + gap + 1;
    // pushed far from its bar (past the city's and the target's lines, on a phone), a label reads as the value of
    // the line it sits by: it stays at its bar instead and the common lines it would cross leave a gap on its row
    // (cut: the rules' values), as a halo would; a row's own target (d.rules) is never cut
    const near = end + gap;
    if (d.value != null && start - near > FAR) {
      const own = (d.rules ?? []).filter((r) => r != null).map(px);
      if (!own.some((r) => r > near - gap && r <= near + w + 1)) {
        const cut = rules.filter((r) => r != null && px(r) > near - gap && px(r) <= near + w + 1);
        return {...d, at: data(near), inside: false, cut};
      }
    }
    return {...d, at: data(start), inside: false};
  });
}
// how far (px) past its bar's end a value label may be pushed to clear the lines before it stays by the bar
const FAR = 16;

export function barsVsTarget(rows, options = {}) {
  const {lang = "zh", target, targetLabel, city, xLabel = null, sort = "value", max, emphasis = null} = options;
  const width = Math.max(MIN_WIDTH, options.width ?? 640);
  const format = options.format ?? ((v) => d3.format(",.1f")(v));
  const names = options.names ?? ((code) => code);
  const data = rows
    .filter((d) => d.area_code !== "CITY")
    .map((d) => ({...d, name: shortLabel(names(d.area_code), lang)}));
  const order = sort === "value"
    ? d3.sort(data, (d) => -(d.value ?? -Infinity)).map((d) => d.name)
    : data.map((d) => d.name);
  const shown = data.filter((d) => !d.suppressed && d.value != null);
  const hidden = data.filter((d) => d.suppressed || d.value == null);
  const xMax = d3.max([...shown.map((d) => d.value), ...data.map((d) => d.target ?? 0), target ?? 0, city ?? 0]) || 1;
  // a bounded scale (an index of 0–100) is drawn whole: a domain cut at the data's maximum would inflate the gaps
  const domainMax = max ?? xMax * 1.12;
  // Room for the longest name: CJK glyphs are about twice as wide as Latin ones.
  // (and never more than 40 % of a narrow chart, or the bars get a negative width).
  const marginLeft = Math.min(240, width * 0.4, 16 + (d3.max(order, (n) => labelWidth(n, 12)) || 44));
  const marginRight = Math.min(60, width * 0.15);
  // Districts whose own target differs from the common one get a tick at their target.
  const ownTargets = data.filter((d) => d.target != null && d.target !== target);
  const labels = placeValueLabels(
    [
      ...shown.map((d) => ({...d, text: `${format(d.value)}${d.status ? ` ${statusSymbol(d.status)}` : ""}`})),
      ...hidden.map((d) => ({...d, value: 0, text: d.suppressed ? pick(lang, {zh: "已抑制", en: "suppressed"}) : pick(lang, {zh: "无数据", en: "no data"}), muted: true}))
    ].map((d) => ({...d, rules: d.target != null && d.target !== target ? [d.target] : []})),
    {rules: [target, city], max: domainMax, left: marginLeft, right: width - marginRight, fontSize: VALUE_FONT}
  );
  const marks = [
    Plot.barX(shown, {
      x: "value",
      y: "name",
      // the band scale has no padding (a rule drawn row by row is then one unbroken line): the gap is the bars' inset
      insetTop: BAR_INSET,
      insetBottom: BAR_INSET,
      // the districts a headline names in their own colour (emphasis: {area_code: colour}), the others by status
      fill: (d) => emphasis?.[d.area_code] ?? statusColor(d.status),
      // opaque: a value label inside a bar is white on the status colour (≥ 4.5:1, palette.js)
      tip: {format: {fill: false}},
      title: (d) => `${d.name}: ${format(d.value)}`
    }),
    Plot.text(labels.filter((d) => !d.inside), {
      x: "at",
      y: "name",
      text: "text",
      textAnchor: "start",
      fill: (d) => (d.muted ? "var(--theme-foreground-muted)" : "var(--theme-foreground)"),
      fontStyle: (d) => (d.muted ? "italic" : null),
      fontSize: VALUE_FONT,
      ariaLabel: "value label"
    }),
    Plot.text(labels.filter((d) => d.inside), {x: "at", y: "name", text: "text", textAnchor: "end", fill: "white", fontWeight: 600, fontSize: VALUE_FONT, ariaLabel: "value label"}),
    Plot.ruleX([0])
  ];
  // a common line (target, city) drawn row by row, a tick spanning each row's band; on a row whose value label it would
  // cross (placeValueLabels' cut) two ticks leave a gap of the label's height, as a halo would
  const height = Math.max(120, order.length * 26 + 60);
  const marginBottom = city != null ? 48 : 36;
  const step = (height - 24 - marginBottom) / Math.max(1, order.length);
  const halo = step / 2 + VALUE_FONT * 0.75;
  const isCut = (n, value) => labels.some((d) => d.name === n && d.cut?.includes(value));
  const rowsLine = (value, style) => [
    Plot.tickX(order.filter((n) => !isCut(n, value)), {x: () => value, y: (n) => n, ...style}),
    ...[{insetBottom: halo}, {insetTop: halo}].map((inset) => Plot.tickX(order.filter((n) => isCut(n, value)), {x: () => value, y: (n) => n, ...inset, ...style}))
  ];
  if (city != null) {
    marks.push(
      ...rowsLine(city, {stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3"}),
      Plot.text([city], {x: (d) => d, frameAnchor: "bottom", dy: 32, text: (d) => `${pick(lang, {zh: "全市", en: "City"})} ${format(d)}`, fill: "var(--theme-foreground-muted)", fontSize: 10})
    );
  }
  if (ownTargets.length) {
    marks.push(Plot.tickX(ownTargets, {x: "target", y: "name", insetTop: BAR_INSET, insetBottom: BAR_INSET, stroke: "var(--theme-foreground)", strokeWidth: 2, strokeDasharray: "3,2"}));
  }
  if (target != null) {
    marks.push(
      ...rowsLine(target, {stroke: "var(--theme-foreground)", strokeWidth: 2}),
      Plot.text([target], {x: (d) => d, frameAnchor: "top", dy: -10, text: () => targetLabel ?? `${pick(lang, {zh: "目标", en: "Target"})} ${format(target)}`, fill: "var(--theme-foreground)", fontSize: 11, fontWeight: 600})
    );
  }
  return Plot.plot({
    width,
    height,
    marginLeft,
    marginRight,
    marginTop: 24,
    marginBottom,
    x: {label: xLabel, grid: true, domain: [0, domainMax], nice: false, tickFormat: countTickFormat(lang)},
    y: {label: null, domain: order, padding: 0},
    color: {type: "identity"},
    marks
  });
}

/**
 * A dot per district on the measure's whole scale (a rate on 0–100, a rating on 1–5): close values stay close, as
 * they are, instead of an axis cut to the data's range spreading 95.2–96.0 over the chart. Each dot's value is
 * written at the left of its row (clear of dots and lines); the city is a dashed, labelled reference line.
 *   rows {area_code, value}; domain [lo, hi] the scale's ends; order: names top to bottom (default by value)
 */
export function dotPlot(rows, options = {}) {
  const {lang = "zh", domain, city, xLabel = null, order: fixedOrder, yAxis = true} = options;
  const width = Math.max(MIN_WIDTH * 0.75, options.width ?? 320);
  const format = options.format ?? ((v) => d3.format(",.1f")(v));
  const names = options.names ?? ((code) => code);
  const data = rows.filter((d) => d.area_code !== "CITY").map((d) => ({...d, name: shortLabel(names(d.area_code), lang)}));
  const order = fixedOrder ?? d3.sort(data, (d) => -(d.value ?? -Infinity)).map((d) => d.name);
  const shown = data.filter((d) => d.value != null && !d.suppressed);
  // no names when a chart beside it in the same order already gives them (yAxis: false)
  const marginLeft = yAxis ? Math.min(200, width * 0.4, 16 + (d3.max(order, (n) => labelWidth(n, 12)) || 44)) : 12;
  return Plot.plot({
    width,
    height: Math.max(120, order.length * 24 + 60),
    marginLeft,
    marginRight: 16,
    marginTop: 24,
    marginBottom: city != null ? 48 : 36,
    // the scale's ends are labelled (1 and 5 of a rating, 0 and 100 of a rate): the reader sees the whole range
    x: {label: xLabel, domain, grid: true, nice: false, ticks: domain[1] - domain[0] <= 10 ? d3.range(domain[0], domain[1] + 1) : d3.ticks(domain[0], domain[1], 4)},
    y: {label: null, domain: order, ...(yAxis ? {} : {axis: null})},
    marks: [
      Plot.ruleX([domain[0]]),
      city != null ? Plot.ruleX([city], {stroke: "var(--theme-foreground-muted)", strokeDasharray: "4,3"}) : null,
      city != null ? Plot.text([city], {x: (d) => d, frameAnchor: "bottom", dy: 32, text: (d) => `${pick(lang, {zh: "全市", en: "City"})} ${format(d)}`, fill: "var(--theme-foreground-muted)", fontSize: 10}) : null,
      Plot.dot(shown, {x: "value", y: "name", r: 4.5, fill: COLORS.blue, tip: true, title: (d) => `${d.name}: ${format(d.value)}`}),
      Plot.text(shown, {x: domain[0], y: "name", text: (d) => format(d.value), textAnchor: "start", dx: 6, fontSize: 10, fill: "var(--theme-foreground)", ariaLabel: "value label"}),
      Plot.text(data.filter((d) => !shown.includes(d)), {x: domain[0], y: "name", text: (d) => (d.suppressed ? pick(lang, {zh: "已抑制", en: "suppressed"}) : pick(lang, {zh: "无数据", en: "no data"})), textAnchor: "start", dx: 6, fill: "var(--theme-foreground-muted)", fontStyle: "italic"})
    ]
  });
}

export function ageBandLabel(lo, hi) {
  return hi == null ? `${lo}+` : `${lo}–${hi}`;
}

export function pyramidChart(rows, options = {}) {
  const {lang = "zh", compare, height} = options;
  const width = Math.max(MIN_WIDTH, options.width ?? 640);
  const share = (set) => {
    const total = d3.sum(set, (d) => d.population) || 1;
    return set.map((d) => ({...d, band: ageBandLabel(d.age_lo, d.age_hi), pct: (d.population / total) * 100, signed: ((d.sex === "male" ? -1 : 1) * d.population * 100) / total}));
  };
  const data = share(rows);
  const previous = compare ? share(compare) : [];
  const bands = d3.sort(new Set(data.map((d) => d.age_lo)), (a) => -a).map((lo) => data.find((d) => d.age_lo === lo).band);
  const max = d3.max([...data, ...previous], (d) => d.pct) || 1;
  const male = pick(lang, {zh: "男", en: "Male"});
  const female = pick(lang, {zh: "女", en: "Female"});
  const marks = [
    Plot.barX(data, {
      x: "signed",
      y: "band",
      fill: (d) => (d.sex === "male" ? COLORS.blue : COLORS.orange),
      fillOpacity: (d) => (d.projected ? 0.45 : 0.9),
      // A null stroke would drop the bar: hide the observed bars' outline with its opacity instead.
      stroke: (d) => (d.sex === "male" ? COLORS.blue : COLORS.orange),
      strokeOpacity: (d) => (d.projected ? 1 : 0),
      strokeDasharray: "3,2",
      tip: {format: {fill: false, fillOpacity: false, stroke: false, strokeOpacity: false, x: false}},
      title: (d) => `${d.sex === "male" ? male : female} ${d.band}: ${d3.format(",")(d.population)} (${d.pct.toFixed(1)}%)`
    }),
    Plot.ruleX([0])
  ];
  if (previous.length) {
    marks.push(
      Plot.line(
        previous.filter((d) => d.sex === "male"),
        {x: "signed", y: "band", curve: "step", stroke: "var(--theme-foreground)", strokeWidth: 1.2, strokeDasharray: "2,2"}
      ),
      Plot.line(
        previous.filter((d) => d.sex === "female"),
        {x: "signed", y: "band", curve: "step", stroke: "var(--theme-foreground)", strokeWidth: 1.2, strokeDasharray: "2,2"}
      )
    );
  }
  marks.push(
    Plot.text([male], {frameAnchor: "top-left", dx: 6, dy: 2, text: (d) => `← ${d}`, fontWeight: 600}),
    Plot.text([female], {frameAnchor: "top-right", dx: -6, dy: 2, text: (d) => `${d} →`, fontWeight: 600})
  );
  return Plot.plot({
    width,
    height: height ?? Math.max(260, bands.length * 18 + 60),
    marginLeft: 52,
    // at least four ticks (a phone-width pyramid otherwise keeps only its "0")
    x: {label: pick(lang, {zh: "占总人口 %", en: "% of population"}), domain: [-max * 1.1, max * 1.1], ticks: Math.max(4, Math.round(width / 80)),
      tickFormat: (d) => (Number.isInteger(d) ? Math.abs(d).toFixed(0) : Math.abs(d).toFixed(1)), grid: true},
    y: {label: null, domain: bands},
    color: {type: "identity"},
    marks
  });
}

export {STATUS_COLORS};
