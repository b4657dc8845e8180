// Rounding, winding and topology-preserving simplification on small hand-made shapes.
import {describe, expect, it} from "vitest";
import type {MultiPolygon, Polygon} from "geojson";
import {cleanGeometry, ringArea, simplifyShared, type Shape} from "../../pipeline/init-city/geometry.ts";
import {districtsCsv, validateOutput} from "../../pipeline/init-city/output.ts";

describe("cleanGeometry", () => {
  it("rounds to 5 decimals, drops repeated points, and winds RFC 7946 (exterior counter-clockwise, holes clockwise)", () => {
    const square: Polygon = {
      type: "Polygon",
      coordinates: [
        [[117, 36], [117, 36.1000001], [117.1, 36.1], [117.1, 36], [117.1000004, 36], [117, 36]],
        [[117.02, 36.02], [117.08, 36.02], [117.08, 36.08], [117.02, 36.08], [117.02, 36.02]]
      ]
    };
    const g = cleanGeometry(square);
    expect(g.coordinates).toEqual([
      [
        [[117, 36], [117.1, 36], [117.1, 36.1], [117, 36.1], [117, 36]],
        [[117.02, 36.02], [117.02, 36.08], [117.08, 36.08], [117.08, 36.02], [117.02, 36.02]]
      ]
    ]);
    expect(ringArea(g.coordinates[0][0])).toBeGreaterThan(0);
    expect(ringArea(g.coordinates[0][1])).toBeLessThan(0);
  });

  it("drops a polygon whose exterior collapses to a line, with its holes", () => {
    const g: MultiPolygon = {type: "MultiPolygon", coordinates: [[[[1, 1], [1.000001, 1], [1, 1.000001], [1, 1]]], [[[0, 0], [1, 0], [1, 1], [0, 0]]]]};
    expect(cleanGeometry(g).coordinates).toHaveLength(1);
  });
});

/** Two units sharing a wiggly border: left [0,1]×[0,1] and right [1,2]×[0,1], the border x = 1 ± 0.01 zigzag. */
function twoUnits(): Shape[] {
  const border = Array.from({length: 41}, (_, i) => [1 + (i % 2 ? 0.01 * Math.sin(i) : 0), i / 40]);
  const ring = (pts: number[][]) => [...pts, pts[0]];
  return [
    {code: "000001", name: "左区", geometry: {type: "Polygon", coordinates: [ring([[0, 0], ...border, [0, 1]])]}},
    {code: "000002", name: "右区", geometry: {type: "Polygon", coordinates: [ring([[2, 0], [2, 1], ...border.slice().reverse()])]}}
  ];
}

describe("simplifyShared", () => {
  it("leaves shapes alone when they fit", () => {
    const r = simplifyShared(twoUnits(), () => true);
    expect(r.minWeight).toBe(0);
    expect(r.pointsOut).toBe(r.pointsIn);
    expect(r.sharedArcs).toBe(1);
  });

  it("simplifies the shared border once, so both sides keep exactly the same points", () => {
    const budget = 200;
    const r = simplifyShared(twoUnits(), (features) => JSON.stringify(features).length <= budget * 4);
    expect(r.minWeight).toBeGreaterThan(0);
    expect(r.pointsOut).toBeLessThan(r.pointsIn);
    const key = (p: number[]) => p.join(",");
    const [left, right] = r.features.map((f) => new Set(f.geometry.coordinates[0][0].map(key)));
    const onBorder = (s: Set<string>) => [...s].filter((k) => Math.abs(Number(k.split(",")[0]) - 1) < 0.02).sort();
    expect(onBorder(left)).toEqual(onBorder(right));
    expect(onBorder(left).length).toBeGreaterThanOrEqual(2);
  });

  it("never lets a ring collapse, however small the budget", () => {
    const r = simplifyShared(twoUnits(), (features) => features.every((f) => f.geometry.coordinates[0][0].length <= 5));
    for (const f of r.features) expect(f.geometry.coordinates[0][0].length).toBeGreaterThanOrEqual(4);
  });
});

describe("output", () => {
  it("writes the CSV with a BOM and quotes only where needed", () => {
    expect(districtsCsv([{code: "370102", name: "历下区", name_en: "", kind: "district", aliases: ""}, {code: "370100Z01", name: 'A,"B"', name_en: "", kind: "zone", aliases: "高新区;x"}])).toBe(
      '\uFEFFcode,name,name_en,kind,aliases\n370102,历下区,,district,\n370100Z01,"A,""B""",,zone,高新区;x\n'
    );
  });

  it("validates that codes match, geometries are not empty and the size fits", () => {
    const rows = [{code: "370102", name: "历下区", name_en: "", kind: "district" as const, aliases: ""}, {code: "370103", name: "市中区", name_en: "", kind: "district" as const, aliases: ""}];
    const f = (code: string, coordinates: number[][][][]) => ({type: "Feature" as const, properties: {code, name: code}, geometry: {type: "MultiPolygon" as const, coordinates}});
    const sq = [[[[0, 0], [1, 0], [1, 1], [0, 0]]]];
    expect(validateOutput(rows, [f("370102", sq), f("370103", sq)], 100, 200)).toEqual([]);
    expect(validateOutput(rows, [f("370102", sq), f("370199", []), f("370102", sq)], 300, 200)).toEqual([
      "370199: a boundary whose code is not in districts.csv",
      "370199: empty or degenerate geometry",
      "370102: two boundaries",
      "370103 市中区: no boundary in districts.geojson",
      "districts.geojson is 300 bytes, above the limit of 200"
    ]);
  });
});
