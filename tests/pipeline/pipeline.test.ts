import {describe, expect, it} from "vitest";
import {readFile, stat, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import path from "node:path";
import {CLEAN, cleanCopy, cleanRun, fixtureWith, loadPipeline, messyTwin, query, runPipeline, tempDir, warehouseText} from "./helpers.ts";

const STAGING = ["districts", "population", "facilities", "elders", "service_orders", "targets", "tasks", "task_progress"];

describe("the pipeline on the clean fixture", async () => {
  // the harness's run (tests/harness): once per test run, read here
  const {warehouse, result} = await cleanRun();
  const dir = path.dirname(warehouse);

  it("publishes with exit code 0 and loads every row", async () => {
    expect(result.status).toBe("published");
    expect(result.exitCode).toBe(0);
    const counts = Object.fromEntries(result.datasets.map((d) => [d.dataset, [d.rowsLoaded, d.rowsRejected]]));
    expect(counts).toEqual({
      districts: [3, 0], population: [216, 0], facilities: [8, 0], elders: [13, 0], service_orders: [49, 0],
      targets: [2, 0], tasks: [2, 0], task_progress: [4, 0]
    });
    expect(await query(warehouse, "select count(*)::integer as n from quality.rejects")).toEqual([{n: 0}]);
  });

  it("records the run in meta with every file's size and sha256", async () => {
    const runs = await query<{run_id: string; as_of: Date}>(warehouse, "select run_id, as_of from meta.runs");
    expect(runs).toHaveLength(1);
    expect(runs[0].run_id).toBe(result.runId);
    const files = await query<{file: string; bytes: number; sha256: string}>(warehouse, "select file, bytes, sha256 from meta.run_files order by file");
    expect(files.map((f) => f.file)).toEqual(["districts.csv", "districts.geojson", "elders.csv", "facilities.csv", "population.csv", "service_orders.csv", "targets.csv", "task_progress.csv", "tasks.csv"]);
    const {createHash} = await import("node:crypto");
    const text = await readFile(path.join(CLEAN, "population.csv"));
    const pop = files.find((f) => f.file === "population.csv")!;
    expect(pop.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    expect(pop.bytes).toBe((await stat(path.join(CLEAN, "population.csv"))).size);
  });

  it("writes the JSON report beside the warehouse", async () => {
    const report = JSON.parse(await readFile(path.join(dir, "run-report.json"), "utf8"));
    expect(report.status).toBe("published");
    expect(report.datasets.find((d: {dataset: string}) => d.dataset === "elders").rows_loaded).toBe(13);
    expect(report.files).toHaveLength(9);
    expect(Object.keys(report.stage_seconds)).toContain("marts");
  });

  it("stores no clear identifier: IDs are keyed hashes, and birth date and sex come from the ID", async () => {
    const ids = (await readFile(path.join(CLEAN, "elders.csv"), "utf8")).match(/\b\d{17}[\dX]\b/g)!;
    expect(ids.length).toBeGreaterThan(10);
    const elders = await query<{person_key: string; birth_date: Date; sex: string}>(warehouse, "select person_key, birth_date, sex from staging.elders");
    expect(elders.every((e) => /^[0-9a-f]{64}$/.test(e.person_key))).toBe(true);
    const first = ids[0];
    const birth = `${first.slice(6, 10)}-${first.slice(10, 12)}-${first.slice(12, 14)}`;
    expect(elders.some((e) => e.birth_date.toISOString().slice(0, 10) === birth)).toBe(true);
    // orders' persons hash to the same keys as the elders they served
    const joined = await query<{n: number}>(warehouse, "select count(*)::integer as n from staging.service_orders o join staging.elders e using (person_key)");
    expect(joined[0].n).toBe(49);
    // no table of the warehouse holds an ID number in clear, nor its first 14 characters (region and birth date)
    const dump = await warehouseText(warehouse);
    expect(dump).toContain("staging.elders");
    for (const id of ids) expect(dump).not.toContain(id.slice(0, 14));
  });

  it("resolves districts by code, name, alias and name without suffix", async () => {
    const rows = await query<{facility_id: string; district_code: string}>(warehouse, "select distinct facility_id, district_code from staging.facilities order by 1");
    expect(rows).toEqual([
      {facility_id: "F001", district_code: "990102"},
      {facility_id: "F002", district_code: "990103"},
      {facility_id: "F003", district_code: "990102"},
      {facility_id: "F004", district_code: "990171"}
    ]);
  });
});

describe("a messy twin: GBK CSVs with Chinese headers and labels, XLSX with title rows", async () => {
  const {warehouse: a, result: ra} = await cleanRun();
  const b = path.join(await tempDir(), "b.duckdb");
  const twin = await messyTwin();
  const rb = await runPipeline(twin, b);

  it("loads exactly like its clean UTF-8 twin", async () => {
    expect(ra.status).toBe("published");
    expect(rb.status).toBe("published");
    for (const table of STAGING) {
      const sql = `select * from staging.${table} order by all`;
      expect(await query(b, sql), table).toEqual(await query(a, sql));
    }
    expect(await query(b, "select * from quality.rejects")).toEqual([]);
    const sql = "select indicator, area_code, year, value from marts.indicator_values order by all";
    expect(await query(b, sql)).toEqual(await query(a, sql));
  });

  it("records what it detected: encodings and sheets", async () => {
    const files = await query<{file: string; encoding: string; sheet: string | null}>(b, "select file, encoding, sheet from meta.run_files order by file");
    expect(files.find((f) => f.file === "人口.csv")!.encoding).toBe("GBK/GB18030");
    expect(files.find((f) => f.file === "养老服务设施.xlsx")!.sheet).toBe("Sheet1");
  });
});

describe("bad rows are rejected with file, line, column, value and reason", async () => {
  const clean = await readFile(path.join(CLEAN, "facilities.csv"), "utf8");
  const lines = clean.trimEnd().split("\n");
  const facilities = [
    ...lines,
    "2025,F005,坏床位,990102,institution,public,10,12,5,0,yes,,,",
    "2025,F006,未知区,南山区,institution,public,10,5,5,0,yes,,,",
    "2025,F007,非数字,990102,institution,public,十,5,5,0,yes,,,",
    "2025,F001,重复,990102,institution,public,10,5,5,0,yes,,,",
    "2025,F008,满员,990103,institution,public,10,5,15,0,maybe,,,"
  ].join("\n");
  const dir = await fixtureWith({"facilities.csv": facilities + "\n"});
  // the load stage decides this: it alone runs
  const warehouse = path.join(await tempDir(), "w.duckdb");
  const result = await loadPipeline(dir, warehouse);
  const n = lines.length;

  it("lists each problem exactly", async () => {
    expect(result.status).toBe("loaded");
    const rejects = await query(warehouse, "select file, line, column_name, value, reason from quality.rejects order by line, column_name");
    expect(rejects).toEqual([
      {file: "facilities.csv", line: n + 1, column_name: "nursing_beds", value: "12", reason: expect.stringContaining("nursing_beds > beds")},
      {file: "facilities.csv", line: n + 2, column_name: "district", value: "南山区", reason: expect.stringContaining("unknown district")},
      {file: "facilities.csv", line: n + 3, column_name: "beds", value: "十", reason: expect.stringContaining("not a number")},
      {file: "facilities.csv", line: n + 4, column_name: "facility_id", value: "2025 / F001", reason: expect.stringContaining("first seen on line 6")},
      {file: "facilities.csv", line: n + 5, column_name: "on_platform", value: "maybe", reason: expect.stringContaining("not a yes/no")}
    ]);
    const f = result.datasets.find((d) => d.dataset === "facilities")!;
    expect([f.rowsRead, f.rowsLoaded, f.rowsRejected]).toEqual([13, 8, 5]);
  });

  it("warns without rejecting where the contract says so", async () => {
    const warnings = await query(warehouse, "select line, column_name, value from quality.warnings where dataset = 'facilities' order by line");
    expect(warnings).toEqual([]);
  });
});

describe("a required dataset missing or unusable fails the run and publishes nothing", async () => {
  it("keeps the previous warehouse as it was", async () => {
    const {warehouse, result: first} = await cleanCopy(); // a published clean run
    expect(first.status).toBe("published");
    const before = await readFile(warehouse);
    const broken = await fixtureWith({"population.csv": "year,district,sex,age\n2024,990102,male,0-4\n"});
    const failed = await runPipeline(broken, warehouse);
    expect(failed.exitCode).toBe(1);
    expect(failed.error).toMatchObject({file: "population.csv", column: "population"});
    expect(failed.error!.message).toMatch(/missing required column: population/);
    expect((await readFile(warehouse)).equals(before)).toBe(true);
    const dirFiles = (await import("node:fs/promises")).readdir(path.dirname(warehouse));
    expect((await dirFiles).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("names the missing dataset", async () => {
    const warehouse = path.join(await tempDir(), "w.duckdb");
    const r = await runPipeline(await fixtureWith({"districts.csv": null}), warehouse);
    expect(r.exitCode).toBe(1);
    expect(r.error!.message).toMatch(/required dataset districts/);
    expect(existsSync(warehouse)).toBe(false);
  });

  it("loads an optional dataset that is unusable as failed and publishes the rest", async () => {
    const warehouse = path.join(await tempDir(), "w.duckdb");
    const r = await runPipeline(await fixtureWith({"tasks.csv": "task_id,title\nT1,x\n"}), warehouse);
    expect(r.status).toBe("published");
    expect(r.datasets.find((d) => d.dataset === "tasks")).toMatchObject({status: "failed", message: expect.stringMatching(/tasks.csv \[year\]/)});
  });
});

describe("run history", () => {
  it("keeps earlier runs in meta.runs", async () => {
    const {warehouse} = await cleanCopy(); // a first run, then another over it
    await runPipeline(CLEAN, warehouse);
    expect(await query(warehouse, "select count(*)::integer as n from meta.runs")).toEqual([{n: 2}]);
    await writeFile(path.join(path.dirname(warehouse), "unused"), "");
  });
});
