// Rerunning on the same inputs gives the same marts, whether the previous warehouse is in place or not; the same data
// under two file names is refused rather than counted twice.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {existsSync} from "node:fs";
import {cp, rm} from "node:fs/promises";
import path from "node:path";
import {BAD, CLEAN, cleanCase, query, removeWarehouse, runCase, tempDir, type Outcome} from "./helpers.ts";

async function martsContent(warehouse: string): Promise<Record<string, string[]>> {
  const tables = await query<{name: string}>(warehouse, `select table_name as name from information_schema.tables
    where table_catalog = current_database() and table_schema = 'marts' order by 1`);
  const out: Record<string, string[]> = {};
  for (const {name} of tables) {
    const rows = await query<{t: string}>(warehouse, `select t::varchar as t from marts."${name}" t order by 1`);
    out[name] = rows.map((r) => r.t);
  }
  return out;
}

describe("rerunning on the same inputs", () => {
  let first: Outcome;
  let again: Outcome;
  let fresh: Outcome;
  let firstMarts: Record<string, string[]>;
  beforeAll(async () => {
    // Several threads: parallel sums of doubles once made projected values differ in the last digit between reruns.
    // first and fresh: copies of the harness's run of the clean fixture (default threads); again: a rerun on 4
    // threads over first's warehouse.
    first = await cleanCase();
    firstMarts = await martsContent(first.warehouse);
    again = await runCase(CLEAN, {warehouse: first.warehouse, threads: 4}); // over the previous warehouse
    fresh = await cleanCase();
  }, 300_000);
  afterAll(async () => {
    await removeWarehouse(first);
    await removeWarehouse(fresh);
  });

  test("gives the same marts.indicator_values, row for row", async () => {
    const sql = "select * from marts.indicator_values order by all";
    const a = await query(fresh.warehouse, sql);
    expect(a.length).toBeGreaterThan(100);
    expect(await query(again.warehouse, sql)).toEqual(a);
    expect(firstMarts.indicator_values).toEqual((await martsContent(fresh.warehouse)).indicator_values);
  });

  test("gives the same content in every marts table, staging table and quality table", async () => {
    const second = await martsContent(again.warehouse);
    expect(Object.keys(second)).toEqual(Object.keys(firstMarts));
    for (const [table, rows] of Object.entries(firstMarts)) expect(second[table], `marts.${table}`).toEqual(rows);
    expect(again.staging).toEqual(fresh.staging);
    expect(again.rejects).toEqual(fresh.rejects);
    expect(again.warnings).toEqual(fresh.warnings);
  });

  test("keeps the history: the rerun's warehouse records both runs", async () => {
    const runs = await query<{run_id: string}>(again.warehouse, "select run_id from meta.runs order by finished_at");
    expect(runs.map((r) => r.run_id)).toEqual([first.result.runId, again.result.runId]);
    const datasets = await query<{run_id: string; n: number}>(again.warehouse, "select run_id, count(*)::integer as n from meta.run_datasets group by 1 order by 1");
    expect(datasets.map((d) => d.n)).toEqual([8, 8]);
  });
});

describe("the same file twice", () => {
  test("population.csv and 人口.csv side by side: refused with an error naming both, nothing published", async () => {
    const o = await runCase(path.join(BAD, "same-file-twice"));
    expect(o.result.exitCode).toBe(1);
    expect(o.result.error?.message).toContain("more than one file for dataset population: population.csv, 人口.csv; keep one");
    expect(existsSync(o.warehouse)).toBe(false);
    await removeWarehouse(o);
  });

  test("population.csv and population.xlsx (another extension) are refused too", async () => {
    const dir = await tempDir();
    await cp(CLEAN, dir, {recursive: true});
    await cp(path.join(BAD, "xlsx-plain", "facilities.xlsx"), path.join(dir, "facilities.xlsx"));
    const o = await runCase(dir);
    expect(o.result.exitCode).toBe(1);
    expect(o.result.error?.message).toContain("more than one file for dataset facilities: facilities.csv, facilities.xlsx");
    await removeWarehouse(o);
    await rm(dir, {recursive: true, force: true});
  });
});
