// A KPI card: the value with its unit, the target and whether it is met (colour + symbol + words),
// and the change on last year with an arrow; "已抑制 / suppressed" when the value is withheld.
//
// API
//   kpiCard({label, value, ind, lang, unit, decimals, target, targetDirection, status, previous,
//            previousYear, year, suppressed, projected, note, valueText}) → HTMLElement (a .card)
//     label            heading; default the registry name of `ind`
//     value            number or null
//     ind              the registry row (marts.indicator_registry) for decimals, unit, direction; optional
//     unit, decimals   override the registry's
//     target           number or null; targetDirection "at_least" | "at_most" (default from ind.target_direction)
//     status           "met" | "not_met" | null (as in marts.indicator_values_public)
//     previous         last year's value (null: no change shown); previousYear for the wording
//     year             the value's year, shown in the caption
//     suppressed       true → shows "已抑制" / "Suppressed" instead of a number (never as zero)
//     valueText        preformatted value (e.g. "3 / 5"), used instead of formatting `value`
//     statusText       replaces the target line (e.g. "1 项滞后"), coloured by `status`
//     note             a small line under the card
//   kpiFromIndicator(rows, code, {area = "CITY", year, registry, lang, label}) → kpiCard for one
//     indicator from rows of marts.indicator_values_public (observed years only; latest year if none given)
import {pick} from "./i18n.js";
import {formatChange, formatValue, indicatorName, statusColor, statusLabel, statusSymbol} from "./format.js";
import {ensureStyle, el} from "./dom.js";
import {COLORS} from "./palette.js";

const STYLE_ID = "kpi-card-style";
const STYLE = `
.kpi-card { display: flex; flex-direction: column; gap: 0.2rem; border-left: 6px solid var(--kpi-status, #6e6e6e); }
.kpi-card .kpi-label { margin: 0; font-size: 0.9rem; font-weight: 600; color: var(--theme-foreground); }
.kpi-card .kpi-value { font-size: 1.9rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.kpi-card .kpi-value.kpi-suppressed { font-size: 1.2rem; color: var(--theme-foreground-muted); font-style: italic; }
.kpi-card .kpi-meta { font-size: 0.8rem; color: var(--theme-foreground-muted); }
.kpi-card .kpi-status { font-size: 0.8rem; font-weight: 600; color: var(--kpi-status, #6e6e6e); }
.kpi-card .kpi-change { font-size: 0.8rem; font-variant-numeric: tabular-nums; }
@media print { .kpi-card { break-inside: avoid; page-break-inside: avoid; border: 1px solid #999; border-left: 6px solid var(--kpi-status, #6e6e6e); } }
`;

export function kpiCard({
  label,
  value,
  ind,
  lang = "zh",
  unit,
  decimals,
  target,
  targetDirection,
  status,
  previous,
  previousYear,
  year,
  suppressed = false,
  projected = false,
  note,
  valueText,
  statusText
} = {}) {
  ensureStyle(STYLE_ID, STYLE);
  const info = {...(ind ?? {}), ...(unit != null ? {unit_zh: unit, unit_en: unit} : {}), ...(decimals != null ? {decimals} : {})};
  const fmt = (v) => formatValue(v, info, lang);
  const card = el("div", "card kpi-card");
  card.style.setProperty("--kpi-status", statusColor(status));
  card.append(el("h2", "kpi-label", label ?? indicatorName(ind, lang)));

  if (suppressed) {
    const v = el("div", "kpi-value kpi-suppressed", pick(lang, {zh: "已抑制", en: "Suppressed"}));
    v.title = pick(lang, {zh: "样本量过小，按隐私保护规则不公开", en: "Withheld: too few records to publish (disclosure control)"});
    card.append(v);
  } else {
    card.append(el("div", "kpi-value", valueText ?? fmt(value)));
  }

  if (year != null) {
    card.append(el("div", "kpi-meta", `${year}${pick(lang, {zh: "年", en: ""})}${projected ? pick(lang, {zh: "（预测）", en: " (projected)"}) : ""}`));
  }

  const dir = targetDirection ?? ind?.target_direction;
  if (statusText != null) {
    card.append(el("div", "kpi-status", `${statusSymbol(status)} ${statusText}`));
  } else if (target != null) {
    const sign = dir === "at_most" ? "≤" : "≥";
    const text = `${pick(lang, {zh: "目标", en: "Target"})} ${sign} ${fmt(target)} · ${statusSymbol(status)} ${statusLabel(suppressed ? null : status, lang)}`;
    card.append(el("div", "kpi-status", text));
  } else {
    card.append(el("div", "kpi-status", `${statusSymbol(status)} ${statusLabel(status, lang)}`));
  }

  if (valueText != null && previous == null) {
    // a composite value (e.g. "3 / 5") has no year-on-year change
  } else if (!suppressed && value != null && previous != null) {
    const delta = value - previous;
    const arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "■";
    const better = ind?.direction === "higher_better" ? delta > 0 : ind?.direction === "lower_better" ? delta < 0 : null;
    const change = el("div", "kpi-change", `${arrow} ${formatChange(delta, info, lang)} ${pick(lang, {zh: "较", en: "vs "})}${previousYear ?? pick(lang, {zh: "上年", en: "last year"})}${previousYear != null ? pick(lang, {zh: "年", en: ""}) : ""}`);
    if (better != null && delta !== 0) change.style.color = better ? COLORS.green : COLORS.vermillion;
    card.append(change);
  } else {
    card.append(el("div", "kpi-change kpi-meta", pick(lang, {zh: "无上年可比数据", en: "No prior-year value"})));
  }
  if (note) card.append(el("div", "kpi-meta", note));
  return card;
}

export function kpiFromIndicator(rows, code, {area = "CITY", year, registry, lang = "zh", label, note} = {}) {
  const ind = registry instanceof Map ? registry.get(code) : Array.from(registry ?? []).find((r) => r.code === code);
  const series = Array.from(rows ?? []).filter((r) => r.indicator === code && r.area_code === area && !r.projected);
  const latestYear = year ?? Math.max(...series.map((r) => r.year));
  const current = series.find((r) => r.year === latestYear);
  const prior = series.find((r) => r.year === latestYear - 1);
  return kpiCard({
    label,
    ind,
    lang,
    value: current?.value ?? null,
    target: current?.target ?? null,
    status: current?.status ?? null,
    suppressed: Boolean(current?.suppressed),
    previous: prior && !prior.suppressed ? prior.value : null,
    previousYear: prior ? prior.year : undefined,
    year: current ? latestYear : undefined,
    note: current ? note : pick(lang, {zh: "暂无数据", en: "No data"})
  });
}
