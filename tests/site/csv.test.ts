// The chart cards' CSV downloads (src/components/csv.js, written by frame.js with d3-dsv's csvFormatRows): a first
// line with the source and as-of date, headers and categories in the page's language, rounded numbers, units in
// the headers, every text cell neutralized against formula injection.
import {describe, expect, it} from "vitest";
import {csvFormatRows} from "d3-dsv";
import Papa from "papaparse";
// @ts-expect-error a plain browser module without types
import {COLUMN_LABELS, csvTable} from "../../src/components/csv.js";

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
