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
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {TASK_STATUS_COLORS, taskStatusLabel} from "./format.js";
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

export function taskLedgerChart(rows, {width, lang = "zh", labelWidth: fixedLabelWidth} = {}) {
  const data = sortTasks(rows).map((d) => ({
    ...d,
    label: `${d.title}${d.district_code ? (lang === "en" ? ` (${d.district_en})` : `（${d.district_zh}）`) : ""}`,
    shown: Math.min(d.progress_pct ?? 0, 120),
    statusText: taskStatusLabel(d.status, lang)
  }));
  const labelWidth = fixedLabelWidth ?? ledgerLabelWidth(rows, lang);
  return Plot.plot({
    // A first render may see a narrow container: never narrower than the margins plus a plot area.
    width: Math.max(width ?? 640, labelWidth + 150 + 120),
    height: data.length * 34 + 50,
    marginLeft: labelWidth,
    marginRight: 150,
    x: {domain: [0, 120], label: pick(lang, {zh: "完成进度（% 目标）", en: "Progress (% of target)"}), grid: true, ticks: [0, 25, 50, 75, 100]},
    y: {domain: data.map((d) => d.label), label: null, tickFormat: (t) => (t.length > 18 && lang === "zh" ? t.slice(0, 17) + "…" : t)},
    color: {type: "identity"},
    marks: [
      Plot.barX(data, {x: "shown", y: "label", fill: (d) => TASK_STATUS_COLORS[d.status] ?? COLORS.grey, insetTop: 6, insetBottom: 6,
        tip: {format: {fill: false, x: false}},
        title: (d) => `${d.task_id} ${d.title}\n${d.lead_unit} · ${lang === "en" ? d.district_en : d.district_zh}\n${pick(lang, {zh: "进度", en: "Progress"})} ${fmt0(d.progress_pct)}% (${d.latest_value ?? "—"} / ${d.target} ${d.unit ?? ""})\n${pick(lang, {zh: "应完成", en: "Expected by now"})} ${fmt0(d.expected_pct)}%\n${pick(lang, {zh: "截止", en: "Due"})} ${d.due ? new Date(d.due).toISOString().slice(0, 10) : "—"} · ${d.statusText}`}),
      // The expected-by-now marker: the share of the time from 1 January to the due date that has passed.
      Plot.tickX(data, {x: (d) => Math.min(d.expected_pct ?? 0, 120), y: "label", stroke: "currentColor", strokeWidth: 2.5}),
      Plot.ruleX([100], {stroke: "currentColor", strokeOpacity: 0.5}),
      Plot.text(data, {x: 120, y: "label", text: (d) => `${fmt0(d.progress_pct)}% · ${d.statusText}`, textAnchor: "start", dx: 6,
        fill: (d) => (d.status === "done" || d.status === "on_track" ? "currentColor" : TASK_STATUS_COLORS[d.status]), fontWeight: 600})
    ]
  });
}

/** The left margin that fits the task titles (pass the same to every ledger on a page so they line up). */
export function ledgerLabelWidth(rows, lang = "zh") {
  const longest = d3.max(rows, (d) => `${d.title}（${lang === "en" ? d.district_en : d.district_zh}）`.length) ?? 10;
  return Math.min(260, Math.max(120, longest * (lang === "en" ? 7 : 13)));
}

export function taskStatusChart(rows, {width, lang = "zh"} = {}) {
  const counts = statusCounts(rows);
  const data = STATUSES.filter((s) => counts[s] > 0).map((s) => ({status: s, label: taskStatusLabel(s, lang), tasks: counts[s]}));
  return Plot.plot({
    width: Math.max(width ?? 640, 200),
    height: 110,
    x: {label: pick(lang, {zh: "任务数", en: "Tasks"}), tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    color: {domain: data.map((d) => d.label), range: data.map((d) => TASK_STATUS_COLORS[d.status]), legend: true},
    marks: [
      Plot.barX(data, Plot.stackX({x: "tasks", fill: "label", tip: true})),
      Plot.text(data, Plot.stackX({x: "tasks", z: "label", text: (d) => `${d.label} ${d.tasks}`, fill: "white", fontWeight: 600})),
      Plot.ruleX([0])
    ]
  });
}
