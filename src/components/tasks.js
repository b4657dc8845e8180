// The annual task ledger (年度任务): progress bars with an expected-by-now marker, coloured by status.
//
// API (rows: marts.task_status rows with district_zh/district_en, see src/data/tasks.arrow.ts)
//   STATUS_RANK {overdue: 0, behind: 1, at_risk: 2, on_track: 3, done: 4}: the ledger's order, worst first
//   sortTasks(rows) → rows ordered overdue first, then by status, then by progress
//   taskLedgerChart(rows, {width, lang}) → Plot: one bar per task (progress %, capped at 120 on the axis),
//     a black tick at the expected share of time elapsed, a status label after the bar; colour never alone
//     labelWidth: the left margin (default ledgerLabelWidth(rows, lang))
//   ledgerLabelWidth(rows, lang) → a left margin fitting every title in rows
//   taskStatusChart(rows, {width, lang}) → Plot: tasks per status (one stacked bar)
//   statusCounts(rows) → {done, on_track, at_risk, behind, overdue}
//   ledgerData(rows) → the rows for a card's CSV and screen-reader table: the platform's figure (platform_*) left
//     out (platformNote says it in words)
//   platformNote(rows, lang) → a note for the tasks whose indicator the platform also computes (platform_value,
//     data/tasks.arrow.ts): the lead unit's reported value beside the platform's figure and its months; null if none
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {TASK_STATUS_COLORS, labelWidth, periodLabel, shortLabel, taskStatusLabel} from "./format.js";
import {namesAboveBars} from "./charts.js";
import {pick} from "./i18n.js";
import {COLORS} from "./palette.js";

export const STATUS_RANK = {overdue: 0, behind: 1, at_risk: 2, on_track: 3, done: 4};
const STATUSES = Object.keys(STATUS_RANK);

export function sortTasks(rows) {
  return d3.sort(rows, (d) => STATUS_RANK[d.status] ?? 9, (d) => d.progress_pct ?? 0, (d) => d.task_id);
}

export function statusCounts(rows) {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

const fmt0 = (v) => (v == null ? "—" : d3.format(".0f")(v));

/** The row label of a task: its title and, for a district's task, the district's short name. */
function taskLabel(d, lang) {
  if (!d.district_code) return d.title;
  return lang === "en" ? `${d.title} (${shortLabel(d.district_en, "en")})` : `${d.title}（${shortLabel(d.district_zh, "zh")}）`;
}

/** text cut with "…" to fit `px` at `size` (measured as labelWidth does). */
function fitText(text, px, size = 12) {
  if (labelWidth(text, size) <= px) return text;
  const chars = [...text];
  while (chars.length > 1 && labelWidth(`${chars.join("")}…`, size) > px) chars.pop();
  return `${chars.join("")}…`;
}

export function taskLedgerChart(rows, {width, lang = "zh", labelWidth: fixedLabelWidth} = {}) {
  const w = Math.max(width ?? 640, 280);
  // A phone: the task's name goes on its own line above the bar, not in a left margin that would leave the bars
  // no room (or scale the whole chart down to unreadable text).
  const narrow = w < 600;
  const data = sortTasks(rows).map((d) => ({
    ...d,
    key: `${d.task_id}`,
    label: taskLabel(d, lang),
    shown: Math.min(d.progress_pct ?? 0, 120),
    statusText: taskStatusLabel(d.status, lang)
  }));
  const marginRight = narrow ? 108 : 150;
  const marginLeft = narrow ? 8 : Math.min(fixedLabelWidth ?? ledgerLabelWidth(rows, lang), Math.round(w * 0.45));
  // a name takes its own line's whole width (narrow: the 100 % mark and the status stay on the bar's line under it,
  // and the grid lines stop at its halo) or the margin (wide), cut with "…" only where even that is too short
  const nameRoom = narrow ? w - marginLeft - 8 : marginLeft - 10;
  const names = new Map(data.map((d) => [d.key, fitText(d.label, nameRoom, narrow ? 11 : 12)]));
  // on a phone each row is 42 px (no band padding): its name in the top 20 px, the bar and ticks under it
  const bar = narrow ? {insetTop: 22, insetBottom: 4} : {insetTop: 6, insetBottom: 6};
  return Plot.plot({
    width: w,
    height: data.length * (narrow ? 42 : 34) + 50,
    marginLeft,
    marginRight,
    marginTop: 10,
    marginBottom: 40,
    x: {domain: [0, 120], label: pick(lang, {zh: "完成进度（% 目标）", en: "Progress (% of target)"}), grid: true, ticks: [0, 25, 50, 75, 100]},
    y: {domain: data.map((d) => d.key), label: null, ...(narrow ? {axis: null, padding: 0} : {tickFormat: (k) => names.get(k)})},
    color: {type: "identity"},
    marks: [
      Plot.barX(data, {x: "shown", y: "key", fill: (d) => TASK_STATUS_COLORS[d.status] ?? COLORS.grey, ...bar,
        tip: {format: {fill: false, x: false, y: false}},
        title: (d) => `${d.task_id} ${d.title}\n${d.lead_unit} · ${lang === "en" ? d.district_en : d.district_zh}\n${pick(lang, {zh: "进度", en: "Progress"})} ${fmt0(d.progress_pct)}% (${d.latest_value ?? "—"} / ${d.target} ${d.unit ?? ""})\n${pick(lang, {zh: "应完成", en: "Expected by now"})} ${fmt0(d.expected_pct)}%\n${pick(lang, {zh: "截止", en: "Due"})} ${d.due ? new Date(d.due).toISOString().slice(0, 10) : "—"} · ${d.statusText}`}),
      // The expected-by-now marker: the share of the time from 1 January to the due date that has passed.
      Plot.tickX(data, {x: (d) => Math.min(d.expected_pct ?? 0, 120), y: "key", stroke: "currentColor", strokeWidth: 2.5, ...(narrow ? {insetTop: 20, insetBottom: 2} : {})}),
      // the 100 % line under the bars only (on a phone it would run through the names above them)
      narrow
        ? Plot.tickX(data, {x: 100, y: "key", stroke: "currentColor", strokeOpacity: 0.5, insetTop: 20, insetBottom: 2})
        : Plot.ruleX([100], {stroke: "currentColor", strokeOpacity: 0.5}),
      narrow ? namesAboveBars(data, {y: "key", text: (d) => names.get(d.key), dy: -10}) : null,
      Plot.text(data, {x: 120, y: "key", text: (d) => `${fmt0(d.progress_pct)}% · ${d.statusText}`, textAnchor: "start", dx: 6, dy: narrow ? 9 : 0,
        fill: (d) => (d.status === "done" || d.status === "on_track" ? "currentColor" : TASK_STATUS_COLORS[d.status]), fontWeight: 600})
    ]
  });
}

/** A card's data: the task rows without the platform's figure beside them (codes, not words: platformNote says it). */
export function ledgerData(rows) {
  return rows.map((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith("platform_"))));
}

/**
 * The ledger shows what the lead unit reported; where the platform computes the same indicator from the records,
 * its figure goes beside it, with the months it covers ("平台测算 83.4%（2025年1–10月）" / "platform: 83.4% (Jan–Oct 2025)").
 */
export function platformNote(rows, lang = "zh") {
  const linked = sortTasks(rows).filter((d) => d.platform_value != null);
  if (!linked.length) return null;
  const num = (v, decimals) => d3.format(`,.${decimals ?? 1}f`)(v);
  const parts = linked.map((d) => {
    const unit = d.unit === "%" ? "%" : ` ${d.unit ?? ""}`.trimEnd();
    const when = periodLabel({year: d.year, period: d.platform_period, period_end: d.platform_period_end}, lang);
    return pick(lang, {
      zh: `“${d.title}”报送${d.latest_value ?? "—"}${unit}，平台测算${num(d.platform_value, d.platform_decimals)}${unit}（${when}）`,
      en: `'${d.title}': reported ${d.latest_value ?? "—"}${unit}, platform ${num(d.platform_value, d.platform_decimals)}${unit} (${when})`
    });
  });
  return pick(lang, {
    zh: `进度按牵头单位报送值计算；平台也由业务数据测算同一指标的：${parts.join("；")}。`,
    en: `Progress is as reported by the lead unit; where the platform computes the same indicator from the records: ${parts.join("; ")}.`
  });
}

/** The left margin that fits the task titles (pass the same to every ledger on a page so they line up). */
export function ledgerLabelWidth(rows, lang = "zh") {
  const longest = d3.max(rows, (d) => labelWidth(taskLabel(d, lang), 12)) ?? 120;
  return Math.ceil(Math.min(320, Math.max(120, longest + 16)));
}

export function taskStatusChart(rows, {width, lang = "zh"} = {}) {
  const counts = statusCounts(rows);
  const data = STATUSES.filter((s) => counts[s] > 0).map((s) => ({status: s, label: taskStatusLabel(s, lang), tasks: counts[s]}));
  const w = Math.max(width ?? 640, 200);
  const total = d3.sum(data, (d) => d.tasks) || 1;
  // a segment's words where they fit inside it, else its count, else nothing (the legend names every colour)
  const inside = (d) => {
    const room = (d.tasks / total) * (w - 40) - 8;
    const full = `${d.label} ${d.tasks}`;
    return labelWidth(full, 11) <= room ? full : labelWidth(String(d.tasks), 11) <= room ? String(d.tasks) : "";
  };
  return Plot.plot({
    width: w,
    height: 110,
    marginLeft: 20,
    marginRight: 20,
    x: {label: pick(lang, {zh: "任务数", en: "Tasks"}), tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    color: {domain: data.map((d) => d.label), range: data.map((d) => TASK_STATUS_COLORS[d.status]), legend: true},
    marks: [
      Plot.barX(data, Plot.stackX({x: "tasks", fill: "label", tip: true})),
      Plot.text(data, Plot.stackX({x: "tasks", z: "label", text: inside, fill: "white", fontWeight: 600, fontSize: 11})),
      Plot.ruleX([0])
    ]
  });
}
