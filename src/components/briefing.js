// The meeting briefing (汇报模式): builds the slides, each with one message computed from the data.
//
// API
//   briefingSlides(data, {lang}) → slides for deck() (components/deck.js)
//     data {indicators, registry (Map from indexRegistry), areas, meta, scorecard, items, tiers, providers,
//           rules, tasks, files}: plain rows as the loaders give them (toRows)
//   Slides whose data are missing say so in their headline rather than showing an empty chart.
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {barsVsTarget, trendChart} from "./charts.js";
import {indicatorIndex, STAGE_LABELS} from "./data.js";
import {label, t} from "./i18n.js";
import {areaNamer, formatNumber, formatValue, taskStatusLabel} from "./format.js";
import {isoDate} from "./frame.js";
import {loadChart} from "./methods.js";
import {providerScatter, rankingChart, scoreHeatmap} from "./supervision.js";
import {sortTasks, statusCounts, taskStatusChart} from "./tasks.js";

/** A chart sized to the slide body: (width, height) => Node, re-rendered when the slide resizes. */
function fitted(render) {
  const box = document.createElement("div");
  box.style.cssText = "width:100%;height:100%;min-height:0;display:flex;align-items:center;justify-content:center;overflow:hidden";
  let last = "";
  const draw = () => {
    const width = Math.floor(box.clientWidth);
    const height = Math.floor(box.clientHeight);
    if (!width || !height || `${width}x${height}` === last) return;
    last = `${width}x${height}`;
    const node = render(width, height);
    for (const svg of node.querySelectorAll ? [node, ...node.querySelectorAll("svg")].filter((n) => n.tagName?.toLowerCase() === "svg") : []) {
      // Plot draws at a fixed height; the slide may be shorter: scale down, keep proportions.
      svg.style.maxWidth = "100%";
      svg.style.maxHeight = `${height - (node === svg ? 0 : 40)}px`;
      svg.style.height = "auto";
      svg.style.width = "auto";
    }
    box.replaceChildren(node);
  };
  new ResizeObserver(draw).observe(box);
  return box;
}

function bullets(items) {
  const ul = document.createElement("ul");
  for (const text of items.filter(Boolean)) {
    const li = document.createElement("li");
    li.textContent = text;
    ul.append(li);
  }
  return ul;
}

export function briefingSlides(data, {lang = "zh"} = {}) {
  const {indicators, registry, areas, meta = {}, scorecard = [], items = [], tiers = [], providers = [], rules = [], tasks = [], files = []} = data;
  const zh = lang !== "en";
  const names = areaNamer(areas, lang);
  const index = indicatorIndex(indicators);
  const asOf = isoDate(meta.as_of);
  const notes = t(lang, `来源：养老服务监测平台数据仓库 · 数据截至 ${asOf}`, `Source: Aging Observatory warehouse · As of ${asOf}`);
  const fmt = (v, d = 1) => formatNumber(v, lang, {decimals: d});
  const ind = (code) => registry.get(code);
  const value = (code, area, year) => {
    const r = index.get(code, area, year);
    return r && !r.suppressed ? r.value : null;
  };
  const fv = (code, v) => formatValue(v, ind(code), lang);
  const year = index.latestYear("share_60p") ?? index.latestYear("beds_total") ?? d3.max(indicators, (d) => (d.projected ? null : d.year));
  const horizon = index.horizon("share_60p");
  const districtRows = (code) => index.districts(code, index.latestYear(code) ?? year);
  const slides = [];

  // 1. Cover: where the city stands.
  const share60 = value("share_60p", "CITY", year);
  const stage = value("aging_stage", "CITY", year);
  slides.push({
    cover: true,
    kicker: t(lang, `养老服务监测 · ${year}年度汇报`, `Elderly care monitoring · ${year} briefing`),
    headline: share60 != null
      ? t(lang, `全市60岁及以上人口占${fmt(share60)}%${stage != null ? `，处于“${label(STAGE_LABELS, stage, lang).replace(/（.*$/, "")}”阶段` : ""}`,
        `${fmt(share60)}% of residents are 60 or older${stage != null ? `: the city is "${label(STAGE_LABELS, stage, lang).replace(/ \(.*$/, "")}"` : ""}`)
      : t(lang, "养老服务监测汇报", "Elderly care monitoring briefing"),
    body: bullets([
      t(lang, `数据截至 ${asOf}`, `Data as of ${asOf}`),
      t(lang, `常住人口 ${fv("pop_total", value("pop_total", "CITY", year))}，60岁及以上 ${fv("pop_60p", value("pop_60p", "CITY", year))}`,
        `Population ${fv("pop_total", value("pop_total", "CITY", year))}; aged 60+ ${fv("pop_60p", value("pop_60p", "CITY", year))}`),
      t(lang, `${areas.filter((a) => !a.is_city).length}个区县 · 用 ← → 键翻页，F 键全屏`, `${areas.filter((a) => !a.is_city).length} districts · ← → to move, F for full screen`)
    ]),
    notes
  });

  // 2. Aging trend and projection.
  const trendRows = index.series("share_60p", "CITY").map((r) => ({...r, series: names("CITY")}));
  const later = horizon && horizon !== year ? value("share_60p", "CITY", horizon) : null;
  slides.push({
    kicker: t(lang, "人口老龄化", "Population aging"),
    headline: later != null
      ? t(lang, `到${horizon}年，60岁及以上人口占比预计由${fmt(share60)}%升至${fmt(later)}%`, `By ${horizon}, the share aged 60+ is projected to move from ${fmt(share60)}% to ${fmt(later)}%`)
      : t(lang, `60岁及以上人口占比 ${fmt(share60)}%`, `${fmt(share60)}% aged 60+`),
    body: trendRows.length ? fitted((width, height) => trendChart(trendRows, {width, height, lang, legend: false, yLabel: "%", format: (v) => fmt(v)})) : null,
    notes: `${t(lang, "实线为实际值，虚线为预测（Hamilton–Perry 法）", "Solid: observed; dashed: projected (Hamilton–Perry)")} · ${notes}`
  });

  // 3. Which districts are oldest.
  const s65 = districtRows("share_65p").filter((d) => d.value != null);
  const oldest = d3.greatest(s65, (d) => d.value);
  slides.push({
    kicker: t(lang, "区县老龄化程度", "Aging by district"),
    headline: oldest
      ? t(lang, `${names(oldest.area_code)}老龄化程度最高：65岁及以上人口占${fmt(oldest.value)}%`, `${names(oldest.area_code)} is the oldest district: ${fmt(oldest.value)}% aged 65+`)
      : t(lang, "暂无区县人口数据", "No district population data"),
    body: s65.length ? fitted((width, height) => barsVsTarget(s65, {width, lang, names, city: value("share_65p", "CITY", oldest.year), format: (v) => `${fmt(v)}%`, xLabel: t(lang, "65岁及以上人口占比（%）", "Share aged 65+ (%)")})) : null,
    notes: `${t(lang, "虚线为全市", "Dashed line: city")} · ${notes}`
  });

  // 4–5. Capacity against targets.
  for (const code of ["beds_per_1000_60p", "nursing_bed_share"]) {
    const rows = districtRows(code);
    const y = index.latestYear(code) ?? year;
    const cityRow = index.get(code, "CITY", y);
    const target = cityRow?.target ?? ind(code)?.target_value;
    const met = rows.filter((d) => d.status === "met").length;
    const name = zh ? ind(code)?.name_zh : ind(code)?.name_en;
    const cityValue = cityRow && !cityRow.suppressed ? cityRow.value : null;
    slides.push({
      kicker: t(lang, "养老服务供给", "Care capacity"),
      headline: cityValue != null
        ? t(lang, `${name}全市为${fv(code, cityValue)}${target != null ? `（目标${fv(code, target)}）` : ""}，${rows.length}个区县中${met}个达标`,
          `${name}: ${fv(code, cityValue)} city-wide${target != null ? ` (target ${fv(code, target)})` : ""}; ${met} of ${rows.length} districts meet it`)
        : t(lang, `${name}：暂无数据`, `${name}: no data`),
      body: rows.length ? fitted((width, height) => barsVsTarget(rows, {width, lang, names, target, city: cityValue, format: (v) => fmt(v), xLabel: zh ? ind(code)?.unit_zh : ind(code)?.unit_en})) : null,
      notes: `${t(lang, "绿色 ✓ 达标，橙红 ✗ 未达标；粗线为目标，虚线为全市", "Green ✓ met, vermillion ✗ not met; thick line: target; dashed: city")} · ${notes}`
    });
  }

  // 6. Scorecard ranking.
  const scoreYear = d3.max(scorecard, (d) => d.year);
  const scores = scorecard.filter((d) => d.year === scoreYear);
  const ranked = scores.filter((d) => !d.is_city && d.rank != null).sort((a, b) => a.rank - b.rank);
  slides.push({
    kicker: t(lang, "区县督导", "District scorecard"),
    headline: ranked.length
      ? t(lang, `${names(ranked[0].area_code)}综合得分第一（${fmt(ranked[0].score)}分）${ranked.length > 1 ? `，${names(ranked.at(-1).area_code)}排名末位（${fmt(ranked.at(-1).score)}分）` : ""}`,
        `${names(ranked[0].area_code)} ranks first (${fmt(ranked[0].score)})${ranked.length > 1 ? `; ${names(ranked.at(-1).area_code)} last (${fmt(ranked.at(-1).score)})` : ""}`)
      : t(lang, "暂无督导评分", "No scorecard yet"),
    body: ranked.length ? fitted((width, height) => rankingChart(scores, {width, lang, tiers, names})) : null,
    notes: `${t(lang, `${scoreYear}年 · 0–100分 · 颜色为等级`, `${scoreYear} · score 0–100 · colour: tier`)} · ${notes}`
  });

  // 7. The weakest indicator across districts.
  const yearItems = items.filter((d) => d.year === scoreYear && d.area_code !== "CITY");
  const weakest = d3.least(d3.rollups(yearItems.filter((d) => d.score != null), (v) => d3.mean(v, (d) => d.score), (d) => (zh ? d.name_zh : d.name_en) ?? d.indicator), (d) => d[1]);
  slides.push({
    kicker: t(lang, "督导分项", "Scores by indicator"),
    headline: weakest ? t(lang, `短板是“${weakest[0]}”：各区县平均仅${fmt(weakest[1])}分`, `The weak spot is "${weakest[0]}": districts average ${fmt(weakest[1])} of 100`) : t(lang, "暂无分项得分", "No indicator scores"),
    body: yearItems.length ? fitted((width, height) => scoreHeatmap(yearItems, {width, lang, names})) : null,
    notes: `${t(lang, "单项得分 = 数值 ÷ 目标 × 100，封顶100", "Score = value ÷ target × 100, capped at 100")} · ${notes}`
  });

  // 8. Institutions flagged.
  const providerYear = d3.max(providers, (d) => d.year);
  const current = providers.filter((d) => d.year === providerYear);
  const flagged = current.filter((d) => d.flag_count > 0);
  slides.push({
    kicker: t(lang, "养老机构督导", "Institutions under supervision"),
    headline: current.length
      ? t(lang, `${current.length}家养老机构中${flagged.length}家触发预警，需重点督导`, `${flagged.length} of ${current.length} institutions are flagged for follow-up`)
      : t(lang, "暂无养老机构数据", "No institution data"),
    body: current.length ? fitted((width, height) => providerScatter(current, {width, lang, rules})) : null,
    notes: `${t(lang, "横轴入住率、纵轴护理型床位占比；三角为预警机构", "x: occupancy; y: nursing-bed share; triangles: flagged")} · ${notes}`
  });

  // 9. Tasks.
  const taskYear = d3.max(tasks, (d) => d.year);
  const yearTasks = tasks.filter((d) => d.year === taskYear);
  const counts = statusCounts(yearTasks);
  const late = sortTasks(yearTasks).filter((d) => d.status === "overdue" || d.status === "behind").slice(0, 4);
  const body9 = document.createElement("div");
  if (yearTasks.length) {
    body9.style.cssText = "display:flex;flex-direction:column;gap:0.5em;height:100%;justify-content:center";
    const chartBox = document.createElement("div");
    chartBox.style.height = "40%";
    chartBox.append(fitted((width, height) => taskStatusChart(yearTasks, {width, lang})));
    body9.append(chartBox, bullets(late.map((d) => `${taskStatusLabel(d.status, lang)}：${d.title}（${d.lead_unit}${d.district_code ? ` · ${zh ? d.district_zh : d.district_en}` : ""}，${t(lang, "进度", "progress")} ${fmt(d.progress_pct, 0)}%）`)));
  }
  slides.push({
    kicker: t(lang, `${taskYear ?? ""}年度任务`, `${taskYear ?? ""} tasks`),
    headline: yearTasks.length
      ? t(lang, `${yearTasks.length}项任务中${counts.done}项已完成，${counts.overdue}项逾期，${counts.behind + counts.at_risk}项滞后或有风险`,
        `${counts.done} of ${yearTasks.length} tasks done, ${counts.overdue} overdue, ${counts.behind + counts.at_risk} behind or at risk`)
      : t(lang, "暂无年度任务", "No tasks"),
    body: yearTasks.length ? body9 : null,
    notes
  });

  // 10. Data quality.
  const loaded = d3.sum(files, (d) => d.rows_loaded ?? 0);
  const rejected = d3.sum(files, (d) => d.rows_rejected ?? 0);
  slides.push({
    kicker: t(lang, "数据质量", "Data quality"),
    headline: rejected
      ? t(lang, `本次装载${fmt(loaded, 0)}行入库，${fmt(rejected, 0)}行因校验未通过被拒收`, `${fmt(loaded, 0)} rows loaded; ${fmt(rejected, 0)} rejected by validation`)
      : t(lang, `本次装载${fmt(loaded, 0)}行全部通过校验入库`, `All ${fmt(loaded, 0)} rows passed validation`),
    body: files.length ? fitted((width, height) => loadChart(files, {width, lang})) : null,
    notes: `${t(lang, "详见“数据说明”页", "See the Methods page")} · ${notes}`
  });

  // 11. Summary.
  slides.push({
    kicker: t(lang, "要点", "Key points"),
    headline: t(lang, "下一步：补短板、盯预警、促任务", "Next: close the gaps, follow up the flags, push the tasks"),
    body: bullets([
      weakest && t(lang, `“${weakest[0]}”是各区县共同短板（平均${fmt(weakest[1])}分）`, `"${weakest[0]}" is the common weak spot (average ${fmt(weakest[1])})`),
      ranked.length > 1 && t(lang, `${names(ranked.at(-1).area_code)}综合得分末位，建议专项督导`, `${names(ranked.at(-1).area_code)} ranks last: schedule a targeted review`),
      current.length && t(lang, `${flagged.length}家机构触发预警`, `${flagged.length} institutions flagged`),
      yearTasks.length && t(lang, `${counts.overdue}项任务逾期、${counts.behind}项滞后`, `${counts.overdue} task${counts.overdue === 1 ? "" : "s"} overdue, ${counts.behind} behind`),
      later != null && t(lang, `${horizon}年60岁及以上人口占比预计达${fmt(later)}%，床位与服务需提前布局`, `${fmt(later)}% aged 60+ projected by ${horizon}: plan beds and services now`)
    ]),
    notes
  });
  return slides;
}
