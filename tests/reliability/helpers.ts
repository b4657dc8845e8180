// Helpers for the reliability tests: run the pipeline in-process into a temp warehouse and read back what it kept.
import {cp, mkdtemp, readdir, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {Db} from "../../pipeline/db.ts";
import {loadOnly, run, type RunResult} from "../../pipeline/run.ts";
import {createProgress} from "../../pipeline/progress.ts";
import {DATASETS} from "../../pipeline/datasets/contract.ts";

import {CLEAN, ROOT, TEST_KEY, cleanCopy} from "../harness/index.ts";

export {CLEAN, ROOT, TEST_KEY};
export const BAD = path.join(ROOT, "tests/fixtures/bad");

export interface QualityRow {
  dataset: string;
  file: string;
  line: number | null;
  cell: string | null;
  column_name: string | null;
  value: string | null;
  reason: string;
}

export interface Outcome {
  result: RunResult;
  warehouse: string;
  rejects: QualityRow[];
  warnings: QualityRow[];
  /** staging.<table> rows (sorted) as JSON text, for comparisons. */
  staging: Record<string, string[]>;
  seconds: number;
}

export const STAGING_TABLES = [...DATASETS.map((d) => d.name), "district_shapes"];

export async function tempDir(prefix = "ao-rel-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

function json(row: unknown): string {
  return JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : v));
}

export async function query<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

/** Run the pipeline in this process on `input` into a fresh temp warehouse; read back quality and staging. */
export async function runCase(input: string, options: {k?: number; asOf?: string; warehouse?: string; threads?: number; loadOnly?: boolean} = {}): Promise<Outcome> {
  const warehouse = options.warehouse ?? path.join(await tempDir(), "w.duckdb");
  const t0 = performance.now();
  const threads = options.threads ?? 1;
  const result = options.loadOnly
    ? await loadOnly({input, database: warehouse, key: TEST_KEY, threads})
    : await run({input, warehouse, quiet: true, threads, k: options.k, asOf: options.asOf ?? "2025-09-30", key: TEST_KEY}, createProgress({quiet: true}));
  const seconds = (performance.now() - t0) / 1000;
  return outcomeOf(result, warehouse, seconds);
}

/** The clean fixture's shared run (tests/harness), copied into a temp folder of its own, as an Outcome. */
export async function cleanCase(): Promise<Outcome> {
  const {warehouse, result} = await cleanCopy(await tempDir());
  return outcomeOf(result, warehouse);
}

/** What a run kept: its rejects, warnings and staging rows (nothing for a failed run). */
export async function outcomeOf(result: RunResult, warehouse: string, seconds = 0): Promise<Outcome> {
  const out: Outcome = {result, warehouse, rejects: [], warnings: [], staging: {}, seconds};
  if (result.status === "failed") return out;
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const cols = "dataset, file, line, cell, column_name, value, reason";
    out.rejects = await db.all<QualityRow>(`select ${cols} from quality.rejects order by dataset, line, column_name`);
    out.warnings = await db.all<QualityRow>(`select ${cols} from quality.warnings order by dataset, line, column_name`);
    for (const t of STAGING_TABLES) out.staging[t] = (await db.all(`select * from staging.${t} order by all`)).map(json);
  } finally {
    db.close();
  }
  return out;
}

/** A temp copy of a folder (to add generated files to). */
export async function copyFolder(dir: string): Promise<string> {
  const out = await tempDir("ao-case-");
  await cp(dir, out, {recursive: true});
  return out;
}

/** A folder holding the clean fixture's CSV files of the given datasets. */
export async function cleanSubset(datasets: string[]): Promise<string> {
  const out = await tempDir("ao-twin-");
  for (const f of await readdir(CLEAN)) {
    // The datasets' CSV files only (not districts.geojson: the corpus cases have no shapes).
    if (path.extname(f) === ".csv" && datasets.includes(path.basename(f, ".csv"))) await cp(path.join(CLEAN, f), path.join(out, f));
  }
  return out;
}

export async function removeWarehouse(o: Outcome): Promise<void> {
  await rm(path.dirname(o.warehouse), {recursive: true, force: true});
}

export {prng} from "./kill-harness.ts";
