// Charts and labels for district supervision (区县督导) and the institutions under supervision.
//
// API (every chart: (rows, {width, lang, ...}) → a Plot figure; rows are plain objects: toRows in data.js)
//   TIER_COLORS {A, B, C}; tierLabel(tier, tiers, lang) → "A 优秀"
//   rankingChart(scores, {width, lang, tiers, names})        scores: marts.district_scorecard rows of one year, districts only
//   scoreHeatmap(items, {width, lang, names, registry})       items: scorecard-items rows of one year (districts)
//   scoreTrendChart(scores, {width, lang, names, highlight})  all years, districts only; highlight: the area codes
//                                                             drawn in colour and named (default: latest best, worst)
//   providerScatter(providers, {width, lang, rules})          provider_supervision rows of one year
//   starChart(providers, {width, lang})                       institutions by star rating and platform connection
//   flagLabel(rule, rules, lang) → the rule's description ("入住率低于20%（床位数大于0）")
//   flagShort(rule, lang) → a short name for tables ("入住率过低" / "low occupancy")
//   flagsOf(row) → ["low_occupancy", …] from the ';'-joined flags column
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {pick} from "./i18n.js";
import {labelWidth, shortLabel} from "./format.js";
import {COLORS, SEQUENTIAL, TIER} from "./palette.js";
import {changeBasis} from "./score-change.js";

// One colour per tier, shared with the slides and the .pptx (palette.js TIER).
export const TIER_COLORS = TIER;

export function tierLabel(tier, tiers, lang = "zh") {
  const row = Array.from(tiers ?? []).find((t) => t.tier === tier);
  return row ? `${tier} ${lang === "en" ? row.label_en : row.label_zh}` : tier ?? "";
}

/** Plot width never below the margins plus a usable plot area (a first render may see a narrow container). */
const atLeast = (width, margins) => Math.max(width ?? 640, margins + 120);

const fmt1 = (lang) => (v) => (v == null ? "—" : new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", {maximumFractionDigits: 1, minimumFractionDigits: 1}).format(v));

function changeText(change, lang, row = null) {
  if (change == null) return pick(lang, {zh: "无上年", en: "no prior year"});
  // a change over fewer than half of this year's items is not the score's change (score-change.js)
  if (row && changeBasis(row) === "none") return pick(lang, {zh: "不可比", en: "n/c"});
  const sign = change > 0 ? "▲ +" : change < 0 ? "▼ −" : "± ";
  return `${sign}${fmt1(lang)(Math.abs(change))}`;
}

export function rankingChart(scores, {width, lang = "zh", tiers = [], names = (c) => c} = {}) {
  const data = scores
    .filter((d) => !d.is_city)
    .map((d) => ({...d, label: shortLabel(names(d.area_code), lang), tierText: tierLabel(d.tier, tiers, lang)}));
  const thresholds = Array.from(tiers).filter((t) => t.min_score > 0);
  // room for the longest (short) name, measured
  const marginLeft = Math.ceil(16 + (d3.max(data, (d) => labelWidth(d.label, 12)) ?? 60));
  // the rank, score and change column right of the scale, as wide as its longest text (measured), so a phone's card
  // holds the chart at its own width instead of a wider one scaled down to unreadable text
  const valueText = (d) => `${d.rank ?? ""}. ${fmt1(lang)(d.score)}  ${changeText(d.score_change, lang, d)}`;
  const marginRight = Math.ceil((d3.max(data, (d) => labelWidth(valueText(d), 12)) ?? 100) + 14);
  const w = Math.max(width ?? 640, marginLeft + marginRight + 100);
  return Plot.plot({
    width: w,
    height: Math.max(120, data.length * 30 + 50),
    marginLeft,
    marginRight,
    x: {domain: [0, 100], label: pick(lang, {zh: "综合得分（0–100）", en: "Score (0–100)"}), grid: true},
    y: {label: null, domain: d3.sort(data, (d) => d.rank ?? Infinity).map((d) => d.label)},
    // the legend lists the tiers some district is in (a swatch with no bar reads as a series that failed to draw)
    color: {
      type: "ordinal",
      domain: Object.keys(TIER_COLORS).filter((t) => data.some((d) => d.tier === t)),
      range: Object.keys(TIER_COLORS).filter((t) => data.some((d) => d.tier === t)).map((t) => TIER_COLORS[t]),
      legend: true,
      tickFormat: (t) => tierLabel(t, tiers, lang)
    },
    marks: [
      Plot.barX(data, {x: "score", y: "label", fill: "tier", tip: {format: {fill: false}}, title: (d) => `${d.label}\n${pick(lang, {zh: "得分", en: "Score"})} ${fmt1(lang)(d.score)} · ${d.tierText}\n${pick(lang, {zh: "较上年", en: "vs last year"})} ${changeText(d.score_change, lang, d)}`}),
      // rank, score and change in a column right of the scale's end (100), clear of the tier bounds' dashed lines
      Plot.text(data, {x: 100, y: "label", text: valueText, textAnchor: "start", dx: 8, fill: "currentColor", fontSize: 12, ariaLabel: "value label"}),
      Plot.ruleX(thresholds, {x: "min_score", stroke: "currentColor", strokeDasharray: "3,3", strokeOpacity: 0.6}),
      Plot.ruleX([0])
    ]
  });
}

export function scoreHeatmap(items, {width, lang = "zh", names = (c) => c} = {}) {
  const data = items.map((d) => ({
    ...d,
    area: shortLabel(names(d.area_code), lang),
    ind: (lang === "en" ? d.name_en : d.name_zh) ?? d.indicator
  }));
  const indicators = d3.sort(d3.rollups(data, (v) => v[0].sort_order ?? 0, (d) => d.ind), (d) => d[1]).map((d) => d[0]);
  const areas = d3.sort(d3.rollups(data, (v) => d3.mean(v, (d) => d.score) ?? -1, (d) => d.area), (d) => -d[1]).map((d) => d[0]);
  const suppressed = pick(lang, {zh: "已抑制", en: "suppressed"});
  // room for the longest (short) district name, measured
  const marginLeft = Math.ceil(16 + (d3.max(areas, (a) => labelWidth(a, 12)) ?? 60));
  const w = atLeast(width, marginLeft + 20);
  // Indicator names wrap over a few lines above their column instead of being rotated. A column narrower than a
  // short word (a phone) is headed by its number, with the names listed under the chart.
  const column = (w - marginLeft) / indicators.length;
  const numbered = column < (lang === "en" ? 64 : 40);
  const chars = Math.max(3, Math.floor(column / (lang === "en" ? 6.5 : 12)) - 1);
  // a Chinese name in lines of even length (11 characters in two lines of 6 and 5, never 10 and an orphan)
  const even = (t) => {
    const glyphs = [...t];
    const per = Math.ceil(glyphs.length / Math.ceil(glyphs.length / chars));
    return d3.range(0, glyphs.length, per).map((i) => glyphs.slice(i, i + per).join(""));
  };
  const heading = (t) => (numbered ? String(indicators.indexOf(t) + 1) : lang === "en" ? t : even(t).slice(0, 3).join("\n"));
  const plot = Plot.plot({
    width: w,
    height: Math.max(140, areas.length * 30 + 100),
    marginLeft,
    marginBottom: 10,
    marginTop: numbered ? 24 : 64,
    x: {domain: indicators},
    y: {domain: areas, label: null},
    color: {type: "linear", domain: [0, 100], scheme: "blues", legend: true, label: pick(lang, {zh: "指标得分（0–100）", en: "Indicator score (0–100)"})},
    marks: [
      // Plot wraps lines at spaces only: Chinese names are cut into lines of `chars` characters by hand.
      Plot.axisX({anchor: "top", label: null, tickSize: 0, fontSize: 11, lineHeight: 1.2, lineWidth: lang === "en" && !numbered ? Math.max(4, Math.floor(chars * 0.55)) : Infinity,
        tickFormat: heading}),
      Plot.cell(data, {x: "ind", y: "area", fill: (d) => (d.suppressed ? null : d.score), stroke: "var(--theme-background)", inset: 1,
        title: (d) => `${d.area} · ${d.ind}\n${d.suppressed ? suppressed : `${pick(lang, {zh: "数值", en: "Value"})} ${fmt1(lang)(d.value)} / ${pick(lang, {zh: "目标", en: "target"})} ${fmt1(lang)(d.target)}\n${pick(lang, {zh: "得分", en: "Score"})} ${fmt1(lang)(d.score)}`}`, tip: true}),
      // Suppressed cells are drawn empty with a word, never as zero.
      Plot.cell(data.filter((d) => d.suppressed), {x: "ind", y: "area", fill: SEQUENTIAL.suppressed, inset: 1}),
      Plot.text(data, {x: "ind", y: "area", text: (d) => (d.suppressed ? suppressed : d3.format(".0f")(d.score)),
        fill: (d) => (d.suppressed ? COLORS.note : d.score > 60 ? "white" : "black"), fontSize: numbered && column < 30 ? 10 : 12})
    ]
  });
  if (!numbered) return plot;
  const key = document.createElement("ol");
  key.className = "heatmap-key";
  key.style.cssText = "margin:0.25rem 0 0;padding-left:1.6rem;font-size:0.8rem;line-height:1.35";
  for (const name of indicators) {
    const li = document.createElement("li");
    li.textContent = name;
    key.append(li);
  }
  const box = document.createElement("div");
  box.append(plot, key);
  return box;
}

export function scoreTrendChart(scores, {width, lang = "zh", names = (c) => c, highlight} = {}) {
  // A year whose scored items differ from the year before (comparable = false) starts a new line: two scores over
  // different items are not drawn as a jump.
  const segment = new Map();
  const data = d3.sort(scores.filter((d) => !d.is_city && d.score != null), (d) => d.year).map((d) => {
    const n = (segment.get(d.area_code) ?? 0) + (d.comparable === false ? 1 : 0);
    segment.set(d.area_code, n);
    return {...d, area: shortLabel(names(d.area_code), lang), line: `${d.area_code} ${n}`};
  });
  const years = d3.sort(new Set(data.map((d) => d.year)));
  const lastYear = years.at(-1);
  // Twelve districts cannot take twelve colours a reader tells apart, nor twelve names at the lines' ends (they
  // crowd in a column under the latest dots): the districts a headline names (highlight; by default the latest
  // year's highest and lowest) in colour and named at their last point; the others thin and grey, named in the
  // tooltip.
  const latest = d3.sort(data.filter((d) => d.year === lastYear), (d) => -d.score);
  const codes = [...new Set((highlight ?? [latest[0]?.area_code, latest.at(-1)?.area_code]).filter((c) => c != null))].slice(0, HIGHLIGHT.length);
  const colour = new Map(codes.map((c, i) => [c, HIGHLIGHT[i]]));
  const height = 320, marginTop = 20, marginBottom = 36;
  const y = (v) => marginTop + (1 - v / 100) * (height - marginTop - marginBottom);
  const inv = (py) => 100 * (1 - (py - marginTop) / (height - marginTop - marginBottom));
  // the names right of their last dots, moved apart where the scores are close (and back up from the chart's foot)
  const LINE = 14;
  const ends = d3.sort(codes.map((c) => d3.greatest(data.filter((d) => d.area_code === c), (d) => d.year)).filter(Boolean), (d) => -d.score)
    .map((d) => ({...d, py: y(d.score)}));
  for (let i = 1; i < ends.length; i++) ends[i].py = Math.max(ends[i].py, ends[i - 1].py + LINE);
  const over = (ends.at(-1)?.py ?? 0) - (height - marginBottom - LINE / 2);
  if (over > 0) for (const e of ends) e.py -= over;
  const marginRight = Math.ceil((d3.max(ends, (d) => labelWidth(d.area, 12)) ?? 0) + 20);
  const background = data.filter((d) => !colour.has(d.area_code));
  const foreground = data.filter((d) => colour.has(d.area_code));
  // where the items scored changed, a dashed rule between the two years: the scores either side are not comparable
  const breaks = d3.sort(new Set(data.filter((d) => d.comparable === false && years.includes(d.year - 1)).map((d) => d.year - 0.5)));
  // the breaks' note beside the (last) rule, on the side with room for it, else on two lines: never over the y axis
  const w = atLeast(width, 60 + marginRight);
  const marginLeft = 40;
  const breakNote = pick(lang, {zh: "计分项变化，前后不可比", en: "items changed: not comparable"});
  const bx = breaks.length && years.length > 1 ? marginLeft + ((breaks.at(-1) - years[0]) / (years.at(-1) - years[0])) * (w - marginLeft - marginRight) : 0;
  const note = (() => {
    const one = labelWidth(breakNote, 11);
    const [left, right] = [bx - marginLeft - 10, w - marginRight - bx - 10];
    if (one <= left) return {text: breakNote, anchor: "end"};
    if (one <= right) return {text: breakNote, anchor: "start"};
    const two = breakNote.replace(/([:，])\s*/, "$1\n");
    return {text: two, anchor: left >= right ? "end" : "start"};
  })();
  return Plot.plot({
    width: w,
    height,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    color: {type: "identity"},
    x: {domain: years.length > 1 ? undefined : [years[0] - 1, years[0] + 1], tickFormat: "d", label: pick(lang, {zh: "年份", en: "Year"}), ticks: years},
    y: {domain: [0, 100], grid: true, label: pick(lang, {zh: "综合得分", en: "Score"})},
    marks: [
      Plot.ruleX(breaks, {stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.6}),
      Plot.text(breaks.slice(-1), {x: (d) => d, y: 0, text: () => note.text, textAnchor: note.anchor, lineAnchor: "bottom", dx: note.anchor === "end" ? -6 : 6, dy: -4, fontSize: 11, fill: "currentColor",
        stroke: "var(--theme-background)", strokeWidth: 3}),
      Plot.lineY(background, {x: "year", y: "score", z: "line", stroke: COLORS.grey, strokeOpacity: 0.45, strokeWidth: 1}),
      Plot.dot(background, {x: "year", y: "score", fill: COLORS.grey, fillOpacity: 0.55, r: 2.5}),
      Plot.lineY(foreground, {x: "year", y: "score", z: "line", stroke: (d) => colour.get(d.area_code), strokeWidth: 2.5}),
      Plot.dot(foreground, {x: "year", y: "score", fill: (d) => colour.get(d.area_code), r: 4}),
      Plot.text(ends, {x: "year", y: (d) => inv(d.py), text: "area", textAnchor: "start", dx: 8, fill: (d) => colour.get(d.area_code), fontWeight: 700, fontSize: 12,
        stroke: "var(--theme-background)", strokeWidth: 3}),
      Plot.tip(data, Plot.pointer({x: "year", y: "score", title: (d) => `${d.area} ${d.year}: ${fmt1(lang)(d.score)}`}))
    ]
  });
}

/** The colours of the districts a score chart names (text colours: ≥ 4.5:1, palette.js). */
const HIGHLIGHT = [COLORS.blue, COLORS.vermillion, "#6a51a3"];

export function flagsOf(row) {
  return row?.flags ? String(row.flags).split(";").filter(Boolean) : [];
}

const FLAG_SHORT = {
  low_occupancy: {zh: "入住率过低", en: "low occupancy"},
  over_occupancy: {zh: "超员入住", en: "over capacity"},
  no_nursing_beds: {zh: "无护理型床位", en: "no nursing beds"},
  unrated_long: {zh: "长期未评星", en: "long unrated"}
};

/** A two-to-four-word name of a flag rule for tables (the rule's full description is in outlier_rules). */
export function flagShort(rule, lang = "zh") {
  return FLAG_SHORT[rule] ? pick(lang, FLAG_SHORT[rule]) : rule;
}

export function flagLabel(rule, rules, lang = "zh") {
  const row = Array.from(rules ?? []).find((r) => r.rule === rule);
  return row ? (lang === "en" ? row.description_en : row.description_zh) : rule;
}

export function providerScatter(providers, {width, lang = "zh", rules = [], nursingTarget = null} = {}) {
  const threshold = (rule, fallback) => Array.from(rules).find((r) => r.rule === rule)?.threshold ?? fallback;
  const flagged = pick(lang, {zh: "有预警", en: "Flagged"});
  const clean = pick(lang, {zh: "无预警", en: "No flag"});
  const data = providers
    .filter((d) => d.occupancy_pct != null && d.nursing_share_pct != null)
    .map((d) => ({...d, group: d.flag_count > 0 ? flagged : clean}));
  const maxX = Math.max(110, d3.max(data, (d) => d.occupancy_pct) ?? 0);
  // the target's label where no bubble touches it: in full, else short ("目标 60%"), else under the chart (a phone's
  // crowded 45–60 % band leaves no free spot on the line)
  const spotArgs = {nursingTarget, low: threshold("low_occupancy", 20), high: threshold("over_occupancy", 100), maxX, width: atLeast(width, 60)};
  const spot = nursingTarget == null ? null
    : [targetText, shortTargetText].reduce((found, text) => found ?? targetSpot(data, {...spotArgs, text: text(nursingTarget)}, {free: true}), null);
  const caption = nursingTarget != null && !spot ? pick(lang, {zh: `灰色点线为护理型床位目标 ${nursingTarget}%`, en: `grey dotted line: nursing target ${nursingTarget}%`}) : null;
  return Plot.plot({
    width: atLeast(width, 60),
    height: 340,
    ...(caption ? {caption} : {}),
    x: {domain: [0, maxX], label: pick(lang, {zh: "入住率（%）", en: "Occupancy (%)"}), grid: true},
    // inset by the largest bubble's radius: a bubble at 100 % stays under the axis label, not over it
    y: {domain: [0, 100], label: pick(lang, {zh: "护理型床位占比（%）", en: "Nursing-bed share (%)"}), grid: true, insetTop: 14},
    r: {range: [3, 14], label: pick(lang, {zh: "床位", en: "Beds"})},
    color: {domain: [flagged, clean], range: [COLORS.vermillion, COLORS.sky], legend: true},
    symbol: {domain: [flagged, clean], range: ["triangle", "circle"]},
    marks: [
      Plot.ruleX([threshold("low_occupancy", 20), threshold("over_occupancy", 100)], {stroke: COLORS.vermillion, strokeDasharray: "4,3"}),
      // the nursing-bed share target in force (marts.targets_in_force via the scorecard items), never a constant
      Plot.ruleY(nursingTarget == null ? [] : [nursingTarget], {stroke: "currentColor", strokeDasharray: "2,3", strokeOpacity: 0.5}),
      Plot.dot(data, {x: "occupancy_pct", y: "nursing_share_pct", r: "beds", stroke: "group", fill: "group", fillOpacity: 0.35, symbol: "group",
        tip: true, title: (d) => `${d.name}\n${pick(lang, {zh: "入住率", en: "Occupancy"})} ${fmt1(lang)(d.occupancy_pct)}% · ${pick(lang, {zh: "护理型床位", en: "nursing beds"})} ${fmt1(lang)(d.nursing_share_pct)}%\n${pick(lang, {zh: "床位", en: "beds"})} ${d.beds}${d.flag_count ? `\n⚠ ${flagsOf(d).map((f) => flagLabel(f, rules, lang)).join("; ")}` : ""}`}),
      // Names only while they stay legible; the list below the chart names every flagged institution.
      Plot.text(data.filter((d) => d.flag_count > 0).length <= 6 ? data.filter((d) => d.flag_count > 0) : [], {x: "occupancy_pct", y: "nursing_share_pct", text: "name", dy: -12, fontSize: 10, fill: "currentColor"}),
      // the target's label after the bubbles, with a halo, where no bubble touches it (targetSpot), between the two
      // occupancy lines
      Plot.text(spot ? [nursingTarget] : [], {x: () => spot.x, y: (d) => d, text: () => spot.text, textAnchor: "start", dx: 4, dy: spot.side * 8,
        fill: "currentColor", fontSize: 11, fontWeight: 600, stroke: "var(--theme-background)", strokeWidth: 3})
    ]
  });
  function targetText(d) {
    return pick(lang, {zh: `护理型床位目标 ${d}%`, en: `nursing target ${d}%`});
  }
  function shortTargetText(d) {
    return pick(lang, {zh: `目标 ${d}%`, en: `target ${d}%`});
  }
}

/**
 * Where the target line's label goes: {x (data units, its start), side (−1 above the line, 1 below)} — the first spot
 * whose box no institution's bubble touches, from just right of the low-occupancy line rightwards (never across the
 * over-occupancy line), above, then below; else the spot touching the fewest. Pixels as Plot draws the chart: default
 * margins (about 40 px left, 20 right, 20 top, 30 bottom), the y inset of 14, bubbles of radius 3–14 by beds (sqrt).
 */
function targetSpot(data, {nursingTarget, low, high, maxX, width, text}, {free = false} = {}) {
  if (nursingTarget == null) return {x: low, side: -1, text};
  const px = (x) => 40 + (x / maxX) * (width - 60);
  const py = (y) => 340 - 30 - (y / 100) * (340 - 30 - 20 - 14);
  const maxBeds = d3.max(data, (d) => d.beds) || 1;
  const bubbles = data.map((d) => [px(d.occupancy_pct), py(d.nursing_share_pct), 3 + 11 * Math.sqrt(Math.max(0, d.beds ?? 0) / maxBeds)]);
  const w = labelWidth(text, 11) + 8;
  const touches = (box) => bubbles.filter(([x, y, r]) => x + r > box.x && x - r < box.x + box.w && y + r > box.y && y - r < box.y + box.h).length;
  const first = px(low) + 4, last = px(high) - 4 - w;
  let best = null;
  for (let k = 0; k <= 10; k++) {
    const x = last > first ? first + ((last - first) * k) / 10 : first;
    for (const side of [-1, 1]) {
      const n = touches({x, y: py(nursingTarget) + side * 8 - 7, w, h: 14});
      if (!best || n < best.n) best = {n, x, side};
      if (!n) return {x: ((x - 4 - 40) / (width - 60)) * maxX, side, text};
    }
    if (last <= first) break;
  }
  // free: only a spot no bubble touches (null when there is none), else the one touching the fewest
  if (free) return null;
  return {x: ((best.x - 4 - 40) / (width - 60)) * maxX, side: best.side, text};
}

export function starChart(providers, {width, lang = "zh"} = {}) {
  const on = pick(lang, {zh: "已接入平台", en: "On platform"});
  const off = pick(lang, {zh: "未接入平台", en: "Not on platform"});
  const starName = (s) => (s > 0 ? pick(lang, {zh: `${s}星`, en: `${s}★`}) : pick(lang, {zh: "未评星", en: "Unrated"}));
  const data = d3
    .rollups(providers, (v) => v.length, (d) => d.star ?? 0, (d) => (d.on_platform ? on : off))
    .flatMap(([star, groups]) => groups.map(([platform, count]) => ({star, starText: starName(star), platform, count})));
  const stars = d3.sort(new Set(data.map((d) => d.star))).map(starName);
  // the legend lists the groups that have a bar
  const groups = [on, off].filter((g) => data.some((d) => d.platform === g));
  return Plot.plot({
    width: atLeast(width, 90),
    height: Math.max(120, stars.length * 32 + 60),
    marginLeft: 70,
    x: {label: pick(lang, {zh: "机构数", en: "Institutions"}), grid: true, tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    y: {domain: stars, label: null},
    color: {domain: groups, range: groups.map((g) => (g === on ? COLORS.green : COLORS.grey)), legend: true},
    marks: [
      Plot.barX(data, {x: "count", y: "starText", fill: "platform", tip: true}),
      // white on the green and grey bars (≥ 4.5:1, palette.js), bold: black on dark green could hardly be read
      Plot.text(data, Plot.stackX({x: "count", y: "starText", z: "platform", text: (d) => d.count, fill: "white", fontWeight: 700, fontSize: 12})),
      Plot.ruleX([0])
    ]
  });
}
