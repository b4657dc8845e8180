import {describe, expect, it} from "vitest";
import {columnLetter, findHeaderRow, matchHeaders, normalizeHeader} from "../../pipeline/read/headers.ts";
import {dataset} from "../../pipeline/datasets/contract.ts";

describe("header matching", () => {
  it.each([
    ["ＡＧＥ", "age"],
    [" 年龄 ", "年龄"],
    ["Population", "population"],
    ["\ufeffyear", "year"],
    ["人 口 数", "人口数"],
    ["床位数*", "床位数"]
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });

  it("maps English keys and Chinese headers, case-, space- and full-width-insensitive", () => {
    const m = matchHeaders(["年份", " DISTRICT ", "性别", "年龄组", "ｐｏｐｕｌａｔｉｏｎ"], dataset("population"));
    expect(m.keys).toEqual(["year", "district", "sex", "age", "population"]);
    expect(m.missing).toEqual([]);
  });

  it("accepts a unit in brackets after a header", () => {
    expect(matchHeaders(["床位数（张）"], dataset("facilities")).keys).toEqual(["beds"]);
  });

  it("names missing required columns, unknown columns and duplicates", () => {
    const m = matchHeaders(["year", "district", "sex", "age", "备注", "year"], dataset("population"));
    expect(m.missing).toEqual(["population"]);
    expect(m.unknown).toEqual([{index: 4, header: "备注"}]);
    expect(m.duplicates).toEqual([{key: "year", indexes: [0, 5]}]);
  });

  it("requires one of id_number or person_id for elders", () => {
    expect(matchHeaders(["district"], dataset("elders")).missing).toEqual(["id_number | person_id"]);
    expect(matchHeaders(["人员编号", "区县"], dataset("elders")).missing).toEqual([]);
  });

  it("finds the header below title rows", () => {
    const rows = [["示例市人口统计表"], [""], ["年份", "区县", "性别", "年龄", "人口数"], ["2024", "东湖区", "男", "0-4", "10"]];
    expect(findHeaderRow(rows, dataset("population")).index).toBe(2);
  });

  it.each([[0, "A"], [25, "Z"], [26, "AA"], [51, "AZ"], [52, "BA"], [701, "ZZ"], [702, "AAA"]])("column %i is %s", (i, letter) => {
    expect(columnLetter(i)).toBe(letter);
  });
});
