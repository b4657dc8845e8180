// Charts for the methods and data-quality page (数据说明): run stages, rows per dataset, issues, backtest, suppression.
//
// API (each (rows, {width, lang, ...}) → a Plot figure)
//   stageChart(stageSeconds, {width, lang, labels})   stageSeconds: {stage: seconds} from meta.runs.stage_seconds
//   loadChart(files, {width, lang, labels})   files: methods-files rows (rows_loaded, rows_rejected per dataset)
//   issueChart(issues, {width, lang, labels}) issues: quality rows (kind, dataset, reason, rows)
//   labels: contractLabels(rows of data/labels.arrow) from ./labels.js: dataset names as the contract gives them
//   backtestChart(rows, {width, lang, names}) rows: backtest rows (area_code, indicator, horizon_years, pe): the signed
//     error by area, colour = horizon, symbol = indicator
//   suppressionChart(rows, {width, lang, registry})  rows: published indicator rows; counts suppressed cells
//   datasetLabel(name, lang, labels); stageLabel(stage, lang, labels)
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {namesAboveBars} from "./charts.js";
import {pick} from "./i18n.js";
import {COLORS} from "./palette.js";
import {countTickFormat, nameMargin, shortLabel} from "./format.js";

/** The narrowest a chart is drawn (a phone's card is ~320 px): narrower containers scale it down. */
const MIN_WIDTH = 280;

/** A dataset's name as the input contract gives it; labels: contractLabels(…) from ./labels.js. */
export function datasetLabel(name, lang = "zh", labels) {
  return labels ? labels.dataset(name, lang) : name ?? "";
}

/** A run's status (pipeline/run.ts), as the load card shows it: label(RUN_STATUS, run.status, lang). */
export const RUN_STATUS = {
  published: {zh: "已发布", en: "published"},
  loaded: {zh: "已装载（未发布）", en: "loaded (not published)"},
  failed: {zh: "失败", en: "failed"}
};

/**
 * Codes in the methods page's tables and CSVs, in words: a dataset's load status (pipeline/load.ts), a quality
 * issue's kind, an indicator's direction, where its target comes from (src/data/lib/targets.ts); the target's
 * direction is csv.js's own.
 */
export const METHODS_CODES = {
  status: {loaded: {zh: "已装载", en: "loaded"}, absent: {zh: "未提供", en: "absent"}, failed: {zh: "失败", en: "failed"}},
  kind: {reject: {zh: "拒收", en: "rejected"}, warning: {zh: "警告", en: "warning"}},
  direction: {higher_better: {zh: "越高越好", en: "higher is better"}, lower_better: {zh: "越低越好", en: "lower is better"}, neutral: {zh: "中性", en: "neutral"}},
  target_source: {district: {zh: "本区规划", en: "the district's plan"}, city: {zh: "本市规划", en: "the city's plan"}, default: {zh: "国家默认标准", en: "national default"}}
};

const STAGE_LABELS = {
  load: {zh: "装载", en: "load"},
  marts: {zh: "计算指标", en: "marts"},
  shapes: {zh: "区县边界", en: "district shapes"}
};

export function stageLabel(stage, lang, labels) {
  const [head, ...rest] = stage.split("_");
  const tail = rest.join("_");
  if (head === "load" && tail) return `${pick(lang, STAGE_LABELS.load)} ${datasetLabel(tail === "shapes" ? "district_shapes" : tail, lang, labels)}`;
  return STAGE_LABELS[stage] ? pick(lang, STAGE_LABELS[stage]) : stage;
}

export function stageChart(stageSeconds, {width, lang = "zh", labels} = {}) {
  const data = Object.entries(stageSeconds ?? {}).map(([stage, seconds]) => ({stage, label: stageLabel(stage, lang, labels), seconds: Number(seconds)}));
  // A first render may see a narrow container; on a phone the chart keeps its width and cuts long names
  const w = Math.max(width ?? 640, MIN_WIDTH);
  const axis = nameMargin(data.map((d) => d.label), w, {share: w < 560 ? 0.5 : 0.42});
  return Plot.plot({
    width: w,
    height: Math.max(120, data.length * 24 + 50),
    marginLeft: axis.marginLeft,
    marginRight: 60,
    x: {label: pick(lang, {zh: "秒", en: "Seconds"}), grid: true},
    y: {label: null, domain: data.map((d) => d.label), tickFormat: axis.tickFormat},
    marks: [
      Plot.barX(data, {x: "seconds", y: "label", fill: COLORS.blue, tip: true}),
      Plot.text(data, {x: "seconds", y: "label", text: (d) => d3.format(".2f")(d.seconds), dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}

export function loadChart(files, {width, lang = "zh", labels} = {}) {
  // a file with no rows counted (the district boundaries, a GeoJSON) is not drawn as 0 rows: the card says so
  const byDataset = d3.rollups(files.filter((d) => d.rows_loaded != null || d.rows_read != null), (v) => ({loaded: d3.sum(v, (d) => d.rows_loaded ?? 0), rejected: d3.sum(v, (d) => d.rows_rejected ?? 0)}), (d) => d.dataset)
    .map(([dataset, c]) => ({dataset: datasetLabel(dataset, lang, labels), ...c}));
  // Row counts span orders of magnitude (a few districts, millions of orders): a log-like scale keeps all visible.
  // The bars are the rows loaded; the rejected rows are written after them. (Stacked on this scale a few rejected
  // rows after a million loaded would be a segment too thin to see, under a legend promising it.)
  const w = Math.max(width ?? 640, MIN_WIDTH);
  const axis = nameMargin(byDataset.map((d) => d.dataset), w, {share: 0.35});
  const top = d3.max(byDataset, (d) => d.loaded) ?? 0;
  // ticks at powers of ten (a symlog scale's default ticks pile up at its compressed top end); every other power
  // where the axis is too narrow for "1,000 10k 100k" side by side
  const powers = [0, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8].filter((v, i, all) => i === 0 || all[i - 1] <= top);
  const ticks = w - axis.marginLeft - 90 < 320 ? powers.filter((v, i) => i % 2 === 0) : powers;
  return Plot.plot({
    // A first render may see a narrow container.
    width: w,
    height: Math.max(120, byDataset.length * 28 + 60),
    marginLeft: axis.marginLeft,
    marginRight: 90,
    x: {type: "symlog", label: pick(lang, {zh: "入库行数（对数刻度）", en: "Rows loaded (log scale)"}), grid: true, tickFormat: countTickFormat(lang), ticks},
    y: {label: null, tickFormat: axis.tickFormat},
    marks: [
      Plot.barX(byDataset, {x: "loaded", y: "dataset", fill: COLORS.green, tip: true}),
      Plot.text(byDataset, {x: "loaded", y: "dataset", dx: 4, textAnchor: "start", fill: "currentColor",
        text: (d) => `${d3.format(",")(d.loaded)}${d.rejected ? ` / ${pick(lang, {zh: "拒收", en: "rej."})} ${d3.format(",")(d.rejected)}` : ""}`}),
      Plot.ruleX([0])
    ]
  });
}

const shortReason = (reason, lang) => {
  // Reasons are "中文 / English": show the page's half.
  const [zh, en] = String(reason ?? "").split(" / ");
  return lang === "en" ? en ?? zh : zh;
};

export function reasonText(reason, lang = "zh") {
  return shortReason(reason, lang);
}

export function issueChart(issues, {width, lang = "zh", labels} = {}) {
  const reject = pick(lang, {zh: "拒收", en: "Rejected"});
  const warn = pick(lang, {zh: "警告", en: "Warning"});
  const data = issues.map((d) => ({...d, label: `${datasetLabel(d.dataset, lang, labels)} · ${shortReason(d.reason, lang)}`, kindText: d.kind === "reject" ? reject : warn}));
  const order = d3.sort(d3.rollups(data, (v) => d3.sum(v, (d) => d.rows), (d) => d.label), (d) => -d[1]).map((d) => d[0]);
  // A first render may see a narrow container.
  const w = Math.max(width ?? 640, MIN_WIDTH);
  // A phone: each reason on its own line above its bar, the card's whole width (in a left margin it would be cut
  // to a few words). Wider: long reasons are cut with an ellipsis on the axis (at most half the chart); the tip shows
  // them whole.
  const narrow = w < 560;
  const axis = narrow ? null : nameMargin(order, w, {share: 0.5, min: 120});
  const totals = d3.rollups(data, (v) => d3.sum(v, (d) => d.rows), (d) => d.label);
  return Plot.plot({
    width: w,
    height: Math.max(120, order.length * (narrow ? 56 : 24) + 60),
    marginLeft: axis?.marginLeft ?? 8,
    marginRight: narrow ? 24 : 60,
    // whole rows: no 0.1, 0.2 … ticks when every reason has a row or two
    x: {label: pick(lang, {zh: "行数", en: "Rows"}), grid: true, ticks: Math.max(1, Math.min(narrow ? 4 : 8, d3.max(totals, (d) => d[1]) ?? 1)),
      tickFormat: (d) => (Number.isInteger(d) ? d3.format(",")(d) : "")},
    y: {label: null, domain: order, ...(axis ? {tickFormat: axis.tickFormat} : {axis: null, padding: 0})},
    color: {domain: [reject, warn], range: [COLORS.vermillion, COLORS.orange], legend: true},
    marks: [
      // on a phone each row is 56 px: its name in up to two lines in the top 30 px, the bar under it
      Plot.barX(data, Plot.stackX({x: "rows", y: "label", fill: "kindText", tip: true, ...(narrow ? {insetTop: 32, insetBottom: 4} : {})})),
      Plot.text(data, Plot.stackX({x: "rows", y: "label", z: "kindText", text: (d) => d3.format(",")(d.rows), fill: "black", ...(narrow ? {dy: 14} : {})})),
      narrow ? namesAboveBars(order, {y: (d) => d, text: (d) => d, lineAnchor: "top", lineWidth: (w - 40) / 11, lineHeight: 1.2, dy: -27}) : null,
      Plot.ruleX([0])
    ]
  });
}

export function backtestChart(rows, {width, lang = "zh", names = (c) => c, indicatorName = (c) => c} = {}) {
  // v2: the algebraic error (> 0: projected too high), one colour per horizon, one symbol per indicator
  const horizonText = (h) => pick(lang, {zh: `${h}年期`, en: `${h}-year`});
  const data = rows
    .filter((d) => d.pe != null)
    // short names, as on every other chart (a phone cut "Mingquan Distri…")
    .map((d) => ({...d, area: shortLabel(names(d.area_code), lang), ind: indicatorName(d.indicator), horizon: horizonText(d.horizon_years ?? 5)}));
  // the city first, then the districts in their order
  const areas = [...new Set(d3.sort(data, (d) => (d.area_code === "CITY" ? -1 : d.sort_order ?? 999)).map((d) => d.area))];
  const horizons = d3.sort(new Set(data.map((d) => d.horizon_years ?? 5))).map(horizonText);
  const indicators = [...new Set(d3.sort(data, (d) => d.indicator).map((d) => d.ind))];
  // A first render may see a narrow container.
  const w = Math.max(width ?? 640, MIN_WIDTH);
  const axis = nameMargin(areas, w, {share: 0.35});
  return Plot.plot({
    width: w,
    height: Math.max(160, areas.length * 26 + 80),
    marginLeft: axis.marginLeft,
    x: {label: pick(lang, {zh: "百分比误差（%，正值为预测偏高）", en: "Percentage error (%, > 0: projected too high)"}), grid: true, nice: true},
    y: {label: null, domain: areas, tickFormat: axis.tickFormat},
    color: {legend: true, domain: horizons, range: ["#56B4E9", "#D55E00", "#009E73"]},
    // one symbol per indicator in the indicators' code order, not their names' (sorted by language, which gave
    // + to one indicator in Chinese and to another in English)
    symbol: {legend: true, domain: indicators, range: ["circle", "plus", "times", "triangle2", "asterisk", "square2", "diamond2"]},
    marks: [
      Plot.ruleX([0]),
      Plot.dot(data, {x: "pe", y: "area", stroke: "horizon", symbol: "ind", r: 5, strokeWidth: 2, tip: true,
        title: (d) => `${d.area} · ${d.ind} · ${d.horizon}\n${String(d.base_years).replace(",", "/")} → ${d.target_year}\n${pick(lang, {zh: "实际", en: "observed"})} ${d3.format(",.1f")(d.observed)} · ${pick(lang, {zh: "预测", en: "projected"})} ${d3.format(",.1f")(d.projected)}\n${pick(lang, {zh: "误差", en: "error"})} ${d3.format("+.2f")(d.pe)}%`})
    ]
  });
}

export function suppressionChart(rows, {width, lang = "zh", indicatorName = (c) => c} = {}) {
  const counts = d3.rollups(rows.filter((d) => d.suppressed), (v) => v.length, (d) => d.indicator).map(([indicator, cells]) => ({indicator, name: indicatorName(indicator), cells}));
  // A first render may see a narrow container.
  const w = Math.max(width ?? 640, MIN_WIDTH);
  const axis = nameMargin(counts.map((d) => d.name), w, {share: w < 560 ? 0.64 : 0.5});
  return Plot.plot({
    width: w,
    height: Math.max(120, counts.length * 22 + 50),
    marginLeft: axis.marginLeft,
    marginRight: 40,
    x: {label: pick(lang, {zh: "被抑制的单元格数（区县 × 年份）", en: "Suppressed cells (area × year)"}), grid: true, tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    y: {label: null, domain: d3.sort(counts, (d) => -d.cells).map((d) => d.name), tickFormat: axis.tickFormat},
    marks: [
      Plot.barX(counts, {x: "cells", y: "name", fill: COLORS.grey, tip: true}),
      Plot.text(counts, {x: "cells", y: "name", text: "cells", dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  });
}

/**
 * A plain HTML table whose long text wraps (Inputs.table keeps one line per row and cuts text off):
 * plainTable(rows, {columns, header, format, minWidth, maxHeight}) → a scrolling div around a <table>;
 * minWidth: {column: CSS width} keeps short columns from being squeezed by long ones.
 */
export function plainTable(rows, {columns, header = {}, format = {}, minWidth = {}, maxHeight = "36rem"} = {}) {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const box = document.createElement("div");
  box.className = "plain-table";
  // width 0 + min-width 100%: the table scrolls inside its card instead of widening the card (and the page).
  box.style.cssText = `max-height:${maxHeight};overflow:auto;font-size:0.85rem;width:0;min-width:100%`;
  const table = document.createElement("table");
  table.style.cssText = "width:100%;border-collapse:collapse;max-width:none";
  const head = table.createTHead().insertRow();
  for (const c of cols) {
    const th = document.createElement("th");
    th.textContent = header[c] ?? c;
    th.style.cssText = "position:sticky;top:0;background:var(--theme-background-alt, #f6f6f6);text-align:left;vertical-align:bottom;padding:4px 6px";
    if (minWidth[c]) th.style.minWidth = minWidth[c];
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const c of cols) {
      const td = tr.insertCell();
      td.style.cssText = "vertical-align:top;padding:4px 6px;border-top:1px solid var(--theme-foreground-faintest, #eee)";
      const v = format[c] ? format[c](row[c], row) : row[c];
      if (v instanceof Node) td.append(v);
      else td.textContent = v == null ? "—" : String(v);
    }
  }
  box.append(table);
  return box;
}
