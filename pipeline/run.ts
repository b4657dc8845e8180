// The pipeline's stages in order: read and check every dataset, build the marts, record the run, publish atomically.
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {randomUUID} from "node:crypto";
import {DATASETS} from "./datasets/contract.ts";
import {Db, literal} from "./db.ts";
import {InputError} from "./read/csv.ts";
import {buildDistrictLookup, loadDataset, loadIndicatorCodes, loadShapes, type DatasetResult, type SourceFile} from "./load.ts";
import {hmacMacroSql, pseudonymKey} from "./pseudonym.ts";
import {publish, removeStaleTemps, removeStaleWorkDirs, tempPathFor} from "./publish.ts";
import {createProgress, type Progress} from "./progress.ts";
import {buildMarts} from "./marts.ts";
import {exportMarts} from "./exports.ts";
import {auditReport} from "./disclosure/report.ts";

const SQL_DIR = new URL("./sql/", import.meta.url);

export interface RunOptions {
  input: string;
  warehouse: string;
  asOf?: string;
  report?: string;
  quiet?: boolean;
  k?: number;
  horizon?: number;
  /** DuckDB memory limit, e.g. "2GB". */
  memoryLimit?: string;
  threads?: number;
}

export interface RunResult {
  runId: string;
  status: "published" | "failed";
  exitCode: number;
  asOf?: string;
  datasets: DatasetResult[];
  stageSeconds: Record<string, number>;
  reportPath: string;
  error?: {message: string; file?: string; column?: string};
}

export const FIRST_REJECTS_IN_REPORT = 20;
/**
 * DuckDB's memory limit for the loads: it bounds the buffer pool (temp tables and hash tables spill to the temp
 * directory beyond it); the process holds about 0.3–1 GB more (allocations outside the pool, allocator caches).
 * 768 MB keeps the process well under 2 GB at Demo City scale 30 and costs no time against 1 GB (measured at
 * scale 10: 37.6 s against 36.6 s for the orders; docs/benchmarks.md).
 */
export const DEFAULT_MEMORY_LIMIT = "768MB";
/**
 * The marts run on one thread (see below): half the memory costs them no time (measured at scale 10: 7.4 s for
 * the service marts either way) and their hash aggregates over tens of millions of orders then keep the process
 * well under 2 GB. `--memory-limit` sets both.
 */
export const DEFAULT_MARTS_MEMORY_LIMIT = "512MB";

async function versions(): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  const duck = JSON.parse(await readFile(new URL("../node_modules/@duckdb/node-api/package.json", import.meta.url), "utf8"));
  return {aging_observatory: pkg.version, node: process.version, duckdb_node_api: duck.version};
}

/** The Demo City's input says it is synthetic in its README; the site then says so on every page. */
async function isDemoInput(input: string): Promise<boolean> {
  const text = await readFile(path.join(input, "README.txt"), "utf8").catch(() => "");
  return /Synthetic demo data|合成演示数据/.test(text);
}

/** The as-of date: given, else the latest task report, else the end of the latest year with facilities. */
async function resolveAsOf(db: Db, given?: string): Promise<string> {
  if (given) return given;
  const row = await db.one<{d: string | null}>(`select coalesce(
      (select max(reported_on)::varchar from staging.task_progress),
      (select (max(year) || '-12-31') from staging.facilities),
      (select (max(year) || '-12-31') from staging.population)) as d`);
  return row?.d ?? new Date().toISOString().slice(0, 10);
}

export async function run(options: RunOptions, progress: Progress = createProgress({quiet: options.quiet})): Promise<RunResult> {
  const runId = randomUUID();
  const startedAt = new Date();
  const input = path.resolve(options.input);
  const warehouse = path.resolve(options.warehouse);
  const reportPath = path.resolve(options.report ?? path.join(path.dirname(warehouse), "run-report.json"));
  const stageSeconds: Record<string, number> = {};
  const datasets: DatasetResult[] = [];
  const files: SourceFile[] = [];
  let db: Db | undefined;
  let temp: string | undefined;
  let tmpDir: string | undefined;
  let asOf: string | undefined;
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      stageSeconds[stage] = (stageSeconds[stage] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
  const result = (status: RunResult["status"], exitCode: number, error?: RunResult["error"]): RunResult => ({
    runId, status, exitCode, asOf, datasets, stageSeconds, reportPath, error
  });
  const cleanup = () => {
    if (temp) for (const f of [temp, `${temp}.wal`]) rm(f, {force: true}).catch(() => {});
  };
  const onSignal = (signal: NodeJS.Signals) => {
    progress.stop();
    try {
      db?.close();
    } catch {
      // closing is best effort on the way out
    }
    cleanup();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (!existsSync(input) || !(await stat(input)).isDirectory()) {
      throw new InputError(`输入文件夹不存在 / the input folder does not exist: ${input}`, input);
    }
    await mkdir(path.dirname(warehouse), {recursive: true});
    await removeStaleTemps(warehouse);
    const key = await pseudonymKey(path.join(path.dirname(warehouse), "pseudonym.key"));
    if (key.source === "created") {
      progress.info(`已生成新的假名化密钥 / created a new pseudonym key: ${key.file} — keep it secret and keep it (a new key gives new pseudonyms); it is outside git.`);
    }
    temp = tempPathFor(warehouse);
    await removeStaleWorkDirs(os.tmpdir());
    tmpDir = await mkdtemp(path.join(os.tmpdir(), `aging-run-${process.pid}-`));
    const dbOptions = {memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, tempDirectory: path.join(tmpDir, "duckdb"), threads: options.threads};
    const settings = "set enable_progress_bar = true; set enable_progress_bar_print = false; set preserve_insertion_order = true;";
    db = await Db.open(temp, dbOptions);
    await db.run(settings);
    await db.run(await readFile(new URL("schema.sql", SQL_DIR), "utf8"));
    await db.run(await readFile(new URL("macros.sql", SQL_DIR), "utf8"));
    await db.run(hmacMacroSql(key.key));
    await loadIndicatorCodes(db);
    const runDate = new Date().toISOString().slice(0, 10);
    const ctx = {db, inputDir: input, tmpDir, runDate, onProgress: (name: string, step: string) => progress.stage(name, step)};
    for (const d of DATASETS) {
      progress.stage(d.name, "…");
      try {
        const r = await timed(`load_${d.name}`, () => loadDataset(ctx, d));
        datasets.push(r);
        if (r.file) files.push(r.file);
        if (r.status === "absent") progress.done(d.name, "— 无文件（可选）/ no file (optional)");
        else {
          const rate = r.rowsRead >= 100_000 ? ` · ${Math.round(r.rowsRead / r.seconds).toLocaleString("en-US")} rows/s` : "";
          progress.done(d.name, `${r.file!.name}: ${r.rowsLoaded.toLocaleString("en-US")} loaded, ${r.rowsRejected} rejected, ${r.warnings} warnings (${r.seconds.toFixed(1)} s${rate})`);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const failed: DatasetResult = {
          dataset: d.name, file: null, status: "failed", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, warnings: 0, seconds: 0,
          message: `${error.file}${error.column ? ` [${error.column}]` : ""}: ${error.message}`
        };
        datasets.push(failed);
        if (d.required) throw error;
        progress.warn(`${d.name}: ${failed.message} — 该数据集未载入 / this dataset was not loaded`);
      }
      if (d.name === "districts") {
        await buildDistrictLookup(db);
        const shapes = await timed("load_shapes", () => loadShapes(db!, input));
        if (shapes.file) files.push(shapes.file);
      }
    }
    // The marts run in a fresh DuckDB instance: what the loads held (buffers, allocator caches) is given back first,
    // which keeps the peak memory of large runs lower (docs/benchmarks.md).
    await db.run("checkpoint");
    const loaded = db;
    db = undefined;
    loaded.close();
    db = await Db.open(temp, {...dbOptions, memoryLimit: options.memoryLimit ?? DEFAULT_MARTS_MEMORY_LIMIT});
    await db.run(settings);
    asOf = await resolveAsOf(db, options.asOf);
    progress.stage("marts", `as of ${asOf}`);
    // Parallel sums of doubles depend on thread scheduling (last-digit differences between reruns): the marts run on
    // one thread, so the same inputs give the same marts bit for bit (tests/reliability/kill.test.ts, rerun.test.ts).
    await db.run("set threads = 1");
    await timed("marts", () => buildMarts(db!, {asOf: asOf!, k: options.k ?? 10, horizon: options.horizon}));
    await db.run(`delete from meta.params where key = 'demo'; insert into meta.params values ('demo', ${literal(String(await isDemoInput(input)))})`);
    progress.done("marts", `indicators as of ${asOf}`);
    progress.stage("publish", "");
    await recordRun(db, {runId, startedAt, asOf, input, reportPath, datasets, files, stageSeconds, versions: await versions()});
    await copyHistory(db, warehouse);
    await db.run("checkpoint");
    db.close();
    db = undefined;
    await timed("publish", () => publish(temp!, warehouse, runId));
    temp = undefined;
    progress.done("publish", warehouse);
    // Exports are a convenience: a failure is reported but does not undo the published warehouse.
    const exportsDir = path.join(path.dirname(warehouse), "exports");
    await timed("exports", () => exportMarts(warehouse, exportsDir)).then((t) => progress.done("exports", `${t.length} marts → ${exportsDir}`), (e) => progress.warn(`导出失败 / exports failed: ${(e as Error).message}`));
    const final = result("published", 0);
    await writeReport(final, {input, warehouse, startedAt, files});
    return final;
  } catch (error) {
    progress.stop();
    const e = error as Error & {file?: string; column?: string};
    const final = result("failed", error instanceof InputError ? 1 : 1, {message: e.message, file: e instanceof InputError ? e.file : undefined, column: e instanceof InputError ? e.column : undefined});
    try {
      db?.close();
    } catch {
      // already failing
    }
    db = undefined;
    cleanup();
    await writeReport(final, {input, warehouse, startedAt, files}).catch(() => {});
    return final;
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (tmpDir) await rm(tmpDir, {recursive: true, force: true});
  }
}

interface RunRecord {
  runId: string;
  startedAt: Date;
  asOf: string;
  input: string;
  reportPath: string;
  datasets: DatasetResult[];
  files: SourceFile[];
  stageSeconds: Record<string, number>;
  versions: Record<string, string>;
}

async function recordRun(db: Db, r: RunRecord): Promise<void> {
  await db.run(
    `insert into meta.runs values (${literal(r.runId)}, ${literal(r.startedAt.toISOString())}::timestamptz::timestamp, now()::timestamp, ${literal(r.asOf)}::date,
      ${literal(r.input)}, 'published', ${literal(JSON.stringify(r.versions))}::json, ${literal(JSON.stringify(r.stageSeconds))}::json, ${literal(r.reportPath)})`
  );
  for (const d of r.datasets) {
    await db.run(
      `insert into meta.run_datasets values (${literal(r.runId)}, ${literal(d.dataset)}, ${d.file ? literal(d.file.name) : "null"}, ${literal(d.status)},
        ${d.rowsRead}, ${d.rowsLoaded}, ${d.rowsRejected}, ${d.warnings}, ${d.seconds}, ${d.message ? literal(d.message) : "null"})`
    );
  }
  for (const f of r.files) {
    const dataset = r.datasets.find((d) => d.file?.name === f.name)?.dataset ?? (f.name.endsWith(".geojson") ? "district_shapes" : null);
    await db.run(
      `insert into meta.run_files values (${literal(r.runId)}, ${dataset ? literal(dataset) : "null"}, ${literal(f.name)}, ${f.bytes}, ${literal(f.sha256)},
        ${f.encoding ? literal(f.encoding) : "null"}, ${f.delimiter ? literal(f.delimiter) : "null"}, ${f.sheet ? literal(f.sheet) : "null"})`
    );
  }
}

/** Keep the history of earlier runs: copy their meta rows from the warehouse being replaced. */
async function copyHistory(db: Db, warehouse: string): Promise<void> {
  if (!existsSync(warehouse)) return;
  try {
    await db.run(`attach ${literal(warehouse)} as previous (read_only)`);
    for (const table of ["run_files", "run_datasets", "runs"]) { // runs last: the filter below reads meta.runs
      await db.run(`insert into meta.${table} select * from previous.meta.${table} where run_id not in (select run_id from meta.runs where run_id is not null)`);
    }
    await db.run("detach previous");
  } catch {
    // An older or damaged warehouse has no usable history; the new one starts its own.
    await db.run("detach database if exists previous").catch(() => {});
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const row of rows) (out[key(row)] ??= []).push(row);
  return out;
}

async function writeReport(r: RunResult, context: {input: string; warehouse: string; startedAt: Date; files: SourceFile[]}): Promise<void> {
  let firstRejects: Record<string, unknown[]> = {};
  let firstWarnings: Record<string, unknown[]> = {};
  let backtest: unknown[] = [];
  let disclosure: unknown = null;
  if (r.status === "published") {
    const db = await Db.open(context.warehouse, {readOnly: true});
    try {
      const rows = await db.all<{dataset: string}>(`select * exclude (n) from (
          select *, row_number() over (partition by dataset order by line nulls first, column_name) as n from quality.rejects)
        where n <= ${FIRST_REJECTS_IN_REPORT} order by dataset, line`);
      const warnings = await db.all<{dataset: string}>(`select * exclude (n) from (
          select *, row_number() over (partition by dataset order by line nulls first, column_name) as n from quality.warnings)
        where n <= ${FIRST_REJECTS_IN_REPORT} order by dataset, line`);
      firstRejects = groupBy(rows, (x) => x.dataset);
      firstWarnings = groupBy(warnings, (x) => x.dataset);
      backtest = await db.all("select * from marts.projection_backtest order by all").catch(() => []);
      disclosure = await auditReport(db);
    } finally {
      db.close();
    }
  }
  const report = {
    run_id: r.runId,
    status: r.status,
    exit_code: r.exitCode,
    started_at: context.startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    as_of: r.asOf ?? null,
    input_dir: context.input,
    warehouse: context.warehouse,
    error: r.error ?? null,
    files: context.files.map(({path: _p, ...f}) => f),
    datasets: r.datasets.map((d) => ({
      dataset: d.dataset, file: d.file?.name ?? null, status: d.status, rows_read: d.rowsRead, rows_loaded: d.rowsLoaded,
      rows_rejected: d.rowsRejected, warnings: d.warnings, seconds: Number(d.seconds.toFixed(3)), steps: d.steps ?? null, message: d.message ?? null
    })),
    stage_seconds: Object.fromEntries(Object.entries(r.stageSeconds).map(([k, v]) => [k, Number(v.toFixed(3))])),
    versions: await versions(),
    first_rejects: firstRejects,
    first_warnings: firstWarnings,
    projection_backtest: backtest,
    disclosure_audit: disclosure
  };
  await mkdir(path.dirname(r.reportPath), {recursive: true});
  await writeFile(r.reportPath, JSON.stringify(report, null, 2) + "\n", "utf8");
}
