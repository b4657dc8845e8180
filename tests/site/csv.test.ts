// The chart cards' CSV downloads (src/components/csv.js, written by frame.js with d3-dsv's csvFormatRows): a first
// line with the source and as-of date, headers and categories in the page's language, rounded numbers, units in
// the headers, every text cell neutralized against formula injection.
import {describe, expect, it} from "vitest";
import {csvFormatRows} from "d3-dsv";
import Papa from "papaparse";
// @ts-expect-error a plain browser module without types
import {COLUMN_LABELS, csvTable, readerTable} from "../../src/components/csv.js";

const REGISTRY = [
  {code: "beds_per_1000_60p", name_zh: "每千名老年人养老床位数", name_en: "Beds per 1,000 people aged 60+", unit_zh: "张/千人", unit_en: "beds per 1,000", decimals: 1}
];
const ROWS = [
  {indicator: "beds_per_1000_60p", area_code: "D01", name: "东湖区", year: 2025, value: 29.21948246, target: 35, status: "not_met", suppressed: false},
  {indicator: "beds_per_1000_60p", area_code: "D02", name: "=HYPERLINK(\"x\")", year: 2025, value: 41.06, target: 35, status: "met", suppressed: false}
];

/** What frame.js csvText writes (less its BOM), read back as a spreadsheet would. */
function parse(table: unknown[][]): string[][] {
  return Papa.parse<string[]>(csvFormatRows(table as string[][]), {skipEmptyLines: true}).data;
}

describe("CSV downloads for people", () => {
  it("Chinese: source line, Chinese headers with units, indicator names, status words, rounded values", () => {
    const lines = parse(csvTable(ROWS, {lang: "zh", source: "养老服务监测平台数据仓库", asOf: "2025-10-31", indicators: REGISTRY}));
    expect(lines[0]).toEqual(["来源：养老服务监测平台数据仓库 · 数据截至 2025-10-31"]);
    expect(lines[1]).toEqual(["指标", "区划代码", "名称", "年份", "数值（张/千人）", "目标值（张/千人）", "状态", "是否抑制（样本过小）"]);
    expect(lines[2]).toEqual(["每千名老年人养老床位数", "D01", "东湖区", "2025", "29.2", "35", "未达标", "否"]);
    expect(lines[3][6]).toBe("达标");
    // no code name left as a header
    expect(lines[1].join()).not.toMatch(/indicator|area_code|status/);
  });

  it("English: English headers and categories", () => {
    const lines = parse(csvTable(ROWS, {lang: "en", source: "Aging Observatory warehouse", asOf: "2025-10-31", indicators: REGISTRY}));
    expect(lines[0]).toEqual(["Source: Aging Observatory warehouse · As of 2025-10-31"]);
    expect(lines[1]).toEqual(["Indicator", "Area code", "Name", "Year", "Value (beds per 1,000)", "Target (beds per 1,000)", "Status", "Suppressed (too few records)"]);
    expect(lines[2]).toEqual(["Beds per 1,000 people aged 60+", "D01", "东湖区", "2025", "29.2", "35", "Target not met", "no"]);
  });

  it("keeps the formula-injection escaping on every text cell, and numbers (even negative) as numbers", () => {
    const table = csvTable([{name: "=1+1", value: -2.345, area: "+东湖", note: "@SUM(A1)"}], {lang: "zh", source: "-src", asOf: "2025-10-31"});
    expect(table[0][0]).toBe("来源：-src · 数据截至 2025-10-31");
    expect(table[2]).toEqual(["'=1+1", -2.35, "'+东湖", "'@SUM(A1)"]);
    const evil = csvTable([{x: 1}], {lang: "en", source: "=cmd", asOf: ""});
    expect(evil[0][0]).toBe("Source: =cmd");
  });

  it("rounds to 2 decimals without a registry (5 for coordinates), names area codes when the rows have no names, units from the page", () => {
    const names = (code: string) => ({D01: "东湖区"})[code];
    const lines = parse(csvTable([{area_code: "D01", lon: 114.123456789, value: 1.23456, share_pct: 12.345}], {lang: "zh", source: "s", asOf: "2025-10-31", names, units: {value: "张"}}));
    expect(lines[1]).toEqual(["区划代码", "地区", "经度", "数值（张）", "占比（%）"]);
    expect(lines[2]).toEqual(["D01", "东湖区", "114.12346", "1.23", "12.35"]);
  });

  it("rows of several indicators: a unit column beside the value", () => {
    const rows = [{code: "beds_per_1000_60p", value: 29.25}, {code: "other", value: 1.234}];
    const lines = parse(csvTable(rows, {lang: "zh", source: "s", asOf: "2025-10-31", indicators: [...REGISTRY, {code: "other", unit_zh: "%", unit_en: "%", decimals: 2}]}));
    expect(lines[1]).toEqual(["指标代码", "数值", "单位"]);
    expect(lines.slice(2)).toEqual([["beds_per_1000_60p", "29.3", "张/千人"], ["other", "1.23", "%"]]);
  });

  it("categories in the page's language: the page's labels (contract mart), target directions, unrated stars", () => {
    const types = {canteen: {zh: "老年助餐点", en: "Canteen"}, institution: {zh: "养老机构", en: "Care institution"}};
    const rows = [{type: "canteen", star: 0, target_direction: "at_least"}, {type: "institution", star: 3, target_direction: "at_most"}, {type: "new_kind", star: 1, target_direction: null}];
    const zh = parse(csvTable(rows, {lang: "zh", source: "s", categories: {type: types}}));
    expect(zh.slice(1)).toEqual([["类型", "星级", "目标方向"], ["老年助餐点", "未评星", "不低于"], ["养老机构", "3", "不高于"], ["new_kind", "1", ""]]);
    const en = parse(csvTable(rows, {lang: "en", source: "s", categories: {type: (k: string) => (k === "canteen" ? "Canteen" : null)}}));
    expect(en.slice(2).map((r) => r.slice(0, 2))).toEqual([["Canteen", "unrated"], ["institution", "3"], ["new_kind", "1"]]);
  });

  it("one language per file: the other language's twin columns and the internal order left out", () => {
    const rows = [{area_code: "D01", name_zh: "东湖区", name_en: "Donghu", sort_order: 1, tier: "B", tier_zh: "良好", tier_en: "good", formula: "a / b", formula_zh: "甲 ÷ 乙"}];
    expect(parse(csvTable(rows, {lang: "zh", source: "s"}))[1]).toEqual(["区划代码", "名称", "等级", "等级名称", "计算公式"]);
    expect(parse(csvTable(rows, {lang: "zh", source: "s"}))[2]).toEqual(["D01", "东湖区", "B", "良好", "甲 ÷ 乙"]);
    expect(parse(csvTable(rows, {lang: "en", source: "s"}))[1]).toEqual(["Area code", "Name", "Tier", "Tier name", "Formula"]);
    expect(parse(csvTable(rows, {lang: "en", source: "s"}))[2]).toEqual(["D01", "Donghu", "B", "good", "a / b"]);
  });

  it("`district` holding names is a district column, not the district's value; codes the registry does not name are codes", () => {
    expect(parse(csvTable([{name: "福寿园", district: "东湖区", beds: 120}], {lang: "zh", source: "s"}))[1]).toEqual(["名称", "区县", "床位数（张）"]);
    expect(parse(csvTable([{name: "x", district: "Donghu", beds: 120}], {lang: "en", source: "s"}))[1]).toEqual(["Name", "District", "Beds"]);
    expect(parse(csvTable([{indicator: "beds_per_1000_60p", district: 29.2, city: 30}], {lang: "zh", source: "s", indicators: REGISTRY}))[1]).toEqual(["指标", "本区数值（张/千人）", "全市数值（张/千人）"]);
    expect(parse(csvTable([{indicator: "unknown_code", name_zh: "某指标", value: 1}], {lang: "zh", source: "s", indicators: REGISTRY}))[1]).toEqual(["指标代码", "名称", "数值"]);
    expect(parse(csvTable([{mape_10: 4.256, malpe_5: -1}], {lang: "zh", source: "s"}))[1]).toEqual(["平均绝对百分比误差（MAPE） · 10年期（%）", "平均代数百分比误差（MALPE） · 5年期（%）"]);
  });

  it("readerTable: the same headers and cells without the source line (the screen-reader tables)", () => {
    const table = readerTable(ROWS, {lang: "zh", indicators: REGISTRY});
    expect(table[0]).toEqual(["指标", "区划代码", "名称", "年份", "数值（张/千人）", "目标值（张/千人）", "状态", "是否抑制（样本过小）"]);
    expect(table[1]).toEqual(["每千名老年人养老床位数", "D01", "东湖区", 2025, 29.2, 35, "未达标", "否"]);
    expect(readerTable([], {lang: "zh"})).toBeNull();
  });

  it("no rows, no table (the card then shows no CSV button)", () => {
    expect(csvTable([], {lang: "zh", source: "s"})).toBeNull();
    expect(csvTable(null, {lang: "zh", source: "s"})).toBeNull();
  });

  it("every known column has a header in both languages", () => {
    for (const [key, entry] of Object.entries(COLUMN_LABELS as Record<string, {zh: string; en: string}>)) {
      expect(entry.zh, key).toBeTruthy();
      expect(entry.en, key).toBeTruthy();
    }
  });
});
