// Charts for the district profiles (区县档案): the district against the city and the target, facilities by type.
//
// API
//   PROFILE_INDICATORS: the key indicators a profile compares, in order
//   comparisonRows(index, code, year, registry, lang) → [{indicator, name, unit, value, city, target,
//     target_direction, status, suppressed, vs_city (city = 100), target_vs_city}] for the key indicators
//     that have a value or a target; index: indicatorIndex(rows) from data.js
//   comparisonChart(rows, {width, lang, districtName}) → Plot: the district as an index of the city (city = 100),
//     a ring at the target on the same scale; suppressed or missing values are listed as text, never as 0
//   Each comparison row also has rank and of: the district's place among the districts with a published value
//     that year (1 = best: highest, or lowest where lower is better; highest for an indicator with no direction),
//     ties sharing the best place; null when the district's value is not published.
//   rankText(row, lang) → "第3/11" / "3rd of 11"
//   neighbours(areas, code) → {prev, next}: the districts before and after `code` in the city's order (areas rows
//     of marts.areas, city first), wrapping around; null when there is no other district
//   locatorMap(shapes, code, {lang, names, width, height}) → Plot: the city's districts in grey, `code` filled
//     (shapes: rows {code, geometry} of data/district-shapes.arrow); a note when there are no shapes
//   facilityTypeChart(rows, {width, lang, typeLabels}) → Plot: facilities per type with beds as text;
//                                          typeLabels: contractLabels(…).values("facilities", "type")
//     rows: marts.facilities_by_type rows of one area and year
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {namesAboveBars} from "./charts.js";
import {labelWidth, nameMargin, statusColor, statusSymbol} from "./format.js";
import {label, pick} from "./i18n.js";
import {COLORS, OUTLINE} from "./palette.js";
import {featureCollection} from "./map.js";
import {PROFILE_INDICATORS} from "./page-indicators.js";

// (the list lives with the pages' data files, which load these indicators for the profiles)
export {PROFILE_INDICATORS};

export function comparisonRows(index, code, year, registry, lang = "zh") {
  return PROFILE_INDICATORS.map((indicator) => {
    const ind = registry.get(indicator);
    const own = index.get(indicator, code, year);
    const city = index.get(indicator, "CITY", year);
    const value = own?.suppressed ? null : own?.value ?? null;
    const cityValue = city?.suppressed ? null : city?.value ?? null;
    const target = own?.target ?? city?.target ?? null;
    return {
      indicator,
      name: (lang === "en" ? ind?.name_en : ind?.name_zh) ?? indicator,
      unit: (lang === "en" ? ind?.unit_en : ind?.unit_zh) ?? "",
      decimals: ind?.decimals ?? 1,
      direction: ind?.direction,
      value,
      city: cityValue,
      target,
      target_direction: ind?.target_direction,
      status: own?.suppressed ? null : own?.status ?? null,
      suppressed: Boolean(own?.suppressed),
      vs_city: value != null && cityValue ? (value / cityValue) * 100 : null,
      target_vs_city: target != null && cityValue ? (target / cityValue) * 100 : null,
      ...rankOf(index, indicator, code, year, value, ind?.direction)
    };
  }).filter((r) => r.value != null || r.suppressed || r.city != null);
}

/** The district's place among the districts with a published value (1 = best; ties share the best place). */
function rankOf(index, indicator, code, year, value, direction) {
  if (value == null || !index.districts) return {rank: null, of: null};
  const values = index.districts(indicator, year).filter((d) => !d.suppressed && d.value != null).map((d) => d.value);
  if (!values.length) return {rank: null, of: null};
  const better = direction === "lower_better" ? (v) => v < value : (v) => v > value;
  return {rank: values.filter(better).length + 1, of: values.length};
}

export function rankText(row, lang = "zh") {
  if (row?.rank == null) return "";
  const n = row.rank;
  const ordinal = `${n}${[, "st", "nd", "rd"][(n % 100 >> 3) ^ 1 && n % 10] || "th"}`;
  return pick(lang, {zh: `第${n}/${row.of}`, en: `${ordinal} of ${row.of}`});
}

export function neighbours(areas, code) {
  const districts = Array.from(areas ?? []).filter((a) => !a.is_city && a.area_code !== "CITY").map((a) => a.area_code);
  const i = districts.indexOf(code);
  if (i < 0 || districts.length < 2) return {prev: null, next: null};
  return {prev: districts[(i - 1 + districts.length) % districts.length], next: districts[(i + 1) % districts.length]};
}

export function locatorMap(shapes, code, {lang = "zh", names = (c) => c, width = 200, height = 170} = {}) {
  const collection = featureCollection(shapes);
  if (!collection.features.some((f) => f.properties.code === code)) {
    const p = document.createElement("p");
    p.className = "locator-none";
    p.textContent = pick(lang, {zh: "暂无区县边界数据", en: "No district boundary"});
    return p;
  }
  const svg = Plot.plot({
    width,
    height,
    margin: 2,
    projection: {type: "mercator", domain: collection},
    marks: [
      Plot.geo(collection, {fill: (f) => (f.properties.code === code ? COLORS.blue : "#e6e6e6"), stroke: OUTLINE, strokeWidth: 0.6})
    ]
  });
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", pick(lang, {zh: `${names(code)}在全市的位置（蓝色）`, en: `Where ${names(code)} lies in the city (blue)`}));
  return svg;
}

export function comparisonChart(rows, {width, lang = "zh", districtName = ""} = {}) {
  const shown = rows.filter((d) => d.vs_city != null);
  const values = [...shown.map((d) => d.vs_city), ...rows.map((d) => d.target_vs_city).filter((v) => v != null), 100];
  const lo = Math.min(50, d3.min(values));
  const hi = Math.max(150, d3.max(values));
  const fmt = (d, v) => (v == null ? "—" : d3.format(`,.${d.decimals}f`)(v));
  const valueText = (d) => (d.suppressed ? pick(lang, {zh: "已抑制", en: "suppressed"}) : d.value == null ? pick(lang, {zh: "无数据", en: "no data"}) : `${fmt(d, d.value)}${d.unit === "%" ? "%" : ""} ${d.status ? statusSymbol(d.status) : ""}${d.rank != null ? ` · ${rankText(d, lang)}` : ""}`);
  // On a phone the names go on a line of their own above each row, the chart's whole width: a left margin for them
  // would leave the dots no room, and a chart wider than its card is shrunk to unreadable text
  const narrow = (width ?? 640) < 560;
  // the district's value, its status and its rank among the districts, right of the plot (measured on a phone)
  const marginRight = narrow
    ? Math.ceil(16 + (d3.max(rows, (d) => labelWidth(valueText(d), 11)) ?? 60))
    : rows.some((d) => d.rank != null) ? 150 : 80;
  // A first render may see a narrow container: never narrower than the margins plus a plot area.
  const plotWidth = narrow ? Math.max(width ?? 320, 280) : Math.max(width ?? 640, 160 + marginRight + 120);
  // else the names' margin as wide as the longest name, at most 40 % of the chart: a longer name is cut with "…"
  // (the tooltip and the card's table give it whole)
  const names = nameMargin(rows.map((d) => d.name), plotWidth, {share: 0.4, min: 100});
  const marginLeft = narrow ? 8 : names.marginLeft;
  // on a phone the marks sit in the lower part of a row, under its name, the target's diamond smaller (a diamond of
  // r 7 reaches 11.5 px up: into the name)
  const low = narrow ? 9 : 0;
  const diamond = narrow ? 5.5 : 7;
  return Plot.plot({
    width: narrow ? plotWidth : Math.max(plotWidth, marginLeft + marginRight + 120),
    height: rows.length * (narrow ? 46 : 26) + 60,
    marginLeft,
    marginRight,
    x: {domain: [lo, hi], grid: true, ...(narrow ? {ticks: 4} : {}),
      label: narrow
        ? pick(lang, {zh: "相对全市（全市 = 100）", en: "relative to the city (= 100)"})
        : pick(lang, {zh: `${districtName}相对全市（全市 = 100）`, en: `${districtName} relative to the city (city = 100)`})},
    y: {domain: rows.map((d) => d.name), label: null, ...(narrow ? {axis: null} : {tickFormat: names.tickFormat})},
    color: {type: "identity"},
    marks: [
      narrow ? namesAboveBars(rows, {x: lo, y: "name", text: "name", lineAnchor: "bottom", lineWidth: (plotWidth - 16) / 11, dy: -6, halo: false}) : null,
      // the city's 100: one line down the chart, or on a phone a tick per row under the row's name (a line down the
      // chart would strike the names out)
      narrow
        ? Plot.tickX(shown, {x: () => 100, y: "name", insetTop: 24, stroke: "currentColor", strokeWidth: 1.5})
        : Plot.ruleX([100], {stroke: "currentColor", strokeWidth: 1.5}),
      Plot.link(shown, {x1: 100, x2: "vs_city", y1: "name", y2: "name", dy: low, stroke: COLORS.grey}),
      Plot.dot(rows.filter((d) => d.target_vs_city != null), {x: "target_vs_city", y: "name", dy: low, r: diamond, stroke: "currentColor", strokeWidth: 1.5, symbol: "diamond"}),
      Plot.dot(shown, {x: "vs_city", y: "name", dy: low, r: 5.5, fill: (d) => statusColor(d.status),
        tip: {format: {fill: false}},
        title: (d) => `${d.name}\n${districtName} ${fmt(d, d.value)} ${d.unit} · ${pick(lang, {zh: "全市", en: "city"})} ${fmt(d, d.city)}${d.target != null ? ` · ${pick(lang, {zh: "目标", en: "target"})} ${fmt(d, d.target)}` : ""}`}),
      // 14 px right of the scale's end: clear of a target diamond drawn at the end
      Plot.text(rows, {x: hi, y: "name", textAnchor: "start", dx: 14, dy: low, fontSize: narrow ? 11 : 10, text: valueText,
        fill: (d) => (d.vs_city == null ? COLORS.note : "currentColor")})
      // (no mark for a row without a value on the city's line: the text at the right says 已抑制 / 无数据)
    ]
  });
}

export function facilityTypeChart(rows, {width, lang = "zh", typeLabels = {}} = {}) {
  const data = rows.map((d) => ({...d, typeText: label(typeLabels, d.type, lang)}));
  const text = (d) => `${d.facilities}${d.beds ? pick(lang, {zh: `（${d3.format(",")(d.beds)}床）`, en: ` (${d3.format(",")(d.beds)} beds)`}) : ""}`;
  // margins from the measured names and value labels (Plot's 10 px), so a phone's card holds the chart at its own
  // width instead of a wider one scaled down to unreadable text
  const marginLeft = Math.ceil((d3.max(data, (d) => labelWidth(d.typeText, 10)) ?? 80) + 14);
  const marginRight = Math.ceil((d3.max(data, (d) => labelWidth(text(d), 10)) ?? 60) + 14);
  return Plot.plot({
    width: Math.max(width ?? 640, marginLeft + marginRight + 80),
    height: Math.max(110, data.length * 32 + 50),
    marginLeft,
    marginRight,
    x: {label: pick(lang, {zh: "设施数", en: "Facilities"}), grid: true, tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    y: {label: null, domain: d3.sort(data, (d) => -d.facilities).map((d) => d.typeText)},
    marks: [
      Plot.barX(data, {x: "facilities", y: "typeText", fill: COLORS.blue, tip: true}),
      Plot.text(data, {x: "facilities", y: "typeText", dx: 6, textAnchor: "start", fill: "currentColor",
        text}),
      Plot.ruleX([0])
    ]
  });
}
