// CSV downloads for people (the chart cards' "下载CSV" button, components/frame.js): the table a planner opens
// in Excel or WPS, in the page's language.
//
// API
//   csvTable(rows, {lang, source, asOf, indicators, units, names, categories}) → string[][] | null
//     rows        plain row objects (the card's data); null when there are none (the card then offers no button)
//     lang        "zh" (default) | "en": headers and categories (status, yes/no, sex, task status, target direction)
//                 in that language
//     source      the data's source text; asOf "YYYY-MM-DD": the first line says "来源：… · 数据截至 …"
//     indicators  registry rows (marts.indicator_registry) or a Map code → row: an `indicator` column shows the
//                 indicator's name; its values are rounded to the indicator's decimals and the unit goes into the
//                 `value` header when every row has one indicator, else into a unit column after `value`
//     units       {column: unit} for the page's own columns, e.g. {value: "张"} → header "数值（张）"
//     names       (area code) → area name: a code column (area_code, district_code) gets a name column after it
//                 when the rows have none
//     categories  {column: {key: {zh, en}}}: the page's labels of a category column's values (e.g. {type:
//                 contractLabels(…).values("facilities", "type")}, from the contract's labels mart), or a function
//                 key → text in lang; so a Chinese file never shows the code ("canteen"); an unknown key stays as it is
//   A column in the other language (name_en on a Chinese page, tier_zh on an English one) is left out when its
//   twin in the page's language is there; so is the internal sort_order.
//   readerTable(rows, {lang, indicators, units, names, categories}) → [headers, ...rows] | null   the same table
//                 without the source line and the neutralizing
//   csvColumns(rows, {lang, indicators, units, names, categories}) → [{key, title, get(row)}]: its columns (the
//                 headers and cells of the charts' screen-reader tables, components/frame.js)
//   COLUMN_LABELS   the known column keys' headers {key: {zh, en, unit?}}; unknown keys are written as they are
//   Numbers are rounded (the indicator's decimals, else 2; coordinates 5; scores 1) and stay numbers; every text cell,
//   the note and the headers included, is neutralized (csv-safe.js: a leading ' before =, +, -, @, tab, CR).
import {pick} from "./i18n.js";
import {statusLabel, taskStatusLabel} from "./format.js";
import {neutralizeCell} from "./csv-safe.js";

const PCT = {zh: "%", en: "%"};
const BEDS = {zh: "张", en: "beds"};
const PEOPLE = {zh: "人", en: "people"};
const ORDERS = {zh: "单", en: "orders"};

/** Headers of the keys the pages put in their CSVs; `unit` goes into the header in brackets. */
export const COLUMN_LABELS = {
  indicator: {zh: "指标", en: "Indicator"},
  code: {zh: "指标代码", en: "Indicator code"},
  area_code: {zh: "区划代码", en: "Area code"},
  district_code: {zh: "区县代码", en: "District code"},
  area: {zh: "地区", en: "Area"},
  name: {zh: "名称", en: "Name"},
  // `district` is the district's value beside the city's (numbers) or the district's name (text): header() picks
  district: {zh: "本区数值", en: "District value"},
  district_name: {zh: "区县", en: "District"},
  district_value: {zh: "本区数值", en: "District value"},
  district_zh: {zh: "区县", en: "District (Chinese)"},
  district_en: {zh: "区县（英文）", en: "District"},
  city: {zh: "全市数值", en: "City value"},
  series: {zh: "系列", en: "Series"},
  year: {zh: "年份", en: "Year"},
  month: {zh: "月份", en: "Month"},
  value: {zh: "数值", en: "Value"},
  unit: {zh: "单位", en: "Unit"},
  target: {zh: "目标值", en: "Target"},
  status: {zh: "状态", en: "Status"},
  projected: {zh: "是否预测", en: "Projected"},
  suppressed: {zh: "是否抑制（样本过小）", en: "Suppressed (too few records)"},
  suppressed_cells: {zh: "抑制单元格数", en: "Suppressed cells"},
  interval_low: {zh: "预测区间下限", en: "Interval low"},
  interval_high: {zh: "预测区间上限", en: "Interval high"},
  value_pct: {zh: "数值", en: "Value", unit: PCT},
  value_beds: {zh: "床位缺口", en: "Bed gap", unit: BEDS},
  share_pct: {zh: "占比", en: "Share", unit: PCT},
  visit_rate_pct: {zh: "探访率", en: "Visit rate", unit: PCT},
  progress_pct: {zh: "完成进度", en: "Progress", unit: PCT},
  expected_pct: {zh: "应达进度", en: "Expected progress", unit: PCT},
  old_age_dependency_pct: {zh: "老年抚养比", en: "Old-age dependency ratio", unit: PCT},
  occupancy_pct: {zh: "入住率", en: "Occupancy", unit: PCT},
  nursing_share_pct: {zh: "护理型床位占比", en: "Nursing-care bed share", unit: PCT},
  orders: {zh: "服务单数", en: "Orders", unit: ORDERS},
  orders_published: {zh: "公开服务单数", en: "Published orders", unit: ORDERS},
  orders_per_1000_60p: {zh: "每千名60岁及以上老人服务单数", en: "Orders per 1,000 aged 60+", unit: {zh: "单/千人", en: "orders per 1,000"}},
  subsidy_10k_yuan: {zh: "补贴金额", en: "Subsidies", unit: {zh: "万元", en: "10,000 yuan"}},
  informatization_index: {zh: "信息化指数", en: "Informatization index", unit: {zh: "0–100", en: "0–100"}},
  aging_stage: {zh: "老龄化程度", en: "Aging stage"},
  stage: {zh: "阶段", en: "Stage"},
  service: {zh: "服务代码", en: "Service code"},
  service_name: {zh: "服务类型", en: "Service"},
  channel: {zh: "渠道代码", en: "Channel code"},
  channel_name: {zh: "渠道", en: "Channel"},
  sex: {zh: "性别", en: "Sex"},
  age_lo: {zh: "年龄下限", en: "Age from"},
  age_hi: {zh: "年龄上限", en: "Age to"},
  population: {zh: "人口", en: "Population", unit: PEOPLE},
  special_elders: {zh: "特殊困难老人数", en: "Elders in special need", unit: PEOPLE},
  visited: {zh: "已探访人数", en: "Visited", unit: PEOPLE},
  facility_id: {zh: "机构编号", en: "Facility id"},
  type: {zh: "类型", en: "Type"},
  lon: {zh: "经度", en: "Longitude"},
  lat: {zh: "纬度", en: "Latitude"},
  beds: {zh: "床位数", en: "Beds", unit: BEDS},
  nursing_beds: {zh: "护理型床位数", en: "Nursing-care beds", unit: BEDS},
  residents: {zh: "在住老人数", en: "Residents", unit: PEOPLE},
  facilities: {zh: "机构数", en: "Facilities"},
  star: {zh: "星级", en: "Star rating"},
  on_platform: {zh: "是否接入信息平台", en: "On the platform"},
  task_id: {zh: "任务编号", en: "Task id"},
  title: {zh: "任务", en: "Task"},
  category: {zh: "类别", en: "Category"},
  lead_unit: {zh: "牵头单位", en: "Lead unit"},
  latest_value: {zh: "最新值", en: "Latest value"},
  latest_reported_on: {zh: "最新报送日期", en: "Latest report"},
  due: {zh: "完成时限", en: "Due"},
  as_of: {zh: "数据截至", en: "As of"},
  seconds: {zh: "耗时（秒）", en: "Seconds"},
  // scorecard, providers
  name_zh: {zh: "名称", en: "Name (Chinese)"},
  name_en: {zh: "名称（英文）", en: "Name"},
  is_city: {zh: "是否全市", en: "City total"},
  sort_order: {zh: "排序", en: "Order"},
  score: {zh: "综合得分", en: "Score", unit: {zh: "分", en: "0–100"}},
  rank: {zh: "排名", en: "Rank"},
  districts_ranked: {zh: "参与排名区县数", en: "Districts ranked"},
  score_change: {zh: "较上年变化", en: "Change on last year", unit: {zh: "分", en: "points"}},
  indicators_scored: {zh: "计分指标数", en: "Indicators scored"},
  indicators_total: {zh: "指标总数", en: "Indicators in total"},
  change_items: {zh: "计分项变化数", en: "Items changed"},
  comparable: {zh: "是否与上年可比", en: "Comparable with last year"},
  tier: {zh: "等级", en: "Tier"},
  tier_zh: {zh: "等级名称", en: "Tier (Chinese)"},
  tier_en: {zh: "等级名称（英文）", en: "Tier name"},
  completion_rate: {zh: "工单完成率", en: "Completion rate", unit: PCT},
  avg_rating: {zh: "平均评价", en: "Average rating", unit: {zh: "1–5", en: "1–5"}},
  rated: {zh: "评价数", en: "Ratings"},
  weight: {zh: "权重", en: "Weight"},
  scored: {zh: "是否计分", en: "Scored"},
  ownership: {zh: "性质", en: "Ownership"},
  first_year: {zh: "首年", en: "First year"},
  flags: {zh: "预警", en: "Flags"},
  flag_count: {zh: "预警数", en: "Flag count"},
  status_zh: {zh: "状态说明", en: "Status (Chinese)"},
  status_en: {zh: "状态说明（英文）", en: "Status (in words)"},
  // indicator registry (methods)
  unit_zh: {zh: "单位", en: "Unit (Chinese)"},
  unit_en: {zh: "单位（英文）", en: "Unit"},
  indicator_group: {zh: "指标组", en: "Indicator group"},
  group_zh: {zh: "指标组", en: "Indicator group (Chinese)"},
  group_en: {zh: "指标组（英文）", en: "Indicator group"},
  formula_zh: {zh: "计算公式", en: "Formula (Chinese)"},
  definition_zh: {zh: "定义", en: "Definition (Chinese)"},
  definition_en: {zh: "定义（英文）", en: "Definition"},
  formula: {zh: "计算公式", en: "Formula"},
  decimals: {zh: "小数位数", en: "Decimals"},
  direction: {zh: "方向", en: "Direction"},
  target_direction: {zh: "目标方向", en: "Target direction"},
  target_from_year: {zh: "目标起始年份", en: "Target from year"},
  target_basis_zh: {zh: "目标依据", en: "Target basis (Chinese)"},
  target_basis_en: {zh: "目标依据（英文）", en: "Target basis"},
  target_source: {zh: "目标来源", en: "Target source"},
  record_level: {zh: "记录层级", en: "Record level"},
  inputs: {zh: "所需数据", en: "Inputs"},
  page: {zh: "页面", en: "Page"},
  // run, files and data quality (methods)
  dataset: {zh: "数据集", en: "Dataset"},
  file: {zh: "文件", en: "File"},
  files: {zh: "文件数", en: "Files"},
  bytes: {zh: "字节数", en: "Bytes"},
  sha256: {zh: "SHA-256 校验值", en: "SHA-256"},
  encoding: {zh: "编码", en: "Encoding"},
  delimiter: {zh: "分隔符", en: "Delimiter"},
  sheet: {zh: "工作表", en: "Sheet"},
  rows: {zh: "行数", en: "Rows"},
  rows_read: {zh: "读取行数", en: "Rows read"},
  rows_loaded: {zh: "载入行数", en: "Rows loaded"},
  rows_rejected: {zh: "拒收行数", en: "Rows rejected"},
  warnings: {zh: "警告数", en: "Warnings"},
  kind: {zh: "类别", en: "Kind"},
  column: {zh: "字段", en: "Column"},
  place: {zh: "位置（行/单元格）", en: "Place (line or cell)"},
  reason: {zh: "原因", en: "Reason"},
  // projection back-test (methods)
  base_years: {zh: "基期年份", en: "Base years"},
  target_year: {zh: "预测年份", en: "Target year"},
  horizon_years: {zh: "预测期（年）", en: "Horizon (years)"},
  observed: {zh: "实际值", en: "Observed"},
  pe: {zh: "百分比误差", en: "Percentage error", unit: PCT},
  ape: {zh: "绝对百分比误差", en: "Absolute percentage error", unit: PCT},
  n: {zh: "个数", en: "Count"},
  mape: {zh: "平均绝对百分比误差（MAPE）", en: "MAPE (mean absolute percentage error)", unit: PCT},
  malpe: {zh: "平均代数百分比误差（MALPE）", en: "MALPE (mean algebraic percentage error)", unit: PCT},
  // the literature beside the backtest (methods); mape_5, malpe_10 …: header() adds the horizon
  source: {zh: "来源", en: "Source"},
  units: {zh: "对象与样本", en: "Units and sample"},
  note: {zh: "说明", en: "Note"}
};

/**
 * Keys that name a column another key already names (the marts and pages use both spellings): one label each,
 * written once above.
 */
const SAME_AS = {pi_lower: "interval_low", pi_upper: "interval_high", cells: "suppressed_cells", stage_name: "stage", column_name: "column", target_value: "target"};
for (const [key, same] of Object.entries(SAME_AS)) COLUMN_LABELS[key] = COLUMN_LABELS[same];

const YES_NO = {true: {zh: "是", en: "yes"}, false: {zh: "否", en: "no"}};
const SEX = {male: {zh: "男", en: "male"}, female: {zh: "女", en: "female"}};
const TARGET_DIRECTION = {at_least: {zh: "不低于", en: "at least"}, at_most: {zh: "不高于", en: "at most"}};
const STATUSES = new Set(["met", "not_met", "none"]);
const TASK_STATUSES = new Set(["done", "on_track", "at_risk", "behind", "overdue"]);
const CODE_COLUMNS = ["area_code", "district_code"];
const NAME_COLUMNS = ["name", "name_zh", "name_en", "area", "district", "district_zh", "district_en"];
/** Coordinates keep metre-level precision; scores one decimal as the pages show them; everything else the indicator's decimals or 2. */
const KEY_DECIMALS = {lon: 5, lat: 5, score: 1, score_change: 1};

const round = (value, decimals) => {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

function registryMap(indicators) {
  if (indicators == null) return new Map();
  if (indicators instanceof Map) return indicators;
  return new Map(Array.from(indicators, (row) => [row.code, row]));
}

/** A header: the label in lang, with its unit in brackets ("数值（%）", "Value (%)"); no unit that repeats the label ("Beds (beds)"). */
function header(key, lang, unit) {
  // a measure at a horizon: "mape_10" → "平均绝对百分比误差（MAPE）· 10年期（%）"
  const horizon = /^(mape|malpe)_(\d+)$/.exec(key);
  if (horizon) {
    const entry = COLUMN_LABELS[horizon[1]];
    const text = `${pick(lang, entry)} · ${lang === "en" ? `${horizon[2]}-year horizon` : `${horizon[2]}年期`}`;
    return lang === "en" ? `${text} (%)` : `${text}（%）`;
  }
  const entry = COLUMN_LABELS[key];
  const text = entry ? pick(lang, entry) : key;
  const u = unit ?? (entry?.unit ? pick(lang, entry.unit) : "");
  if (!u || u.toLowerCase() === text.toLowerCase()) return text;
  return lang === "en" ? `${text} (${u})` : `${text}（${u}）`;
}

const UNRATED = {zh: "未评星", en: "unrated"};

/** One cell in the reader's words: categories translated, numbers rounded (still numbers). */
function cell(key, value, row, lang, registry, categories = {}) {
  if (value == null) return "";
  if (typeof value === "boolean") return pick(lang, YES_NO[value]);
  // star 0 is "not rated", not a rating of nought
  if (key === "star" && value === 0) return pick(lang, UNRATED);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    if (Number.isInteger(value)) return value;
    const ind = registry.get(row.indicator) ?? registry.get(row.code);
    return round(value, KEY_DECIMALS[key] ?? ind?.decimals ?? 2);
  }
  if (key === "status" && STATUSES.has(value)) return statusLabel(value, lang);
  if (key === "status" && TASK_STATUSES.has(value)) return taskStatusLabel(value, lang);
  if (key === "status" && value === "suppressed") return pick(lang, {zh: "已抑制（样本过小）", en: "suppressed (too few records)"});
  if (key === "sex" && SEX[value]) return pick(lang, SEX[value]);
  if (key === "target_direction" && TARGET_DIRECTION[value]) return pick(lang, TARGET_DIRECTION[value]);
  if (typeof categories[key] === "function") return categories[key](value) ?? value;
  if (categories[key]?.[value]) return pick(lang, categories[key][value]);
  if (key === "indicator" && registry.has(value)) {
    const ind = registry.get(value);
    return (lang === "en" ? ind.name_en : ind.name_zh) ?? ind.name_zh ?? value;
  }
  return value;
}

/** The first line: "来源：… · 数据截至 2025-10-31" / "Source: … · As of 2025-10-31". */
export function csvNote({source, asOf, lang = "zh"} = {}) {
  const date = asOf ? String(asOf).slice(0, 10) : "";
  return lang === "en"
    ? `Source: ${source}${date ? ` · As of ${date}` : ""}`
    : `来源：${source}${date ? ` · 数据截至 ${date}` : ""}`;
}

/** Columns a reader of lang does not need: the other language's twin of a column that is there, the internal order. */
function readerKeys(keys, lang) {
  const other = lang === "en" ? "zh" : "en";
  const own = lang === "en" ? "en" : "zh";
  return keys.filter((k) => {
    if (k === "sort_order") return false;
    const m = new RegExp(`^(.*)_${other}$`).exec(k);
    if (m && (keys.includes(`${m[1]}_${own}`) || (lang === "en" && keys.includes(m[1])))) return false;
    // formula (English) beside formula_zh: the Chinese reader gets formula_zh
    return !(lang !== "en" && keys.includes(`${k}_zh`) && !keys.includes(`${k}_en`));
  });
}

/**
 * The table in the reader's words: headers, then rows of cells (no source line, no neutralizing): what the CSV
 * and the chart cards' screen-reader tables (frame.js) both show. null when there are no rows.
 */
export function readerTable(rows, {lang = "zh", indicators, units = {}, names, categories} = {}) {
  if (!rows?.length) return null;
  const columns = csvColumns(rows, {lang, indicators, units, names, categories});
  return [columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => c.get(r)))];
}

/** The columns readerTable writes: [{key, title, get(row)}] (frame.js keeps each header's key for the tests). */
export function csvColumns(rows, {lang = "zh", indicators, units = {}, names, categories} = {}) {
  const registry = registryMap(indicators);
  const keys = readerKeys([...new Set(rows.flatMap((r) => Object.keys(r)))], lang);
  // One indicator in every row: its unit goes into the value column's header.
  const only = new Set(rows.map((r) => r.indicator));
  const ind = only.size === 1 ? registry.get([...only][0]) : null;
  const valueUnit = ind ? (lang === "en" ? ind.unit_en : ind.unit_zh) ?? "" : "";
  const unitOf = (key) => units[key] ?? (["value", "target", "district", "city"].includes(key) && valueUnit ? valueUnit : undefined);
  const hasName = keys.some((k) => NAME_COLUMNS.includes(k));
  const columns = [];
  for (const key of keys) {
    // `district` holding names (not values): a district column
    const title =
      key === "district" && rows.every((r) => r.district == null || typeof r.district === "string") ? header("district_name", lang)
      // indicator codes the registry does not name (the rows carry their names): the column is the code
      : key === "indicator" && rows.some((r) => r.indicator != null && !registry.has(r.indicator)) ? header("code", lang)
      : header(key, lang, unitOf(key));
    columns.push({key, title, get: (r) => cell(key, r[key], r, lang, registry, categories)});
    // Rows of several indicators: each row's unit beside its value.
    if (key === "value" && !ind && !keys.includes("unit") && rows.some((r) => registry.has(r.indicator) || registry.has(r.code))) {
      columns.push({key: "value:unit", title: header("unit", lang), get: (r) => {
        const i = registry.get(r.indicator) ?? registry.get(r.code);
        return i ? (lang === "en" ? i.unit_en : i.unit_zh) ?? "" : "";
      }});
    }
    if (names && !hasName && CODE_COLUMNS.includes(key)) {
      columns.push({key: `${key}:name`, title: pick(lang, {zh: "地区", en: "Area"}), get: (r) => (r[key] == null ? "" : names(r[key]) ?? "")});
    }
  }
  return columns;
}

export function csvTable(rows, {lang = "zh", source, asOf, indicators, units = {}, names, categories} = {}) {
  const table = readerTable(rows, {lang, indicators, units, names, categories});
  if (!table) return null;
  return [[csvNote({source, asOf, lang})], ...table].map((line) => line.map(neutralizeCell));
}
