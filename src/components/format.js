// Number and label formatting shared by the pages: per-indicator decimals and units from the registry,
// status colours (colour-blind-safe), area names.
//
// API
//   indexRegistry(registry) → Map(code → registry row)          registry: rows of marts.indicator_registry
//   indicatorName(ind, lang) → "每千名老年人养老床位数" / "Beds per 1,000 people aged 60+"
//   unitOf(ind, lang) → "张/千人" / "beds per 1,000" ("" when none)
//   formatValue(value, ind, lang, {unit = true, decimals}) → "1,234 人", "23.4%", "38.2 张/千人"; "—" for null
//   formatNumber(value, lang, {decimals = 0, percent = false}) → "12,345.6" ("—" for null)
//   formatChange(delta, ind, lang) → "+1.2 个百分点" / "+1.2 pp" for % indicators, else "+123 人"
//   STATUS_COLORS {met, not_met, none}; statusColor(status) → CSS colour
//   statusLabel(status, lang) → "达标"/"未达标"/"无目标"  (pair it with the colour: never colour alone)
//   statusSymbol(status) → "✓" / "✗" / "–"
//   TASK_STATUS_COLORS; taskStatusLabel(status, lang)
//   name(area, lang)  area: a row with name_zh/name_en (marts.areas), → its name in lang (code as fallback)
//   areaNamer(areas, lang) → (code) => name
//   shortLabel(name, lang) → a district's short name for axes and maps: 高新技术产业开发区 → 高新区,
//     "Hi-tech Industrial Development Zone" → "Hi-tech Zone", "Qinghu District" → "Qinghu" (same rule as the .pptx,
//     pipeline/deck/names.ts); short names stay
//   labelWidth(text, size = 12) → estimated px width of a label (CJK one em, Latin about 0.6 em)
//   nameMargin(names, width, {size = 10, share = 0.42, min = 0}) → {marginLeft, tickFormat}: a left margin as wide as
//     the longest name (at `size` px), at most `share` of the chart's width, and a tickFormat that cuts a longer name
//     with "…" (give the whole name in the tooltip or the card's table)
//   yearLabel(year, projected, lang) → "2030（预测）" / "2030 (projected)"
//   countTickFormat(lang) → an axis tickFormat for counts: "3.5万" / "1.2亿" in Chinese, "35k" / "1.2M" in
//                           English, from 10,000 up; smaller values grouped ("8,000", "12.5")
import {pick} from "./i18n.js";
import {STATUS, STATUS_SYMBOLS, TASK_STATUS} from "./palette.js";

export function indexRegistry(registry) {
  return new Map(Array.from(registry ?? [], (row) => [row.code, row]));
}

export function indicatorName(ind, lang = "zh") {
  if (!ind) return "";
  return (lang === "en" ? ind.name_en : ind.name_zh) ?? ind.name_zh ?? ind.code;
}

export function unitOf(ind, lang = "zh") {
  if (!ind) return "";
  const unit = (lang === "en" ? ind.unit_en : ind.unit_zh) ?? "";
  // the registry's unit "persons" (kept as it is in the exports) reads as "people" after a figure on the pages
  return lang === "en" && unit === "persons" ? "people" : unit;
}

const locale = (lang) => (lang === "en" ? "en-US" : "zh-CN");

export function formatNumber(value, lang = "zh", {decimals = 0, percent = false} = {}) {
  if (value == null || Number.isNaN(value)) return "—";
  const text = new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals
  }).format(value);
  return percent ? `${text}%` : text;
}

const isPercent = (ind) => ind?.unit_zh === "%" || ind?.unit_en === "%";

export function formatValue(value, ind, lang = "zh", {unit = true, decimals} = {}) {
  const d = decimals ?? ind?.decimals ?? 1;
  if (value == null || Number.isNaN(value)) return "—";
  if (isPercent(ind)) return formatNumber(value, lang, {decimals: d, percent: unit});
  const text = formatNumber(value, lang, {decimals: d});
  const u = unit ? unitOf(ind, lang) : "";
  // Score-like units ("1–5", "0–100", "stage", "rank") read badly after the number in English.
  if (!u || (lang === "en" && /^(\d|stage|rank|ratio)/.test(u))) return text;
  return `${text} ${u}`;
}

export function formatChange(delta, ind, lang = "zh", {decimals} = {}) {
  if (delta == null || Number.isNaN(delta)) return "—";
  const d = decimals ?? ind?.decimals ?? 1;
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const magnitude = formatNumber(Math.abs(delta), lang, {decimals: d});
  if (isPercent(ind)) return `${sign}${magnitude} ${pick(lang, {zh: "个百分点", en: "pp"})}`;
  const u = unitOf(ind, lang);
  return `${sign}${magnitude}${u && !(lang === "en" && /^(\d|stage|rank|ratio)/.test(u)) ? ` ${u}` : ""}`;
}

// Okabe–Ito hues darkened to 4.5:1 (components/palette.js): green / vermillion / grey stay distinct under the
// common colour-vision deficiencies, and each status has its symbol too.
export const STATUS_COLORS = STATUS;

export function statusColor(status) {
  return STATUS_COLORS[status] ?? STATUS_COLORS.none;
}

export function statusLabel(status, lang = "zh") {
  if (status === "met") return pick(lang, {zh: "达标", en: "Target met"});
  if (status === "not_met") return pick(lang, {zh: "未达标", en: "Target not met"});
  return pick(lang, {zh: "无目标", en: "No target"});
}

export function statusSymbol(status) {
  return STATUS_SYMBOLS[status] ?? STATUS_SYMBOLS.none;
}

export const TASK_STATUS_COLORS = TASK_STATUS;

const TASK_LABELS = {
  done: {zh: "已完成", en: "Done"},
  on_track: {zh: "正常推进", en: "On track"},
  at_risk: {zh: "有风险", en: "At risk"},
  behind: {zh: "滞后", en: "Behind"},
  overdue: {zh: "逾期", en: "Overdue"}
};

export function taskStatusLabel(status, lang = "zh") {
  return TASK_LABELS[status] ? pick(lang, TASK_LABELS[status]) : status ?? "";
}

export function name(area, lang = "zh") {
  if (area == null) return "";
  if (typeof area === "string") return area;
  return (lang === "en" ? area.name_en : area.name_zh) ?? area.name_zh ?? area.area_code ?? "";
}

export function areaNamer(areas, lang = "zh") {
  const byCode = new Map(Array.from(areas ?? [], (a) => [a.area_code, a]));
  return (code) => (byCode.has(code) ? name(byCode.get(code), lang) : code);
}

export function yearLabel(year, projected, lang = "zh") {
  return projected ? `${year}${pick(lang, {zh: "（预测）", en: " (projected)"})}` : String(year);
}

// v2 periods. A value's row (marts.indicator_values_public) carries period ('year' | 'ytd'), months, period_end and
// prior_period_end; the registry's period_basis says whether it is a flow or a stock.
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function asDate(v) {
  if (v == null) return null;
  const d = v instanceof Date ? v : new Date(typeof v === "string" ? v : Number(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

function isMonthEnd(d) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).getUTCDate() === 1;
}

/** The months a partial year covers, from 1 January to `periodEnd`: "1–10月" / "Jan–Oct" ("1月1日–10月15日" mid-month). */
export function spanLabel(periodEnd, lang = "zh") {
  const d = asDate(periodEnd);
  if (!d) return "";
  const m = d.getUTCMonth(), day = d.getUTCDate();
  if (isMonthEnd(d)) return pick(lang, {zh: m === 0 ? "1月" : `1–${m + 1}月`, en: m === 0 ? "Jan" : `Jan–${MONTHS_EN[m]}`});
  return pick(lang, {zh: `1月1日–${m + 1}月${day}日`, en: `1 Jan–${day} ${MONTHS_EN[m]}`});
}

/** A date as 2025-10-31 (zh) or 31 Oct 2025 (en). */
export function dateLabel(value, lang = "zh") {
  const d = asDate(value);
  if (!d) return "";
  return pick(lang, {zh: d.toISOString().slice(0, 10), en: `${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}`});
}

/** True for a value of a partial year (flows: part of the year; stocks: at the as-of date). */
export function isPartial(row) {
  return row?.period === "ytd";
}

/**
 * What a value covers: a flow of a partial year "2025年1–10月" / "Jan–Oct 2025", a stock of a partial year
 * "截至2025-10-31" / "at 31 Oct 2025", otherwise the year ("2025年" / "2025").
 */
export function periodLabel(row, lang = "zh", basis) {
  if (!row) return "";
  if (!isPartial(row)) return pick(lang, {zh: `${row.year}年`, en: String(row.year)});
  if (basis === "stock") return pick(lang, {zh: `截至${dateLabel(row.period_end, lang)}`, en: `at ${dateLabel(row.period_end, lang)}`});
  return pick(lang, {zh: `${row.year}年${spanLabel(row.period_end, lang)}`, en: `${spanLabel(row.period_end, lang)} ${row.year}`});
}

/** A year on an axis or in a legend: "2025 (1–10月)" / "2025 (Jan–Oct)" for a partial year. */
export function yearPeriodLabel(year, periodEnd, lang = "zh") {
  return periodEnd == null ? String(year) : `${year} (${spanLabel(periodEnd, lang)})`;
}

/** What the row's prior_value is: "上年同期（2024年1–10月）" / "same months of 2024 (Jan–Oct)", "2024年末" / "end of 2024", "2024年" / "2024". */
export function priorLabel(row, lang = "zh", basis) {
  if (!row) return "";
  const prev = row.year - 1;
  if (isPartial(row) && basis === "flow") {
    return pick(lang, {zh: `上年同期（${prev}年${spanLabel(row.prior_period_end, lang)}）`, en: `same months of ${prev} (${spanLabel(row.prior_period_end, lang)})`});
  }
  if (basis === "stock") return pick(lang, {zh: `${prev}年末`, en: `end of ${prev}`});
  return pick(lang, {zh: `${prev}年`, en: String(prev)});
}

/** A short name where space is short (高新技术产业开发区 → 高新区, Hi-tech Industrial Development Zone → Hi-tech Zone). */
export function shortLabel(name, lang = "zh") {
  const text = String(name ?? "");
  if (lang === "en" || /^[\x00-\x7f]*$/.test(text)) {
    let s = text.replace(/\s*\([^)]*\)\s*$/, "").trim();
    if (/\bZone$/i.test(s) && s.split(/\s+/).length > 2) s = `${s.split(/\s+/)[0]} Zone`;
    s = s.replace(/\s+(District|County)$/i, "");
    return s || text;
  }
  if (text.length <= 5) return text;
  const zone = text.match(/^(.{2}).*(?:开发区|新区|园区|示范区|管理区|实验区)$/u);
  return zone ? `${zone[1]}区` : text;
}

export function labelWidth(text, size = 12) {
  let em = 0;
  for (const ch of String(text ?? "")) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u.test(ch) ? 1 : /[A-Z0-9%mw]/.test(ch) ? 0.68 : 0.56;
  return em * size;
}

export function nameMargin(names, width, {size = 10, share = 0.42, min = 0} = {}) {
  const max = Math.round(width * share);
  const fits = (s) => labelWidth(s, size) + 12 <= max;
  const tickFormat = (name) => {
    const s = String(name ?? "");
    if (fits(s)) return s;
    let cut = s;
    while (cut.length > 1 && !fits(`${cut}…`)) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  };
  let longest = 0;
  for (const n of names ?? []) longest = Math.max(longest, labelWidth(n, size));
  return {marginLeft: Math.ceil(Math.min(max, Math.max(min, longest + 12))), tickFormat};
}

/** Axis ticks for large counts in the reader's numerals: 万/亿 in Chinese (never "35k"), k/M in English. */
export function countTickFormat(lang = "zh") {
  const plain = new Intl.NumberFormat(locale(lang), {maximumFractionDigits: 2});
  const compact = new Intl.NumberFormat(locale(lang), {notation: "compact", maximumFractionDigits: 2});
  // Plot passes the axis's ticks: when any of them reaches 10,000, all are written in that unit ("0.5万 / 1万 / 1.5万",
  // never "5,000 / 1万"): one axis, one way of writing numbers
  const unitOf = (v) => (Math.abs(v) >= 1e8 ? 1e8 : Math.abs(v) >= 1e4 ? 1e4 : 1);
  return (d, i, ticks) => {
    if (d == null || Number.isNaN(+d)) return "";
    // (evenly spaced ticks only: a log axis's 10, 100, … 10万 keep their own units, or 10 would read "0.001万")
    const steps = Array.isArray(ticks) ? ticks.map(Number).filter((t) => t !== 0).map(Math.abs) : [];
    const even = steps.length > 0 && Math.min(...steps) * 100 >= Math.max(...steps);
    const top = even ? Math.max(...ticks.map((t) => unitOf(+t))) : unitOf(d);
    if (d === 0 || top === 1) return plain.format(d);
    if (lang !== "en") return `${plain.format(d / top)}${top === 1e8 ? "亿" : "万"}`;
    const text = compact.format(d);
    // Intl writes "35K" in English; the site's charts say "35k" as d3 does.
    return lang === "en" ? text.replace(/K$/, "k") : text;
  };
}

/**
 * A formatter for an Excel number format code as the .pptx charts use them (pipeline/deck/build.ts), so the slides
 * page shows what the PowerPoint shows: "0.0", "#,##0"; "positive;negative;zero" with quoted zero text
 * (#,##0;-#,##0;"达标"); or a condition, [>=100]0.0" √";0.0" ×" (the mark follows the value).
 */
export function excelFormatter(code, lang) {
  const locale = lang === "en" ? "en-US" : "zh-CN";
  // an Excel number format, as the .pptx uses it: "positive;negative;zero", the zero section may be quoted text; or
  // "[>=100]0.0" √";0.0" ×"": a condition on the value, then the section when it holds and the one when it does not
  // (a section: digits, then any quoted text after them)
  const section = (sec) => {
    const m = /^([#,0.]*)(?:"(.*)")?$/.exec(sec ?? "") ?? [];
    const digits = m[1] ?? "";
    const decimals = digits.includes(".") ? digits.split(".")[1].length : 0;
    const number = new Intl.NumberFormat(locale, {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format;
    const suffix = m[2] ?? "";
    return digits ? (v) => `${number(v)}${suffix}` : () => suffix;
  };
  const sections = String(code ?? "").split(";");
  const cond = /^\[(>=|<=|>|<|=)(-?[\d.]+)\](.*)$/.exec(sections[0]);
  if (cond) {
    const [, op, limit, first] = cond;
    const [yes, no] = [section(first), section(sections[1] ?? first)];
    const holds = (v) => ({">=": v >= +limit, "<=": v <= +limit, ">": v > +limit, "<": v < +limit, "=": v === +limit})[op];
    return (v) => (v == null ? "" : holds(v) ? yes(v) : no(v));
  }
  const [positive = "", , zero] = sections;
  const zeroText = zero == null ? null : zero.replace(/^"(.*)"$/, "$1");
  const number = section(positive);
  return (v) => (v == null ? "" : zeroText != null && v === 0 ? zeroText : number(v));
}
