// The meeting deck as an editable PowerPoint (pptxgenjs 4): every chart is a native chart part (its figures sit in
// the chart XML and its embedded workbook, so staff can restyle or edit them in PowerPoint or WPS), the district
// map is drawn from native freeform shapes, and every slide carries speaker notes with its sources and as-of date.
//
// API
//   buildDeck(data, site, {lang}) → Promise<Buffer>   the .pptx bytes
//   deckSlides(data, site, {lang}) → SlideSpec[]      what each slide says and shows (tested without a zip)
import JSZip from "jszip";
import pptxgenModule from "pptxgenjs";
import type {SiteConfig} from "../../scripts/site-config.ts";
import type {Area, Cell, DeckData, Indicator, Task} from "./data.ts";
import {shortName} from "./names.ts";
import {assignCallouts, fitColumns, pointInRing} from "../../src/components/callouts.js";
import {SEQUENTIAL, TASK_STATUS, TIER} from "../../src/components/palette.js";

export type Lang = "zh" | "en";

// pptxgenjs is CommonJS: under NodeNext its default import is module.exports, whose `default` is the class.
type PptxGenJS = import("pptxgenjs").default;
type Slide = import("pptxgenjs").default.Slide;
type ChartOpts = import("pptxgenjs").default.IChartOpts;
type ShapePoints = NonNullable<import("pptxgenjs").default.ShapeProps["points"]>;
const PptxGen = ((pptxgenModule as unknown as {default?: unknown}).default ?? pptxgenModule) as new () => PptxGenJS;

/** One bar/line series as it goes into a chart part. */
export interface Series {
  name: string;
  labels: string[];
  values: (number | null)[];
}

export interface ChartSpec {
  kind: "bar" | "line";
  /** Horizontal bars (categories down the side) or columns. */
  horizontal?: boolean;
  series: Series[];
  /** One colour per series, or (one series) one colour per bar. */
  colors: string[];
  /** Dashed series (line charts: projections). */
  dashed?: boolean[];
  /** Line charts: prediction intervals of projected series (v2), drawn as a light band (site) or thin dotted lines (.pptx). */
  bands?: {name: string; labels: string[]; lower: (number | null)[]; upper: (number | null)[]; color: string}[];
  /** The legend's one entry for all the intervals (.pptx: the first bound's line; the other bounds have none). */
  bandLegend?: string;
  valueFormat: string;
  min?: number;
  max?: number;
  showValues?: boolean;
  legend?: boolean;
  axisTitle?: string;
  box: Box;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SlideSpec {
  id: string;
  kicker: string;
  title: string;
  subtitle: string;
  /** The .pptx's subtitle where it differs from the page's (a native chart draws an interval as dotted lines, not a band). */
  pptxSubtitle?: string;
  charts: ChartSpec[];
  notes: string;
  /** Filled in by the slide-specific drawers below (map, table, cover). */
  extra?: "cover" | "map" | "tasks";
  empty?: string;
}

// Layout of a 16:9 slide (LAYOUT_WIDE: 13.333 × 7.5 in). At 1920 px wide one point is two pixels, so 12 pt is the
// smallest text (24 px) and titles are 28 pt (56 px).
const W = 13.333;
const MARGIN = 0.5;
const BODY: Box = {x: MARGIN, y: 2.05, w: W - 2 * MARGIN, h: 4.75};
// the map slide: the map with its name columns on the left, the bars on the right
const MAP_W = 7.5;
/** The tasks slide: the late tasks' table starts this far right of the body's left edge; each of its rows is this tall. */
const TASK_TABLE_X = 4.5;
const TASK_ROW_H = 0.5;
// Met / not met beside a district's name: √ and ×, the marks of Chinese forms, are in every office font; ✓ and ✗ are
// not, and the fallback font's taller line makes LibreOffice drop every other category label as overlapping.
const MET_MARK = "√";
const NOT_MET_MARK = "×";
const COLORS = {
  ink: "1F2937",
  muted: "4B5563",
  accent: "1F5F99",
  met: "009E73",
  notMet: "D55E00",
  none: "8C8C8C",
  bar: "4C78A8",
  barLight: "A7C4E2",
  projected: "9E9AC8"
};
/** The site's palette (src/components/palette.js) as pptx colours ("RRGGBB"): one colour per tier and per task status. */
const pptxColor = (css: string) => css.replace(/^#/, "").toUpperCase();
/** The stages of aging as on the aging page and the slides (SEQUENTIAL.stage). */
const STAGE_COLORS = SEQUENTIAL.stage.map(pptxColor);
const TASK_COLORS: Record<string, string> = Object.fromEntries(Object.entries(TASK_STATUS).map(([k, c]) => [k, pptxColor(c)]));
const TIER_COLORS: Record<string, string> = Object.fromEntries(Object.entries(TIER).map(([k, c]) => [k, pptxColor(c)]));
const TASK_ORDER = ["overdue", "behind", "at_risk", "on_track", "done"];
const TASK_LABELS: Record<string, {zh: string; en: string}> = {
  done: {zh: "已完成", en: "Done"},
  on_track: {zh: "正常推进", en: "On track"},
  at_risk: {zh: "有风险", en: "At risk"},
  behind: {zh: "滞后", en: "Behind"},
  overdue: {zh: "逾期", en: "Overdue"}
};

export function deckSlides(data: DeckData, site: SiteConfig, {lang = "zh"}: {lang?: Lang} = {}): SlideSpec[] {
  const zh = lang === "zh";
  const T = (a: string, b: string) => (zh ? a : b);
  const locale = zh ? "zh-CN" : "en-US";
  const num = (v: number | null | undefined, d = 1) =>
    v == null || Number.isNaN(v) ? "—" : new Intl.NumberFormat(locale, {minimumFractionDigits: d, maximumFractionDigits: d}).format(v);
  const ind = (code: string): Indicator | undefined => data.registry.get(code);
  const indName = (code: string) => (zh ? ind(code)?.name_zh : ind(code)?.name_en) ?? code;
  const unit = (code: string) => (zh ? ind(code)?.unit_zh : ind(code)?.unit_en) ?? "";
  const districts = data.areas.filter((a) => !a.is_city);
  const areaByCode = new Map(data.areas.map((a) => [a.area_code, a]));
  // headlines use the short name, as the charts do (高新区, not 高新技术产业开发区)
  const short = (code: string) => {
    const a = areaByCode.get(code);
    return a ? shortName(a, lang) : code;
  };
  const cells = new Map<string, Cell>();
  for (const c of data.cells) cells.set(`${c.indicator}|${c.area_code}|${c.year}`, c);
  const cell = (code: string, area: string, year: number | null) => (year == null ? undefined : cells.get(`${code}|${area}|${year}`));
  const value = (code: string, area: string, year: number | null) => {
    const c = cell(code, area, year);
    return c && !c.suppressed ? c.value : null;
  };
  /** The latest year with an observed (not projected) city value. */
  const latest = (code: string) => {
    const years = data.cells.filter((c) => c.indicator === code && c.area_code === "CITY" && !c.projected && c.value != null).map((c) => c.year);
    return years.length ? Math.max(...years) : null;
  };
  const districtValues = (code: string, year: number | null) =>
    districts.map((a) => ({area: a, cell: cell(code, a.area_code, year), value: value(code, a.area_code, year)}));

  const asOf = data.asOf;
  const asOfText = zh ? zhDate(asOf) : enDate(asOf);
  const censusSource = data.censusStart
    ? T("人口：第六次、第七次全国人口普查分县资料（2010、2020年）。", "Population: the 2010 and 2020 county-level census tables. ")
    : "";
  const demoNote = data.demo ? T("示例数据为合成数据，不代表任何真实城市。", "Demo data is synthetic: no figure describes a real city. ") : "";
  const sourceNote = (tables: string, extra = "") =>
    [
      T(`来源：养老服务监测平台数据仓库（${tables}），仅含公开口径数据，小数已抑制。`, `Source: Aging Observatory warehouse (${tables}); published figures only, small counts suppressed.`),
      T(`数据截至 ${asOfText}。`, `Data as of ${asOfText}.`),
      censusSource,
      extra,
      demoNote
    ]
      .filter(Boolean)
      .join(zh ? "" : " ");
  const PUBLIC = "marts.indicator_values_public";
  // v2 periods: a year the data cover only in part is labelled with its months (flows) or the as-of date (stocks)
  const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const partialMonths = (year: number | null) => (year == null ? null : (data.periods ?? []).find((p) => p.year === year && p.period === "ytd")?.months ?? null);
  const yearText = (year: number) => {
    const m = partialMonths(year);
    if (m == null) return T(`${year}年`, String(year));
    return T(`${year}年${m === 1 ? "1月" : `1–${m}月`}（截至${asOfText}）`, `${m === 1 ? "Jan" : `Jan–${MONTHS_EN[m - 1]}`} ${year} (to ${asOfText})`);
  };
  const at = (label: string, year: number | null) => (year == null ? label : `${label} · ${yearText(year)}`);
  const slides: SlideSpec[] = [];

  // 1. Cover: bureau, title, date; the synthetic-data warning when it applies.
  const date = site.date || asOf;
  slides.push({
    id: "cover",
    kicker: zh ? site.bureau_zh : site.bureau_en,
    title: zh ? site.title_zh : site.title_en,
    subtitle: site.date ? `${zh ? zhDate(date) : enDate(date)} · ${T(`数据截至 ${asOfText}`, `data as of ${asOfText}`)}` : T(`数据截至 ${asOfText}`, `Data as of ${asOfText}`),
    charts: [],
    extra: "cover",
    notes: sourceNote(`${PUBLIC}, marts.task_status`, T("封面的局名、标题和日期在 aging.config.json 的 site 部分设置。", "The bureau, title and date on this cover are set in the site section of aging.config.json."))
  });

  // 2. The map of aging: share aged 65+ by district, coloured by the stage of aging.
  const ageYear = latest("share_65p");
  const ages = districtValues("share_65p", ageYear).filter((d) => d.value != null).sort((a, b) => b.value! - a.value!);
  const cityAge = value("share_65p", "CITY", ageYear);
  const oldestValue = ages[0]?.value;
  const oldest = ages.filter((d) => d.value === oldestValue);
  slides.push({
    id: "aging-map",
    // population is given for the whole year (not a partial flow): the plain year
    kicker: ageYear == null ? T("人口老龄化", "Population aging") : `${T("人口老龄化", "Population aging")} · ${T(`${ageYear}年`, String(ageYear))}`,
    title: oldest.length
      ? T(
          `${oldest.map((d) => short(d.area.area_code)).join("、")}老龄化程度最高：65岁及以上人口占${num(oldestValue)}%（全市${num(cityAge)}%）`,
          `${oldest.map((d) => short(d.area.area_code)).join(" and ")}: the oldest, ${num(oldestValue)}% aged 65+ (city ${num(cityAge)}%)`
        )
      : T("暂无区县人口数据", "No district population data"),
    subtitle: (data.censusStart ? T("来源：2010、2020年人口普查；", "Source: 2010 and 2020 censuses; ") : "") + T("65岁及以上人口占常住人口比例（%）；颜色为老龄化阶段：≥7% 老龄化，≥14% 深度老龄化，≥21% 超级老龄化",
      "Share of residents aged 65+ (%); colour: stage of aging (≥7% aging, ≥14% aged, ≥21% super-aged)"),
    charts: ages.length
      ? [{
          kind: "bar",
          horizontal: true,
          // pptx draws the first category at the bottom: ascending order puts the oldest on top
          series: [{name: indName("share_65p"), labels: ages.map((d) => short(d.area.area_code)).reverse(), values: ages.map((d) => round(d.value, 1)).reverse()}],
          colors: ages.map((d) => STAGE_COLORS[stage(d.value!)]!).reverse(),
          valueFormat: "0.0",
          min: 0,
          showValues: true,
          box: {x: BODY.x + MAP_W + 0.4, y: BODY.y, w: W - MARGIN - (BODY.x + MAP_W + 0.4), h: BODY.h}
        }]
      : [],
    extra: "map",
    empty: ages.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: share_65p; staging.district_shapes`, T(`全市值由全市合计计算，不是各区县的平均。地图为可编辑的形状。`, "The city value is computed from city totals, not averaged over districts. The map is made of editable shapes."))
  });

  // 3. Aging trend and projection (city).
  const shareYears = [...new Set(data.cells.filter((c) => c.indicator === "share_60p" && c.area_code === "CITY").map((c) => c.year))].sort((a, b) => a - b);
  const lastObserved = latest("share_60p");
  const horizon = shareYears.length ? shareYears[shareYears.length - 1]! : null;
  const s60 = value("share_60p", "CITY", lastObserved);
  const s60h = horizon != null && horizon !== lastObserved ? value("share_60p", "CITY", horizon) : null;
  const trendSeries: Series[] = [];
  const trendBands: NonNullable<ChartSpec["bands"]> = [];
  // the trend slide's subtitle; how the interval is drawn differs: a band on the page, dotted lines in the .pptx
  const trendSubtitle = (interval: string) =>
    (data.censusStart ? T("来源：2010、2020年人口普查；", "Source: 2010 and 2020 censuses; ") : "") +
    T(`全市，占常住人口比例（%）；实线为实际值（至${lastObserved ?? "—"}年），虚线为预测值（Hamilton–Perry 法）`,
      `City, share of residents (%); solid: observed (to ${lastObserved ?? "—"}), dashed: projected (Hamilton–Perry)`) +
    (trendBands.length ? interval : "");
  for (const code of ["share_60p", "share_65p"]) {
    const obs = shareYears.map((y) => (cell(code, "CITY", y)?.projected ? null : round(value(code, "CITY", y), 1)));
    // the projected line starts at the last observed year so the two join
    const proj = shareYears.map((y) => (cell(code, "CITY", y)?.projected || y === lastObserved ? round(value(code, "CITY", y), 1) : null));
    const label = code === "share_60p" ? T("60岁及以上", "Aged 60+") : T("65岁及以上", "Aged 65+");
    trendSeries.push({name: `${label}${T("（实际）", " (observed)")}`, labels: shareYears.map(String), values: obs});
    if (proj.some((v, i) => v != null && shareYears[i] !== lastObserved)) trendSeries.push({name: `${label}${T("（预测）", " (projected)")}`, labels: shareYears.map(String), values: proj});
    // the projection's empirical prediction interval (90th percentile of the absolute backtest errors, v2)
    const lower = shareYears.map((y) => (cell(code, "CITY", y)?.projected ? round(cell(code, "CITY", y)?.pi_lower ?? null, 1) : null));
    const upper = shareYears.map((y) => (cell(code, "CITY", y)?.projected ? round(cell(code, "CITY", y)?.pi_upper ?? null, 1) : null));
    if (lower.some((v) => v != null) && upper.some((v) => v != null)) {
      trendBands.push({name: `${label}${T("预测区间", " prediction interval")}`, labels: shareYears.map(String), lower, upper, color: code === "share_60p" ? COLORS.accent : COLORS.notMet});
    }
  }
  slides.push({
    id: "aging-trend",
    kicker: T("人口老龄化 · 趋势与预测", "Population aging · trend and projection"),
    title: s60h != null
      ? (s60h ?? 0) >= (s60 ?? 0)
        ? T(`到${horizon}年，全市60岁及以上人口占比预计由${num(s60)}%升至${num(s60h)}%`, `By ${horizon}, the share aged 60+ is projected to rise from ${num(s60)}% to ${num(s60h)}%`)
        : T(`到${horizon}年，全市60岁及以上人口占比预计由${num(s60)}%降至${num(s60h)}%`, `By ${horizon}, the share aged 60+ is projected to fall from ${num(s60)}% to ${num(s60h)}%`)
      : T(`全市60岁及以上人口占${num(s60)}%`, `${num(s60)}% of residents are aged 60+`),
    subtitle: trendSubtitle(T("；浅色区间为预测区间（回测绝对误差的第90百分位）", "; band: prediction interval (90th percentile of backtest errors)")),
    pptxSubtitle: trendSubtitle(T("；点线为预测区间（回测绝对误差的第90百分位）", "; dotted: prediction interval (90th percentile of backtest errors)")),
    charts: shareYears.length
      ? [{
          kind: "line",
          series: trendSeries,
          colors: trendSeries.map((s) => (s.name.includes("60") ? COLORS.accent : COLORS.notMet)),
          dashed: trendSeries.map((s) => /预测|projected/.test(s.name)),
          bands: trendBands,
          bandLegend: T("点线：预测区间", "dotted: prediction interval"),
          valueFormat: "0",
          min: 0,
          legend: true,
          box: BODY
        }]
      : [],
    empty: shareYears.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: share_60p, share_65p`, T("预测值为估计，随新的人口数据更新。", "Projections are estimates, revised as new population data arrive."))
  });

  // 4. The bed gap: beds short of the target, now and at the projection horizon, by district.
  const bedYear = latest("bed_gap");
  const gapHorizon = [...new Set(data.cells.filter((c) => c.indicator === "bed_gap" && c.area_code === "CITY" && c.projected).map((c) => c.year))].sort((a, b) => b - a)[0] ?? null;
  const gaps = districtValues("bed_gap", bedYear)
    .map((d) => ({...d, later: gapHorizon == null ? null : value("bed_gap", d.area.area_code, gapHorizon)}))
    .filter((d) => d.value != null || d.later != null)
    .sort((a, b) => (b.later ?? b.value ?? 0) - (a.later ?? a.value ?? 0) || (b.value ?? 0) - (a.value ?? 0));
  // the city's gap is the sum of the districts' (marts: 130_iv_capacity.sql), so the bars add up to the headline
  const cityGap = value("bed_gap", "CITY", bedYear);
  const cityGapLater = gapHorizon == null ? null : value("bed_gap", "CITY", gapHorizon);
  const laterCell = cell("bed_gap", "CITY", gapHorizon);
  const laterInterval = laterCell && !laterCell.suppressed && laterCell.pi_lower != null && laterCell.pi_upper != null
    ? T(`（预测区间${num(laterCell.pi_lower, 0)}–${num(laterCell.pi_upper, 0)}张）`, ` (interval ${num(laterCell.pi_lower, 0)}–${num(laterCell.pi_upper, 0)})`)
    : "";
  const bedTarget = cell("beds_per_1000_60p", "CITY", latest("beds_per_1000_60p"))?.target ?? ind("beds_per_1000_60p")?.target_value ?? null;
  const bedsCity = value("beds_per_1000_60p", "CITY", latest("beds_per_1000_60p"));
  const bedsRows = districtValues("beds_per_1000_60p", latest("beds_per_1000_60p"));
  const bedsMet = bedsRows.filter((d) => d.cell?.status === "met").length;
  // districts held to a target of their own (e.g. 古槐区 30 where the city's is 36), named in the subtitle
  const ownTargets = bedsRows.filter((d) => d.cell?.target != null && bedTarget != null && d.cell.target !== bedTarget);
  const ownTargetText = ownTargets.length
    ? T(`（${ownTargets.map((d) => `${short(d.area.area_code)}${num(d.cell!.target, 0)}张`).join("、")}）`, ` (${ownTargets.map((d) => `${short(d.area.area_code)} ${num(d.cell!.target, 0)}`).join(", ")})`)
    : "";
  // horizontal bars stack a category's series bottom-up: the projection goes first so the current year is on top
  const gapLabels = gaps.map((d) => short(d.area.area_code)).reverse();
  const gapSeries: Series[] = [];
  if (gapHorizon != null) gapSeries.push({name: T(`${gapHorizon}年缺口（预测）`, `Gap ${gapHorizon} (projected)`), labels: gapLabels, values: gaps.map((d) => round(d.later, 0)).reverse()});
  gapSeries.push({name: T(`${bedYear ?? ""}年缺口`, `Gap ${bedYear ?? ""}`), labels: gapLabels, values: gaps.map((d) => round(d.value, 0)).reverse()});
  slides.push({
    id: "bed-gap",
    kicker: T("养老床位 · 供需缺口", "Care beds · the gap"),
    title: cityGap != null
      ? T(
          `按现行目标，全市缺床位${num(cityGap, 0)}张${cityGapLater != null ? `，${gapHorizon}年预计${num(cityGapLater, 0)}张${laterInterval}` : ""}`,
          `At the targets in force the city is ${num(cityGap, 0)} beds short${cityGapLater != null ? `; ${num(cityGapLater, 0)} projected for ${gapHorizon}${laterInterval}` : ""}`
        )
      : T("暂无床位缺口数据", "No bed-gap data"),
    subtitle: T(
      `各区县床位缺口（张），全市为各区县之和；目标每千名老年人${num(bedTarget, 0)}张${ownTargetText}，全市现为${num(bedsCity)}张，${bedsRows.length}个区县中${bedsMet}个达标；预测按现有床位不变`,
      `Beds short by district (the city: their sum). Target ${num(bedTarget, 0)} per 1,000 aged 60+${ownTargetText}; city now ${num(bedsCity)}; ${bedsMet} of ${bedsRows.length} districts meet it; projected with today's beds`
    ),
    // a district with no gap reads "达标 / no gap", not a bare 0 that looks like missing data (the format's zero section)
    charts: gaps.length
      ? [{kind: "bar", horizontal: true, series: gapSeries, colors: gapHorizon != null ? [COLORS.projected, COLORS.bar] : [COLORS.bar], valueFormat: T('#,##0;-#,##0;"达标"', '#,##0;-#,##0;"no gap"'), min: 0, showValues: true, legend: true, box: BODY}]
      : [],
    empty: gaps.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: bed_gap, beds_per_1000_60p`, T(`缺口 = 按目标测算的床位需求 − 现有床位；已达标的区县缺口为0，标“达标”。全市缺口为各区县缺口之和（按未取整的数值相加，与取整后的条形标签之和可能差一两张）：床位有富余的区县不抵减其他区县的缺口。预测区间按人口预测回测误差（绝对误差第90百分位）推出，只含人口预测的不确定性，床位按现有数不变。`,
      "Gap = beds needed at the target − beds in place; districts meeting the target have none and read \"no gap\". The city's gap is the sum of the districts' (unrounded, so the rounded bar labels may add up to a bed or two more or less): spare beds in one district do not offset another's shortfall. The interval follows from the population projection's backtest errors (90th percentile of the absolute errors): the population's uncertainty only, with today's beds."))
  });

  // 5. Home and community services: orders per 1,000 elders and monthly visits to elders in special hardship.
  const svcYear = latest("orders_per_1000_60p");
  const orders = districtValues("orders_per_1000_60p", svcYear).filter((d) => d.value != null).sort((a, b) => b.value! - a.value!);
  const visitYear = latest("special_visit_rate");
  const visits = districtValues("special_visit_rate", visitYear).filter((d) => d.value != null).sort((a, b) => b.value! - a.value!);
  const visitTarget = cell("special_visit_rate", "CITY", visitYear)?.target ?? ind("special_visit_rate")?.target_value ?? null;
  const visitsMet = visits.filter((d) => d.cell?.status === "met").length;
  const half = (BODY.w - 0.4) / 2;
  // √/× go after the value ("84.7 ×", by the label's number format) rather than after the name: a longer name is
  // wrapped by LibreOffice, which then drops every other name as overlapping. The format can only test the value
  // against the target, so it is used when that agrees with every district's published status (as it does for an
  // "at least" target); otherwise the mark stays beside the name.
  const markByValue = visitTarget != null && visits.every((d) => (d.cell?.status === "met") === (round(d.value, 1)! >= visitTarget) && (d.cell?.status === "met" || d.cell?.status === "not_met"));
  slides.push({
    id: "services",
    kicker: svcYear == null ? T("居家社区服务", "Home and community services") : at(T("居家社区服务", "Home and community services"), svcYear),
    title: svcYear != null
      ? T(
          `全市每千名老人服务${num(value("orders_per_1000_60p", "CITY", svcYear), 0)}单，工单完成率${num(value("completion_rate", "CITY", svcYear))}%；特殊困难老人月探访率${num(value("special_visit_rate", "CITY", visitYear))}%`,
          `${num(value("orders_per_1000_60p", "CITY", svcYear), 0)} orders per 1,000 elders, ${num(value("completion_rate", "CITY", svcYear))}% completed; monthly visits reach ${num(value("special_visit_rate", "CITY", visitYear))}% of elders in hardship`
        )
      : T("暂无服务数据", "No service data"),
    subtitle: T(
      `左：每千名60岁及以上老人完成工单（单）；右：特殊困难老人月探访率（%），目标${num(visitTarget, 0)}%，${visitsMet}/${visits.length}个区县达标（√ 达标 × 未达标）`,
      `Left: completed orders per 1,000 aged 60+; right: monthly visits to elders in hardship (%), target ${num(visitTarget, 0)}%, met in ${visitsMet} of ${visits.length} (√ met, × not met)`
    ),
    charts: [
      ...(orders.length
        ? [{kind: "bar" as const, horizontal: true, series: [{name: indName("orders_per_1000_60p"), labels: orders.map((d) => short(d.area.area_code)).reverse(), values: orders.map((d) => round(d.value, 1)).reverse()}],
            colors: [COLORS.bar], valueFormat: "#,##0", min: 0, showValues: true, box: {x: BODY.x, y: BODY.y, w: half, h: BODY.h}}]
        : []),
      ...(visits.length
        ? [{kind: "bar" as const, horizontal: true,
            series: [{name: indName("special_visit_rate"), labels: visits.map((d) => (markByValue ? short(d.area.area_code) : `${short(d.area.area_code)}\u00A0${d.cell?.status === "met" ? MET_MARK : d.cell?.status === "not_met" ? NOT_MET_MARK : ""}`.trim())).reverse(), values: visits.map((d) => round(d.value, 1)).reverse()}],
            colors: visits.map((d) => (d.cell?.status === "met" ? COLORS.met : d.cell?.status === "not_met" ? COLORS.notMet : COLORS.none)).reverse(),
            valueFormat: markByValue ? `[>=${visitTarget}]0.0"\u00A0${MET_MARK}";0.0"\u00A0${NOT_MET_MARK}"` : "0.0", min: 0, max: 100, showValues: true, box: {x: BODY.x + half + 0.4, y: BODY.y, w: half, h: BODY.h}}]
        : [])
    ],
    empty: orders.length || visits.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: orders_per_1000_60p, completion_rate, special_visit_rate`,
      T(`${svcYear ?? ""}年数据截至统计日，各区县同期可比；与往年全年数据不可直接比较。`, `${svcYear ?? ""} runs to the as-of date: districts compare like with like, but not with earlier full years.`))
  });

  // 6. Informatization: the index by district, 0–100; the highest and lowest named in the title are highlighted.
  const infoYear = latest("informatization_index");
  const infoAll = districtValues("informatization_index", infoYear);
  const info = infoAll.filter((d) => d.value != null).sort((a, b) => b.value! - a.value!);
  const hidden = infoAll.filter((d) => d.value == null && d.cell?.suppressed).map((d) => short(d.area.area_code));
  const top = info.filter((d) => d.value === info[0]?.value);
  const bottom = info.filter((d) => d.value === info[info.length - 1]?.value);
  slides.push({
    id: "informatization",
    kicker: at(T("信息化", "Informatization"), infoYear),
    title: info.length
      ? T(
          `信息化指数全市${num(value("informatization_index", "CITY", infoYear))}分：${top.map((d) => short(d.area.area_code)).join("、")}最高（${num(top[0]!.value)}分），${bottom.map((d) => short(d.area.area_code)).join("、")}最低（${num(bottom[0]!.value)}分）`,
          `Informatization index ${num(value("informatization_index", "CITY", infoYear))} city-wide: highest ${top.map((d) => short(d.area.area_code)).join(", ")} (${num(top[0]!.value)}), lowest ${bottom.map((d) => short(d.area.area_code)).join(", ")} (${num(bottom[0]!.value)})`
        )
      : T("暂无信息化数据", "No informatization data"),
    subtitle: T(
      `信息化指数（0–100分），深色为最高和最低；设施接入平台率${num(value("facility_platform_rate", "CITY", infoYear))}%，老年人建档率${num(value("platform_registration_rate", "CITY", infoYear))}%${hidden.length ? `；${hidden.join("、")}因小数保护不公布` : ""}`,
      `Index 0–100, highest and lowest in dark; facilities on the platform ${num(value("facility_platform_rate", "CITY", infoYear))}%, elders registered ${num(value("platform_registration_rate", "CITY", infoYear))}%${hidden.length ? `; ${hidden.join(", ")} withheld (small counts)` : ""}`
    ),
    charts: info.length
      ? [{
          kind: "bar",
          horizontal: true,
          series: [{name: indName("informatization_index"), labels: info.map((d) => short(d.area.area_code)).reverse(), values: info.map((d) => round(d.value, 1)).reverse()}],
          colors: info.map((d) => (top.includes(d) ? COLORS.accent : bottom.includes(d) ? COLORS.notMet : COLORS.barLight)).reverse(),
          valueFormat: "0.0",
          min: 0,
          max: 100,
          showValues: true,
          box: BODY
        }]
      : [],
    empty: info.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: informatization_index, facility_platform_rate, platform_registration_rate`,
      T("信息化指数为建档率、评估覆盖率、设施接入平台率、线上服务占比的平均；任一组成项被小数保护隐藏时指数一并隐藏。", "The index averages registration, assessment coverage, facilities on the platform and online share; it is withheld wherever one of its inputs is."))
  });

  // 7. The district scorecard: overall score 0–100, coloured by tier.
  const scoreYear = latest("district_score");
  const scores = districtValues("district_score", scoreYear).filter((d) => d.value != null).sort((a, b) => b.value! - a.value!);
  const tierOf = (score: number) => data.tiers.find((t) => Math.round(score * 10) / 10 >= t.min_score);
  // the tier's colour, as on the scorecard page (palette.js TIER)
  const tierColor = (score: number) => TIER_COLORS[tierOf(score)?.tier ?? ""] ?? COLORS.none;
  const first = scores.filter((d) => d.value === scores[0]?.value);
  const last = scores.filter((d) => d.value === scores[scores.length - 1]?.value);
  // Scores to one decimal, as the pages show them; the tier is taken on that published figure (89.95 → 90.0 → A), as
  // the scorecard mart does, so the slide, the pages and the tiers agree.
  const cut = (v: number | null) => (v == null ? null : Math.round(v * 10) / 10);
  slides.push({
    id: "scorecard",
    kicker: at(T("区县督导", "District scorecard"), scoreYear),
    title: scores.length
      ? T(
          `${first.map((d) => short(d.area.area_code)).join("、")}综合得分第一（${num(cut(first[0]!.value))}分），${last.map((d) => short(d.area.area_code)).join("、")}末位（${num(cut(last[0]!.value))}分）`,
          `${first.map((d) => short(d.area.area_code)).join(", ")} ranks first (${num(cut(first[0]!.value))}); ${last.map((d) => short(d.area.area_code)).join(", ")} last (${num(cut(last[0]!.value))})`
        )
      : T("暂无督导评分", "No scorecard yet"),
    subtitle: T(
      `综合得分（0–100分），颜色为等级：${data.tiers.map((t) => `${t.tier} ${t.label_zh} ≥${t.min_score}`).join("，")}；全市${num(cut(value("district_score", "CITY", scoreYear)))}分`,
      `Overall score (0–100); colour: tier ${data.tiers.map((t) => `${t.tier} ${t.label_en} ≥${t.min_score}`).join(", ")}; city ${num(cut(value("district_score", "CITY", scoreYear)))}`
    ),
    charts: scores.length
      ? [{
          kind: "bar",
          horizontal: true,
          series: [{name: indName("district_score"), labels: scores.map((d) => `${short(d.area.area_code)} ${tierOf(d.value!)?.tier ?? ""}`.trim()).reverse(), values: scores.map((d) => cut(d.value)).reverse()}],
          colors: scores.map((d) => tierColor(d.value!)).reverse(),
          valueFormat: "0.0",
          min: 0,
          max: 100,
          showValues: true,
          box: BODY
        }]
      : [],
    empty: scores.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote(`${PUBLIC}: district_score; marts.score_tiers`,
      T("单项得分 = 数值 ÷ 目标 × 100（封顶100），综合得分为加权平均。得分保留一位小数，等级按显示的得分确定（与网站一致）。", "Item score = value ÷ target × 100 (capped at 100); the overall score is their weighted mean. Scores are shown to one decimal and the tier follows the score as shown (as on the site)."))
  });

  // 8. Annual tasks: how many in each status; the late ones listed.
  const taskYear = data.tasks.length ? Math.max(...data.tasks.map((t) => t.year)) : null;
  const tasks = data.tasks.filter((t) => t.year === taskYear);
  const counts = Object.fromEntries(TASK_ORDER.map((s) => [s, tasks.filter((t) => t.status === s).length])) as Record<string, number>;
  const behindOrRisk = (counts.behind ?? 0) + (counts.at_risk ?? 0);
  // under the late tasks' table (TASK_ROW_H a row), their progress against the share due by now as bars, in the
  // table's order (the .pptx lists categories bottom-up), where the table leaves room for them
  const late = lateTasks(data.tasks).slice(0, 6);
  const tableH = (late.length + 1) * TASK_ROW_H;
  const progressBox = {x: BODY.x + TASK_TABLE_X, y: BODY.y + tableH + 0.3, w: BODY.w - TASK_TABLE_X, h: BODY.h - tableH - 0.3};
  const progressLabels = late.map((t) => t.title).reverse();
  const progressChart: ChartSpec[] = late.length && progressBox.h >= 1.6
    ? [{
        kind: "bar",
        horizontal: true,
        series: [
          {name: T("按时间应完成", "Due by now"), labels: progressLabels, values: late.map((t) => round(t.expected_pct, 0)).reverse()},
          {name: T("进度（牵头单位报送）", "Progress (as reported)"), labels: progressLabels, values: late.map((t) => round(t.progress_pct, 0)).reverse()}
        ],
        colors: [COLORS.barLight, COLORS.accent],
        valueFormat: '0"%"',
        min: 0,
        max: 100,
        showValues: true,
        legend: true,
        box: progressBox
      }]
    : [];
  slides.push({
    id: "tasks",
    kicker: taskYear == null ? T("年度重点任务", "Key tasks") : T(`${taskYear}年度重点任务`, `${taskYear} key tasks`),
    title: tasks.length
      ? T(`${tasks.length}项任务中${counts.done}项已完成，${counts.overdue}项逾期，${behindOrRisk}项滞后或有风险`,
          `${counts.done} of ${tasks.length} ${plural(tasks.length, "task")} done, ${counts.overdue} overdue, ${behindOrRisk} behind or at risk`)
      : T("暂无年度任务", "No tasks this year"),
    subtitle: T(`左：各状态任务数（项）；右：逾期、滞后和有风险的任务，进度（牵头单位报送）与按时间应完成的比例（%）`, `Left: tasks by status. Right: late and at-risk tasks, progress as reported vs the share due by now (%); names as in the bureau's (Chinese) list`),
    charts: tasks.length
      ? [{
          kind: "bar",
          horizontal: true,
          series: [{name: T("任务数", "Tasks"), labels: [...TASK_ORDER].reverse().map((s) => (zh ? TASK_LABELS[s]!.zh : TASK_LABELS[s]!.en)), values: [...TASK_ORDER].reverse().map((s) => counts[s] ?? 0)}],
          colors: [...TASK_ORDER].reverse().map((s) => TASK_COLORS[s]!),
          valueFormat: "0",
          min: 0,
          showValues: true,
          box: {x: BODY.x, y: BODY.y, w: 4.2, h: BODY.h}
        }, ...progressChart]
      : [],
    extra: "tasks",
    empty: tasks.length ? undefined : T("暂无数据", "No data"),
    notes: sourceNote("marts.task_status", T("状态按时间进度判断：应完成比例 = 1月1日至完成时限已过去的时间比例。", "Status is judged against elapsed time: the share due by now is the share of the time from 1 January to the due date that has passed."))
  });
  // a slide without data says so plainly, with no legend for a chart that is not there
  for (const slide of slides) {
    if (!slide.empty) continue;
    slide.subtitle = T("本页所需数据未提供，或因小数保护不予公布。", "The data for this slide are missing, or withheld to protect small counts.");
    delete slide.pptxSubtitle;
  }
  return slides;
}

/** Late tasks for the table on the tasks slide, most severe first. */
export function lateTasks(tasks: Task[]): Task[] {
  const year = tasks.length ? Math.max(...tasks.map((t) => t.year)) : null;
  return tasks
    .filter((t) => t.year === year && (t.status === "overdue" || t.status === "behind" || t.status === "at_risk"))
    .sort((a, b) => TASK_ORDER.indexOf(a.status) - TASK_ORDER.indexOf(b.status) || (a.progress_pct ?? 0) - (b.progress_pct ?? 0));
}

function stage(share65: number): number {
  return share65 >= 21 ? 3 : share65 >= 14 ? 2 : share65 >= 7 ? 1 : 0;
}

function round(v: number | null | undefined, d: number): number | null {
  if (v == null || Number.isNaN(v)) return null;
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function zhDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

function enDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing

export async function buildDeck(data: DeckData, site: SiteConfig, {lang = "zh"}: {lang?: Lang} = {}): Promise<Buffer> {
  const zh = lang === "zh";
  const font = site.deck_font;
  const pres = new PptxGen();
  pres.layout = "LAYOUT_WIDE";
  pres.title = zh ? site.title_zh : site.title_en;
  pres.author = zh ? site.bureau_zh : site.bureau_en;
  pres.company = zh ? site.bureau_zh : site.bureau_en;
  pres.subject = zh ? "养老服务监测平台汇报" : "Aging Observatory briefing";
  pres.theme = {headFontFace: font, bodyFontFace: font};
  const langTag = zh ? "zh-CN" : "en-US";
  const specs = deckSlides(data, site, {lang});
  const text = {fontFace: font, lang: langTag, color: COLORS.ink, margin: 0};

  specs.forEach((spec, i) => {
    const slide = pres.addSlide();
    slide.background = {color: "FFFFFF"};
    if (spec.extra === "cover") {
      slide.addShape("rect", {x: 0, y: 0, w: W, h: 0.35, fill: {color: COLORS.accent}, line: {color: COLORS.accent}});
      slide.addText(spec.kicker, {...text, x: 1, y: 1.5, w: W - 2, h: 0.7, fontSize: 26, color: COLORS.muted});
      slide.addText(spec.title, {...text, x: 1, y: 2.3, w: W - 2, h: 1.9, fontSize: 44, bold: true, valign: "top", fit: "shrink"});
      slide.addText(spec.subtitle, {...text, x: 1, y: 4.3, w: W - 2, h: 0.6, fontSize: 24, color: COLORS.muted});
      if (data.demo) {
        slide.addText(zh ? "示例数据：本演示文稿中的数字均为合成数据，不代表任何真实城市" : "Demo data: every figure in this deck is synthetic and describes no real city", {
          // tall enough for two lines (the English sentence wraps in LibreOffice's substitute font)
          ...text, x: 1, y: 5.3, w: W - 2, h: 0.95, fontSize: 20, bold: true, color: "FFFFFF", fill: {color: COLORS.notMet}, margin: 10, valign: "middle"
        });
      }
      slide.addNotes(spec.notes);
      return;
    }
    slide.addText(spec.kicker, {...text, x: MARGIN, y: 0.25, w: W - 2 * MARGIN, h: 0.4, fontSize: 16, bold: true, color: COLORS.accent});
    slide.addText(keepFigures(spec.title), {...text, x: MARGIN, y: 0.62, w: W - 2 * MARGIN, h: 0.95, fontSize: titleSize(spec.title, W - 2 * MARGIN), bold: true, valign: "top"});
    slide.addText(keepFigures(spec.pptxSubtitle ?? spec.subtitle), {...text, x: MARGIN, y: 1.55, w: W - 2 * MARGIN, h: 0.5, fontSize: 14, color: COLORS.muted, valign: "top"});
    const footer = `${zh ? "来源：养老服务监测平台" : "Source: Aging Observatory"} · ${zh ? `数据截至 ${zhDate(data.asOf)}` : `data as of ${enDate(data.asOf)}`}${data.demo ? (zh ? " · 示例数据为合成数据" : " · demo data, synthetic") : ""}`;
    slide.addText(footer, {...text, x: MARGIN, y: 7.0, w: W - 2 * MARGIN - 1, h: 0.3, fontSize: 12, color: COLORS.muted});
    slide.addText(`${i + 1} / ${specs.length}`, {...text, x: W - MARGIN - 1, y: 7.0, w: 1, h: 0.3, fontSize: 12, color: COLORS.muted, align: "right"});
    if (spec.empty) {
      slide.addText(spec.empty, {...text, ...BODY, fontSize: 28, color: COLORS.muted, align: "center", valign: "middle"});
    }
    for (const chart of spec.charts) addChart(pres, slide, chart, font);
    if (spec.extra === "map") drawMap(slide, data, lang, text, {x: BODY.x, y: BODY.y, w: MAP_W, h: BODY.h});
    if (spec.extra === "tasks") drawTaskTable(slide, data, lang, text, {x: BODY.x + TASK_TABLE_X, y: BODY.y, w: BODY.w - TASK_TABLE_X, h: BODY.h});
    slide.addNotes(spec.notes);
  });

  const bytes = (await pres.write({outputType: "nodebuffer"})) as Buffer;
  return eastAsianTheme(bytes, font);
}

function addChart(pres: PptxGenJS, slide: Slide, chart: ChartSpec, font: string): void {
  // a bar's English name is never broken across lines ("Hi- / tech Zone"): no-break spaces and hyphens inside it
  const keep = (label: string) => (chart.kind === "bar" ? label.replace(/(?<=[A-Za-z)-]) (?=[A-Za-z(])/g, "\u00A0").replace(/(?<=[A-Za-z])-(?=[A-Za-z])/g, "\u2011") : label);
  const data = chart.series.map((s) => ({name: s.name, labels: s.labels.map(keep), values: s.values as number[]}));
  const many = chart.series[0]?.labels.length ?? 0;
  const labelSize = chart.kind === "line" ? 14 : many > 10 ? 15 : 16;
  const common: ChartOpts = {
    ...chart.box,
    chartColors: chart.colors,
    catAxisLabelFontFace: font,
    catAxisLabelFontSize: labelSize,
    catAxisLabelColor: COLORS.ink,
    valAxisLabelFontFace: font,
    valAxisLabelFontSize: 14,
    valAxisLabelColor: COLORS.muted,
    valAxisLabelFormatCode: chart.valueFormat,
    valGridLine: {color: "E5E7EB", style: "solid", size: 1},
    catGridLine: {style: "none"},
    showLegend: Boolean(chart.legend),
    legendPos: "t",
    legendFontFace: font,
    legendFontSize: 16,
    showValue: Boolean(chart.showValues),
    dataLabelFontFace: font,
    dataLabelFontSize: labelSize,
    dataLabelColor: COLORS.ink,
    dataLabelFormatCode: chart.valueFormat,
    dataLabelPosition: chart.kind === "bar" ? "outEnd" : undefined,
    ...(chart.min != null ? {valAxisMinVal: chart.min} : {}),
    ...(chart.max != null ? {valAxisMaxVal: chart.max} : {})
  };
  if (chart.kind === "bar") {
    // every category named (c:tickLblSkip 1), never every other one
    slide.addChart(pres.ChartType.bar, data, {...common, catAxisLabelFrequency: "1", barDir: chart.horizontal ? "bar" : "col", barGapWidthPct: 45, valAxisHidden: Boolean(chart.showValues && chart.horizontal)});
    return;
  }
  // Lines: one part per dash style (observed solid, projected dashed), drawn as one chart.
  const solid = chart.series.map((s, i) => ({s, i})).filter(({i}) => !chart.dashed?.[i]);
  const dashed = chart.series.map((s, i) => ({s, i})).filter(({i}) => chart.dashed?.[i]);
  const part = (rows: {s: Series; i: number}[], dash: "solid" | "dash") => ({
    type: pres.ChartType.line,
    data: rows.map(({s}) => ({name: s.name, labels: s.labels, values: s.values as number[]})),
    options: {chartColors: rows.map(({i}) => chart.colors[i]!), lineDash: dash, lineSize: 4, lineDataSymbol: "none" as const}
  });
  // prediction intervals: each bound a thin dotted line in its series' colour (a native line chart has no band; the
  // speaker notes and the subtitle name it the prediction interval)
  const bandPart = chart.bands?.length
    ? [{
        type: pres.ChartType.line,
        // the intervals named once in the legend (the first bound's line, bandLegend); the others' entries are
        // deleted when the file is written (onceBandLegend: their names end in an arrow)
        data: chart.bands.flatMap((b, i) => [
          {name: i === 0 && chart.bandLegend ? chart.bandLegend : `${b.name} ${"\u2193"}`, labels: b.labels, values: b.lower as number[]},
          {name: `${b.name} ${"\u2191"}`, labels: b.labels, values: b.upper as number[]}
        ]),
        options: {chartColors: chart.bands.flatMap((b) => [b.color, b.color]), lineDash: "sysDot" as const, lineSize: 2, lineDataSymbol: "none" as const}
      }]
    : [];
  const parts = [part(solid, "solid"), ...(dashed.length ? [part(dashed, "dash")] : []), ...bandPart];
    // the multi-type form is addChart(parts, options); the typings want a data array in the middle
  const options: ChartOpts = {...common, catAxisLabelFrequency: "5", lineSize: 4, lineDataSymbol: "none", showValue: false, dataLabelPosition: undefined};
  slide.addChart(parts as never, options as never);
}

/**
 * Districts as native freeform shapes, filled by the stage of aging, with their short names where they fit; the
 * others called out in a column on the left or the right of the map, on the side and slot that keep the leader line
 * short and off the other districts (callouts.js, as on the slides page).
 */
function drawMap(slide: Slide, data: DeckData, lang: Lang, text: Record<string, unknown>, box: Box): void {
  const year = Math.max(...data.cells.filter((c) => c.indicator === "share_65p" && c.area_code === "CITY" && !c.projected && c.value != null).map((c) => c.year));
  const rings = new Map<string, [number, number][][]>();
  for (const [code, geometry] of data.shapes) {
    const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    rings.set(code, polys.flatMap((p) => p.map((ring) => ring.map(([x, y]) => [x!, y!] as [number, number]))));
  }
  const all = [...rings.values()].flat(2);
  if (!all.length) {
    slide.addText(lang === "zh" ? "未提供区县边界，无法绘制地图" : "No district boundaries: no map", {...text, ...box, fontSize: 18, align: "center", valign: "middle"});
    return;
  }
  const areaBy = new Map(data.areas.map((a) => [a.area_code, a]));
  const share = (code: string) => {
    const c = data.cells.find((x) => x.indicator === "share_65p" && x.area_code === code && x.year === year);
    return c && !c.suppressed ? c.value : null;
  };
  const name = (code: string) => {
    const a = areaBy.get(code);
    return a ? shortName(a, lang) : code;
  };
  const nameW = (code: string) => textWidth(name(code), LABEL_PT) / 72 + 0.12;
  // the columns take room from the map: as wide as the names placed on each side (callouts.js fitColumns)
  const widest = Math.max(...[...rings.keys()].map(nameW));
  const {px, py, inside, called} = fitColumns(widest, (left, right) => mapLayout(rings, box, nameW, [left, right]));
  for (const [code, polys] of rings) {
    const pts = polys.flat();
    const x0 = Math.min(...pts.map((p) => px(p[0]))), x1 = Math.max(...pts.map((p) => px(p[0])));
    const y0 = Math.min(...pts.map((p) => py(p[1]))), y1 = Math.max(...pts.map((p) => py(p[1])));
    const v = share(code);
    const fill = v == null ? "E5E7EB" : STAGE_COLORS[stage(v)]!;
    const points: ShapePoints = [];
    for (const ring of polys) {
      ring.forEach((p, i) => points.push({x: px(p[0]) - x0, y: py(p[1]) - y0, ...(i === 0 ? {moveTo: true} : {})}));
      points.push({close: true});
    }
    const area = areaBy.get(code);
    slide.addShape("custGeom" as never, {x: x0, y: y0, w: Math.max(x1 - x0, 0.01), h: Math.max(y1 - y0, 0.01), points, fill: {color: fill}, line: {color: "FFFFFF", width: 1.5},
      objectName: area ? `${lang === "zh" ? area.name_zh : area.name_en} ${v == null ? "—" : v.toFixed(1)}%` : code});
  }
  const color = (code: string) => {
    const v = share(code);
    return v != null && stage(v) >= 3 ? "FFFFFF" : COLORS.ink;
  };
  for (const {code, r} of inside) slide.addText(name(code), {...text, ...r, fontSize: LABEL_PT, bold: true, align: "center", valign: "middle", color: color(code), wrap: false});
  for (const {code, anchor: [ax, ay], lineX, y, side, w} of called) {
    const ly = y + MAP_LABEL_H / 2;
    slide.addShape("line", {x: Math.min(ax, lineX), y: Math.min(ay, ly), w: Math.max(Math.abs(lineX - ax), 0.01), h: Math.max(Math.abs(ly - ay), 0.001),
      flipV: side === "right" ? ly < ay : ly > ay, line: {color: COLORS.ink, width: 1}});
    slide.addShape("ellipse", {x: ax - 0.04, y: ay - 0.04, w: 0.08, h: 0.08, fill: {color: COLORS.ink}, line: {color: "FFFFFF", width: 0.5}});
    // the name's box starts at the line's end on the right, ends there on the left (room to spare for a wider
    // font, within the slide)
    const x = side === "right" ? lineX + 0.04 : Math.max(0.1, lineX - 0.04 - Math.max(w, 1.1));
    const bw = side === "right" ? Math.max(w, 1.1) : lineX - 0.04 - x;
    slide.addText(name(code), {...text, x, y, w: bw, h: MAP_LABEL_H, fontSize: LABEL_PT, bold: true, valign: "middle", align: side === "right" ? "left" : "right", wrap: false});
  }
  // legend: the four stages
  const stages = lang === "zh" ? ["<7%", "7–14% 老龄化", "14–21% 深度", "≥21% 超级"] : ["<7%", "7–14%", "14–21%", "≥21%"];
  const ly = box.y + box.h - 0.45;
  const lw = box.w / 4;
  stages.forEach((s, i) => {
    slide.addShape("rect", {x: box.x + i * lw, y: ly + 0.08, w: 0.28, h: 0.28, fill: {color: STAGE_COLORS[i]!}, line: {color: "9CA3AF", width: 0.5}});
    slide.addText(s, {...text, x: box.x + i * lw + 0.34, y: ly, w: lw - 0.36, h: 0.44, fontSize: 12, valign: "middle"});
  });
}

const MAP_LABEL_H = 0.3;
const MAP_LEGEND_H = 0.6;

/**
 * The map fitted between name columns `columns` inches wide (left, right; 0: none), the names that fit inside
 * their district, and the others assigned a side and slot (callouts.js). `need`: the widest name placed on each side.
 */
function mapLayout(rings: Map<string, [number, number][][]>, box: Box, nameW: (code: string) => number, [left, right]: number[]) {
  // between the map and a column's names: the leader line's last stretch
  const GAP = 0.25;
  const all = [...rings.values()].flat(2);
  const lon0 = Math.min(...all.map((p) => p[0])), lon1 = Math.max(...all.map((p) => p[0]));
  const lat0 = Math.min(...all.map((p) => p[1])), lat1 = Math.max(...all.map((p) => p[1]));
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const roomL = left! ? left! + GAP : 0, roomR = right! ? right! + GAP : 0;
  const scale = Math.min((box.w - roomL - roomR) / ((lon1 - lon0) * k), (box.h - MAP_LEGEND_H) / (lat1 - lat0));
  // the map centred between the columns, which hug it
  const mapW = (lon1 - lon0) * k * scale;
  const ox = box.x + roomL + (box.w - roomL - roomR - mapW) / 2;
  const oy = box.y;
  const px = (lon: number) => ox + (lon - lon0) * k * scale;
  const py = (lat: number) => oy + (lat1 - lat) * scale;
  type Label = {code: string; cx: number; cy: number; w: number; ring: [number, number][]};
  const labels: Label[] = [];
  for (const [code, polys] of rings) {
    const ring = polys[0]!.map((p) => [px(p[0]), py(p[1])] as [number, number]);
    const [cx, cy] = centroid(ring);
    labels.push({code, cx, cy, w: nameW(code), ring});
  }
  // A label goes inside its district when its whole box does (corners and centre inside the outline) and clears
  // the labels already placed; the others are called out beside the map with a leader line.
  type Rect = {x: number; y: number; w: number; h: number};
  const placed: Rect[] = [];
  const inside: {code: string; r: Rect}[] = [];
  const callouts: Label[] = [];
  const fits = (l: Label, cx: number, cy: number): Rect | null => {
    const r = {x: cx - l.w / 2, y: cy - MAP_LABEL_H / 2, w: l.w, h: MAP_LABEL_H};
    // the box's corners are blank space around the glyphs: they are tested a little inside (i), the middle row in full
    const i = 0.06;
    const corners: [number, number][] = [[r.x + i, r.y + i], [r.x + r.w - i, r.y + i], [r.x + i, r.y + r.h - i], [r.x + r.w - i, r.y + r.h - i], [cx, cy], [r.x, cy], [r.x + r.w, cy]];
    const within = corners.every((c) => pointInRing(c, l.ring));
    const clear = !placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h);
    return within && clear ? r : null;
  };
  for (const l of labels) {
    // the centroid first, else the fitting point of a grid over the district nearest to it
    let r: Rect | null = fits(l, l.cx, l.cy);
    if (!r) {
      const xs = l.ring.map((p) => p[0]), ys = l.ring.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      let best: {r: Rect; d: number} | null = null;
      for (let i = 0; i <= 16; i++) {
        for (let j = 0; j <= 16; j++) {
          const cx = x0 + ((x1 - x0) * i) / 16, cy = y0 + ((y1 - y0) * j) / 16;
          const c = fits(l, cx, cy);
          const d = (cx - l.cx) ** 2 + (cy - l.cy) ** 2;
          if (c && (!best || d < best.d)) best = {r: c, d};
        }
      }
      r = best?.r ?? null;
    }
    if (!r) {
      callouts.push(l);
      continue;
    }
    placed.push(r);
    inside.push({code: l.code, r});
  }
  callouts.sort((a, b) => a.cy - b.cy);
  const lineX = {left: ox - GAP, right: ox + mapW + GAP};
  // name slots down the columns, from the top of the map to the legend
  const slotTops: number[] = [];
  for (let y = box.y; y <= box.y + box.h - MAP_LEGEND_H - MAP_LABEL_H + 1e-9; y += MAP_LABEL_H + 0.06) slotTops.push(y);
  const assigned = assignCallouts(callouts, slotTops.map((y) => y + MAP_LABEL_H / 2), {left: left ? lineX.left : null, right: right ? lineX.right : null},
    {labels: placed, rings: labels.map((o) => o.ring), pad: 0.05, step: 0.04});
  const called = callouts.map((l, i) => {
    const {anchor, slot, side} = assigned[i]!;
    return {code: l.code, anchor, side, y: slotTops[slot]!, lineX: lineX[side], w: l.w};
  });
  const need = (["left", "right"] as const).map((side) => Math.max(0, ...called.filter((c) => c.side === side).map((c) => c.w)));
  return {px, py, inside, called, need, scale};
}

/** Estimated width (points) of a line of text: CJK and full-width characters one em, others about half. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  // generous: the font that renders may be a wider substitute (LibreOffice without YaHei uses Noto/DejaVu)
  for (const ch of text) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u.test(ch) ? 1 : /[A-Z0-9%mw]/.test(ch) ? 0.72 : /[\s.,:;()'·|-]/.test(ch) ? 0.36 : 0.6;
  return em * size;
}

/** The largest title size (28–24 pt, i.e. 56–48 px on a 1920 px screen) that keeps the title on one line; else 24 pt on two. */
export function titleSize(text: string, widthIn: number): number {
  for (const size of [28, 26, 24]) if (textWidth(text, size) <= widthIn * 72 * 0.92) return size;
  return 24;
}

const LABEL_PT = 13;

function centroid(ring: [number, number][]): [number, number] {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-12) return ring[0]!;
  return [cx / (3 * a), cy / (3 * a)];
}

function drawTaskTable(slide: Slide, data: DeckData, lang: Lang, text: Record<string, unknown>, box: Box): void {
  const zh = lang === "zh";
  const late = lateTasks(data.tasks).slice(0, 6);
  if (!late.length) {
    slide.addText(zh ? "没有逾期、滞后或有风险的任务" : "No task is late or at risk", {...text, ...box, fontSize: 20, align: "center", valign: "middle"});
    return;
  }
  const head = (zh ? ["状态", "任务", "牵头单位", "进度", "应完成"] : ["Status", "Task", "Lead unit", "Done", "Due"]).map((t) => ({
    text: t, options: {bold: true, color: "FFFFFF", fill: {color: COLORS.accent}}
  }));
  const rows = late.map((t) => [
    {text: zh ? TASK_LABELS[t.status]!.zh : TASK_LABELS[t.status]!.en, options: {bold: true, color: TASK_COLORS[t.status] ?? COLORS.ink}},
    {text: t.title, options: {}},
    {text: t.lead_unit, options: {}},
    {text: t.progress_pct == null ? "—" : `${Math.round(t.progress_pct)}%`, options: {align: "right" as const}},
    {text: t.expected_pct == null ? "—" : `${Math.round(t.expected_pct)}%`, options: {align: "right" as const}}
  ]);
  slide.addTable([head, ...rows], {
    x: box.x, y: box.y, w: box.w, colW: [1.2, box.w - 1.2 - 2.4 - 1.7, 2.4, 0.85, 0.85],
    fontFace: (text as {fontFace: string}).fontFace, fontSize: 13, color: COLORS.ink, valign: "middle",
    border: {type: "solid", color: "D1D5DB", pt: 0.75}, rowH: TASK_ROW_H, autoPage: false
  });
}

/**
 * pptxgenjs writes the theme's fonts as Latin only; Chinese text that names no font then falls back to the
 * application's default East Asian font (which differs between PowerPoint, WPS and LibreOffice). Name the deck
 * font as the theme's East Asian font too, so chart labels and table cells use it as well.
 */
async function eastAsianTheme(bytes: Buffer, font: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const safe = font.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/theme\/theme\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async("string");
    zip.file(name, xml.replace(/<a:ea typeface=""\s*\/>/g, `<a:ea typeface="${safe}"/>`));
  }
  // Category labels laid out flat and unwrapped: with a bare <a:bodyPr/> LibreOffice breaks a long name onto two
  // lines, finds the labels overlapping and then shows only every other one, leaving bars no one can attribute.
  for (const name of Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async("string");
    // (bar charts only: a line chart's years keep LibreOffice's own layout, slanted, every fifth one named)
    const flat = xml.includes("<c:barChart>") ? xml.replace(/(<c:catAx>[\s\S]*?<c:txPr>)<a:bodyPr\/>/, '$1<a:bodyPr rot="0" vert="horz" wrap="none"/>') : xml;
    zip.file(name, onceBandLegend(onceZeroLabels(flat)));
  }
  return zip.generateAsync({type: "nodebuffer", compression: "DEFLATE"});
}

/**
 * A figure stays whole on one line in a headline: no break inside a range ("6,125–6,818"), between a figure and its
 * unit ("6,818张", "83.4%"), between a Chinese word and the figure after it ("探访率83.4%"), after an English word
 * before a figure ("to 31.1%"), nor after a key's mark ("√ met", "× not met"). U+2060 (word joiner) where there is no
 * space, a no-break space where there is one.
 */
export function keepFigures(text: string): string {
  const WJ = "\u2060";
  return text
    .replace(/(\d[%]?)([–—-])(?=\d)/g, `$1$2${WJ}`)
    .replace(/([\d%])(?=[\u4e00-\u9fff])/g, `$1${WJ}`)
    .replace(/([\u4e00-\u9fff])(?=[\d])/g, `$1${WJ}`)
    .replace(/([A-Za-z,]) (?=[−+-]?\d)/g, "$1\u00A0")
    .replace(/(\d%?) (?=[A-Za-z])/g, "$1\u00A0")
    .replace(/([√×]) (not )?(?=met)/g, (_, mark, not) => `${mark}\u00A0${not ? "not\u00A0" : ""}`);
}

/**
 * A line chart's prediction intervals are two dotted lines each (lower ↓, upper ↑); the legend names them once: every
 * series whose name ends in ↓ or ↑ has its legend entry deleted (<c:legendEntry><c:delete/>), leaving the one named
 * by the chart's bandLegend.
 */
export function onceBandLegend(xml: string): string {
  if (!xml.includes("<c:legend>")) return xml;
  const hidden = [...xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)]
    .map((m) => m[0])
    .filter((ser) => /<c:tx>[\s\S]*?<c:v>[^<]*[\u2193\u2191]<\/c:v>/.test(ser))
    .map((ser) => /<c:idx val="(\d+)"\/>/.exec(ser)?.[1])
    .filter((idx): idx is string => idx != null);
  if (!hidden.length) return xml;
  const entries = hidden.map((idx) => `<c:legendEntry><c:idx val="${idx}"/><c:delete val="1"/></c:legendEntry>`).join("");
  return xml.replace(/(<c:legend>\s*<c:legendPos val="\w+"\/>)/, `$1${entries}`);
}

/**
 * A category where every series is zero and the labels' format names zero in words ("达标" / "no gap") is labelled
 * once, by the last series: two such words stacked in one row are drawn over each other. The other series' labels of
 * that category are deleted (<c:dLbl><c:delete/>); their values stay in the chart's data.
 */
export function onceZeroLabels(xml: string): string {
  const series = [...xml.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => m[0]);
  const zeroText = (ser: string) => /<c:dLbls><c:numFmt formatCode="[^"]*;[^"]*;&quot;[^"]+&quot;"/.test(ser);
  if (series.length < 2 || !series.every(zeroText)) return xml;
  const values = series.map((ser) => {
    const out = new Map<number, number>();
    const cache = /<c:val>[\s\S]*?<\/c:val>/.exec(ser)?.[0] ?? "";
    for (const m of cache.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)) out.set(Number(m[1]), Number(m[2]));
    return out;
  });
  const zeros = [...values[0]!.keys()].filter((i) => values.every((v) => v.get(i) === 0));
  if (!zeros.length) return xml;
  const deleted = zeros.map((i) => `<c:dLbl><c:idx val="${i}"/><c:delete val="1"/></c:dLbl>`).join("");
  let out = xml;
  for (const ser of series.slice(0, -1)) out = out.replace(ser, ser.replace("<c:dLbls>", `<c:dLbls>${deleted}`));
  return out;
}
