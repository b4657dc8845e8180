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
//     previousLabel    what `previous` is, worded in full (e.g. "上年同期（2024年1–10月）"): replaces previousYear
//     year             the value's year, shown in the caption; yearText replaces the caption (e.g. "2025年1–10月")
//     suppressed       true → shows "已抑制" / "Suppressed" instead of a number (never as zero)
//     valueText        preformatted value (e.g. "3 / 5"), used instead of formatting `value`
//     statusText       replaces the target line (e.g. "1 项滞后"), coloured by `status`
//     note             a small line under the card
//   kpiFromIndicator(rows, code, {area = "CITY", year, registry, lang, label, absent}) → kpiCard for one
//     indicator from rows of marts.indicator_values_public (observed years only; latest year if none given). The
//     change is the row's own comparison (v2, computed in the marts): a partial year against the same months of the
//     year before for flows, a stock at the as-of date against the previous year-end; both are labelled so.
//   kpiUrgency({status, value, target, suppressed, missing}) → [group, −shortfall]: sort key of a card, most urgent
//     first: a target missed (the larger the relative shortfall, the earlier), then no target or suppressed, then
//     met, then no data. latestCityRow(rows, code, area) → the row kpiFromIndicator shows.
//   kpiLink(card, href, lang) → the card inside a link to its chart (an <a class="kpi-link">), with a "chart →" hint
import {checkIndicator} from "./data.js";
import {pick} from "./i18n.js";
import {formatChange, formatValue, indicatorName, periodLabel, priorLabel, statusColor, statusLabel, statusSymbol} from "./format.js";
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
a.kpi-link[href], a.kpi-link[href]:hover { display: flex; color: var(--theme-foreground); text-decoration: none; border-radius: 0.75rem; }
.kpi-link > .kpi-card { flex: 1; margin: 0; }
.kpi-link:hover > .kpi-card { border-color: var(--theme-foreground-focus); }
.kpi-link:focus-visible { outline: 3px solid var(--theme-foreground-focus); outline-offset: 2px; }
.kpi-card .kpi-go { margin-top: auto; padding-top: 0.2rem; font-size: 0.8rem; color: var(--theme-foreground-focus); text-decoration: underline; }
@media print { .kpi-card .kpi-go { display: none; } }
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
  previousLabel,
  year,
  yearText,
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

  if (yearText != null) {
    card.append(el("div", "kpi-meta", yearText));
  } else if (year != null) {
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
    // a change that rounds to zero at the shown precision is no change (not "▼ −0.0")
    const raw = value - previous;
    const delta = Number(raw.toFixed(info.decimals ?? 1)) === 0 ? 0 : raw;
    const arrow = delta > 0 ? "▲" : delta < 0 ? "▼" : "■";
    const better = ind?.direction === "higher_better" ? delta > 0 : ind?.direction === "lower_better" ? delta < 0 : null;
    const against = previousLabel ?? `${previousYear ?? pick(lang, {zh: "上年", en: "last year"})}${previousYear != null ? pick(lang, {zh: "年", en: ""}) : ""}`;
    const change = el("div", "kpi-change", `${arrow} ${formatChange(delta, info, lang)} ${pick(lang, {zh: "较", en: "vs "})}${against}`);
    if (better != null && delta !== 0) change.style.color = better ? COLORS.green : COLORS.vermillion;
    card.append(change);
  } else {
    card.append(el("div", "kpi-change kpi-meta", pick(lang, {zh: "无上年可比数据", en: "No prior-year value"})));
  }
  if (note) card.append(el("div", "kpi-meta", note));
  return card;
}

export function kpiFromIndicator(rows, code, {area = "CITY", year, registry, lang = "zh", label, note, absent} = {}) {
  const ind = registry instanceof Map ? registry.get(code) : Array.from(registry ?? []).find((r) => r.code === code);
  checkIndicator(rows, code);
  const series = Array.from(rows ?? []).filter((r) => r.indicator === code && r.area_code === area && !r.projected);
  const latestYear = year ?? Math.max(...series.map((r) => r.year));
  const current = series.find((r) => r.year === latestYear);
  const basis = ind?.period_basis ?? undefined;
  return kpiCard({
    label,
    ind,
    lang,
    value: current?.value ?? null,
    target: current?.target ?? null,
    status: current?.status ?? null,
    suppressed: Boolean(current?.suppressed),
    // the marts' comparison: the same months of last year for a partial year's flows, never a whole year
    previous: current?.prior_value ?? null,
    previousLabel: current ? priorLabel(current, lang, basis) : undefined,
    year: current ? latestYear : undefined,
    yearText: current ? periodLabel(current, lang, basis) : undefined,
    // absent: the datasets the indicator needs that the run did not load (components/absent.js needs())
    note: current
      ? note
      : absent?.length
        ? pick(lang, {zh: `暂无数据：需要 ${absent.map((d) => `${d.dataset}.csv（${d.zh}）`).join("、")}`, en: `No data: needs ${absent.map((d) => `${d.dataset}.csv`).join(", ")}`})
        : pick(lang, {zh: "暂无数据", en: "No data"})
  });
}

export function latestCityRow(rows, code, area = "CITY") {
  checkIndicator(rows, code);
  const series = Array.from(rows ?? []).filter((r) => r.indicator === code && r.area_code === area && !r.projected);
  const year = Math.max(...series.map((r) => r.year));
  return series.find((r) => r.year === year) ?? null;
}

export function kpiUrgency({status, value, target, suppressed, missing} = {}) {
  if (missing) return [3, 0];
  if (suppressed) return [1, 0];
  if (status === "not_met") {
    const shortfall = value != null && target ? Math.abs(value - target) / Math.abs(target) : 0;
    return [0, -shortfall];
  }
  if (status === "met") return [2, 0];
  return [1, 0];
}

export function kpiLink(card, href, lang = "zh") {
  ensureStyle(STYLE_ID, STYLE);
  const a = document.createElement("a");
  a.className = "kpi-link";
  a.href = href;
  card.append(el("span", "kpi-go", pick(lang, {zh: "查看图表 →", en: "See the chart →"})));
  a.append(card);
  return a;
}
