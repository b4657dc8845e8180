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
//   yearLabel(year, projected, lang) → "2030（预测）" / "2030 (projected)"
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
  return (lang === "en" ? ind.unit_en : ind.unit_zh) ?? "";
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
