// exportMarts: every marts table as Parquet and as UTF-8-with-BOM CSV, nothing record-level, swapped in atomically.
import {DuckDBInstance} from "@duckdb/node-api";
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import Papa from "papaparse";
import {afterAll, beforeAll, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {exportMarts} from "../../pipeline/exports.ts";

let work: string;
let warehouse: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "aging-exports-"));
  warehouse = path.join(work, "warehouse.duckdb");
  const instance = await DuckDBInstance.create(warehouse);
  const conn = await instance.connect();
  await conn.run(`
    create schema raw; create schema staging; create schema marts; create schema meta;
    create table raw.elders(id_number varchar); insert into raw.elders values ('secret-hash');
    create table staging.elders(person_key varchar); insert into staging.elders values ('secret-hash');
    create table meta.runs(run_id varchar, finished_at timestamp, as_of date);
    insert into meta.runs values ('run-1', '2025-01-01 10:00:00', '2024-12-31'), ('run-2', '2025-02-01 10:00:00', '2025-01-31');
    create table meta.params(key varchar, value varchar); insert into meta.params values ('k', '10');
    create table marts.areas(area_code varchar, name_zh varchar, name_en varchar, beds integer, share_pct double);
    insert into marts.areas values ('CITY', '全市', 'City', 1200, 21.5), ('990102', '东湖区', 'Donghu, "east lake"', 300, null), ('990103', '西山区，新城', 'Xishan', 0, 3.25);
    create table marts.orders_monthly_public(month date, area_code varchar, orders integer, suppressed boolean);
    insert into marts.orders_monthly_public select date '2024-01-01' + to_months(i), 'CITY', i * 10, false from range(12) t(i);
    create table marts.empty_mart(x integer);`);
  conn.closeSync();
  instance.closeSync();
});

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

it("writes every marts table as Parquet and CSV with a README, and no raw or staging table", async () => {
  const out = path.join(work, "exports");
  const tables = await exportMarts(warehouse, out);
  expect(tables.map((t) => [t.table, t.rows])).toEqual([["areas", 3], ["empty_mart", 0], ["orders_monthly_public", 12]]);
  expect((await readdir(out)).sort()).toEqual(["README.txt", "csv", "parquet"]);
  expect((await readdir(path.join(out, "csv"))).sort()).toEqual(["areas.csv", "empty_mart.csv", "orders_monthly_public.csv"]);
  expect((await readdir(path.join(out, "parquet"))).sort()).toEqual(["areas.parquet", "empty_mart.parquet", "orders_monthly_public.parquet"]);
  const readme = await readFile(path.join(out, "README.txt"), "utf8");
  expect(readme).toContain("run-2");
  expect(readme).toContain("2025-01-31");
  expect(readme).toMatch(/orders_monthly_public\s+12 行 rows/);
  // Nothing of the record-level tables anywhere in the export.
  for (const dir of ["csv", "parquet"]) {
    for (const f of await readdir(path.join(out, dir))) expect((await readFile(path.join(out, dir, f))).includes("secret-hash"), f).toBe(false);
  }
});

it("writes CSV that starts with the UTF-8 BOM and decodes with the Chinese names intact", async () => {
  const out = path.join(work, "exports");
  const bytes = await readFile(path.join(out, "csv", "areas.csv"));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", {fatal: true, ignoreBOM: false}).decode(bytes);
  const rows = Papa.parse<Record<string, string>>(text, {header: true, skipEmptyLines: true}).data;
  expect(Object.keys(rows[0])).toEqual(["area_code", "name_zh", "name_en", "beds", "share_pct"]);
  expect(rows.map((r) => r.name_zh)).toEqual(["全市", "东湖区", "西山区，新城"]);
  expect(rows[1].name_en).toBe('Donghu, "east lake"');
  expect(rows[1].share_pct).toBe("");
});

it("writes Parquet that reads back with the same rows", async () => {
  const out = path.join(work, "exports");
  const db = await Db.open();
  try {
    for (const [table, n] of [["areas", 3], ["orders_monthly_public", 12], ["empty_mart", 0]] as const) {
      const row = await db.one<{n: number}>(`select count(*)::integer as n from read_parquet('${path.join(out, "parquet", `${table}.parquet`)}')`);
      expect(row!.n, table).toBe(n);
    }
    const names = await db.all<{name_zh: string}>(`select name_zh from read_parquet('${path.join(out, "parquet", "areas.parquet")}') order by area_code`);
    expect(names.map((r) => r.name_zh)).toEqual(["东湖区", "西山区，新城", "全市"]);
  } finally {
    db.close();
  }
});

it("replaces an earlier export as a whole and leaves no temporary folder behind", async () => {
  const out = path.join(work, "replaced");
  await mkdir(path.join(out, "csv"), {recursive: true});
  await writeFile(path.join(out, "csv", "dropped_mart.csv"), "old");
  await exportMarts(warehouse, out);
  expect(await readdir(path.join(out, "csv"))).not.toContain("dropped_mart.csv");
  expect((await readdir(work)).filter((f) => f.startsWith("replaced"))).toEqual(["replaced"]);
});
