// The pipeline's stages in order, each a function with explicit inputs and outputs (docs/architecture.md):
// load (read, check and stage every dataset: load.ts) → marts (marts.ts) → record the run (meta) → publish (an atomic
// rename: publish.ts) → export (exports.ts). `run` chains them; `loadOnly` stops after the load stage (`npm run check`).
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {createHash, randomUUID} from "node:crypto";
import {fileURLToPath} from "node:url";
import {Db, literal} from "./db.ts";
import {CENSUS_START_FILE} from "./datasets/contract.ts";
import {InputError} from "./read/csv.ts";
import {loadStage, type DatasetResult, type LoadStageResult, type SourceFile} from "./load.ts";
import {checkKeyKept, pseudonymKey} from "./pseudonym.ts";
import {acquireLock, LockBusyError, type Lock} from "./lock.ts";
import {maskIds} from "./mask.ts";
import {modes, restrict} from "./files.ts";
import {markStage, stageTimer} from "./stages.ts";
import {publish, removeStaleTemps, removeStaleWorkDirs, tempPathFor} from "./publish.ts";
import {createProgress, type Progress} from "./progress.ts";
import {martsStage} from "./marts.ts";
import {exportMarts} from "./exports.ts";
import {auditReport} from "./disclosure/report.ts";

const META_SQL = new URL("./sql/meta/", import.meta.url);
const PIPELINE_DIR = fileURLToPath(new URL(".", import.meta.url));

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
  /**
   * The pseudonym key. Default: AGING_PSEUDONYM_KEY, else the key file (AGING_PSEUDONYM_KEY_FILE, default
   * pseudonym.key beside the warehouse), made on first use.
   */
  key?: Buffer | string;
  /** Wait this long (ms) for another run holding the warehouse's lock; 0 (default): fail at once (exit 3). */
  waitMs?: number;
  /** Go on with a new pseudonym key although a warehouse exists and its key file is gone. */
  newKey?: boolean;
  /** Written files readable by the group (0640/0750) instead of the owner only (0600/0700). */
  groupAccess?: boolean;
}

export interface RunResult {
  runId: string;
  /** published: a full run; loaded: `loadOnly` finished the load stage; failed: nothing published. */
  status: "published" | "loaded" | "failed";
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
  return {aging_observatory: pkg.version, node: process.version, duckdb_node_api: duck.version, code_sha256: await codeHash()};
}

/**
 * SHA-256 over the pipeline's code (every .ts and .sql file under pipeline/, by path and content): recorded in
 * meta.params (code_sha256) so `npm start` reruns the pipeline when its code changed, not only its inputs.
 */
export async function codeHash(dir = PIPELINE_DIR): Promise<string> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, {withFileTypes: true})) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(ts|sql)$/.test(e.name)) files.push(p);
    }
  };
  await walk(dir);
  const hash = createHash("sha256");
  for (const f of files.sort()) hash.update(path.relative(dir, f)).update("\0").update(await readFile(f)).update("\0");
  return hash.digest("hex");
}

/** The Demo City's input says it is synthetic in its README; the site then says so on every page. */
async function isDemoInput(input: string): Promise<boolean> {
  const text = await readFile(path.join(input, "README.txt"), "utf8").catch(() => "");
  return /Synthetic demo data|合成演示数据/.test(text);
}

/** The key as given, or from the environment or the key file (see RunOptions.key). */
async function resolveKey(options: RunOptions, warehouse: string, progress: Progress): Promise<Buffer> {
  if (options.key !== undefined) {
    const key = Buffer.isBuffer(options.key) ? options.key : Buffer.from(options.key.trim(), "utf8");
    if (key.length < 16) throw new Error("the pseudonym key is too short: use at least 16 characters (32 random bytes in hex is best)");
    return key;
  }
  const key = await pseudonymKey(path.join(path.dirname(warehouse), "pseudonym.key"));
  if (key.source === "created") {
    progress.info(`已生成新的假名化密钥 / created a new pseudonym key: ${key.file} — keep it secret and keep it (a new key gives new pseudonyms); it is outside git.`);
  }
  return key.key;
}

interface Scratch {
  tmpDir: string;
  dbOptions: {memoryLimit: string; tempDirectory: string; threads?: number};
}

const SETTINGS = "set enable_progress_bar = true; set enable_progress_bar_print = false; set preserve_insertion_order = true;";

async function scratch(options: {memoryLimit?: string; threads?: number}): Promise<Scratch> {
  await removeStaleWorkDirs(os.tmpdir());
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), `aging-run-${process.pid}-`));
  return {tmpDir, dbOptions: {memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, tempDirectory: path.join(tmpDir, "duckdb"), threads: options.threads}};
}

async function checkInput(input: string): Promise<void> {
  if (!existsSync(input) || !(await stat(input)).isDirectory()) {
    throw new InputError(`输入文件夹不存在 / the input folder does not exist: ${input}`, input);
  }
}

function failure(error: unknown): RunResult["error"] {
  const e = error as Error & {file?: string; column?: string};
  // masked: DuckDB's own messages (and any other) may quote an input value
  return {message: maskIds(e.message), file: e instanceof InputError ? e.file : undefined, column: e instanceof InputError ? e.column : undefined};
}

/** A problem with the options given (exit 2). */
export class UsageProblem extends Error {}

/** Exit codes: 3 another run holds the warehouse (its report is not overwritten); 2 a usage problem; 1 anything else. */
function exitCodeOf(error: unknown): number {
  return error instanceof LockBusyError ? 3 : error instanceof UsageProblem ? 2 : 1;
}

/** The report must not overwrite the warehouse, its companions (lock, WAL, temps), the input or the exports. */
function checkReportPath(reportPath: string, warehouse: string, input: string): void {
  const exportsDir = path.join(path.dirname(warehouse), "exports");
  if ([warehouse, input, exportsDir].some((p) => reportPath === p || reportPath.startsWith(`${p}${path.sep}`)) || reportPath.startsWith(`${warehouse}.`)) {
    throw new UsageProblem(`运行报告不能写在数据仓库或输入文件上 / the report path must not be the warehouse, its companion files or inside the input folder: --report ${reportPath}`);
  }
}

export async function run(options: RunOptions, progress: Progress = createProgress({quiet: options.quiet})): Promise<RunResult> {
  const runId = randomUUID();
  const startedAt = new Date();
  const input = path.resolve(options.input);
  const warehouse = path.resolve(options.warehouse);
  const reportPath = path.resolve(options.report ?? path.join(path.dirname(warehouse), "run-report.json"));
  const mode = modes(options.groupAccess);
  let lock: Lock | undefined;
  const stageSeconds: Record<string, number> = {};
  const loaded: LoadStageResult = {datasets: [], files: []};
  const {datasets, files} = loaded;
  let db: Db | undefined;
  let temp: string | undefined;
  let tmpDir: string | undefined;
  let asOf: string | undefined;
  const timed = stageTimer(stageSeconds);
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
    lock?.releaseSync();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await checkInput(input);
    checkReportPath(reportPath, warehouse, input);
    await mkdir(path.dirname(warehouse), {recursive: true, mode: mode.dir});
    // one writer at a time (lock.ts); then what killed runs left is removed, and the history must be readable
    markStage("lock");
    lock = await acquireLock(warehouse, {waitMs: options.waitMs ?? 0, mode: mode.file, notice: (m) => progress.warn(m)});
    await removeStaleTemps(warehouse);
    if (options.key === undefined) checkKeyKept(warehouse, path.join(path.dirname(warehouse), "pseudonym.key"), options.newKey ?? false);
    await checkHistoryReadable(warehouse);
    const key = await resolveKey(options, warehouse, progress);
    temp = tempPathFor(warehouse);
    const s = await scratch(options);
    tmpDir = s.tmpDir;
    // 1. load: every dataset read, checked and staged into the new warehouse file
    db = await Db.open(temp, s.dbOptions);
    await db.run(SETTINGS);
    markStage("load");
    await loadStage(db, {input, key, runDate: new Date().toISOString().slice(0, 10), tmpDir, progress, stageSeconds}, loaded);
    // 2. marts, in a fresh DuckDB instance: what the loads held (buffers, allocator caches) is given back first,
    // which keeps the peak memory of large runs lower (docs/benchmarks.md).
    await db.run("checkpoint");
    const loadDb = db;
    db = undefined;
    loadDb.close();
    db = await Db.open(temp, {...s.dbOptions, memoryLimit: options.memoryLimit ?? DEFAULT_MARTS_MEMORY_LIMIT});
    await db.run(SETTINGS);
    progress.stage("marts", options.asOf ? `as of ${options.asOf}` : "");
    markStage("marts");
    const martsDb = db;
    const demo = await isDemoInput(input);
    const censusStart = existsSync(path.join(input, CENSUS_START_FILE));
    asOf = await timed("marts", () => martsStage(martsDb, {asOf: options.asOf, k: options.k ?? 10, horizon: options.horizon, demo, censusStart}));
    progress.done("marts", `indicators as of ${asOf}`);
    // 3. record the run (meta), 4. publish: the finished file renamed over the warehouse
    progress.stage("publish", "");
    markStage("publish");
    await recordRun(db, {runId, startedAt, asOf, input, reportPath, datasets, files, stageSeconds, versions: await versions()});
    await copyHistory(db, warehouse);
    await db.run("checkpoint");
    db.close();
    db = undefined;
    await restrict(temp, mode);
    // Only the lock's holder publishes: a run whose lock was taken over (judged gone) stops here.
    if (!(await lock.held())) throw new Error(`锁已不属于本次运行，未发布 / this run no longer holds the lock ${lock.file}; nothing published`);
    await timed("publish", () => publish(temp!, warehouse, runId));
    temp = undefined;
    progress.done("publish", warehouse);
    // 5. export. A convenience: a failure is reported but does not undo the published warehouse.
    const exportsDir = path.join(path.dirname(warehouse), "exports");
    markStage("exports");
    await timed("exports", () => exportMarts(warehouse, exportsDir, {modes: mode})).then((t) => progress.done("exports", `${t.length} marts → ${exportsDir}`), (e) => progress.warn(`导出失败 / exports failed: ${(e as Error).message}`));
    const final = result("published", 0);
    await writeReport(final, {input, warehouse, startedAt, files, mode: mode.file});
    markStage("done");
    return final;
  } catch (error) {
    progress.stop();
    const final = result("failed", exitCodeOf(error), failure(error));
    try {
      db?.close();
    } catch {
      // already failing
    }
    db = undefined;
    cleanup();
    if (!(error instanceof LockBusyError || error instanceof UsageProblem)) await writeReport(final, {input, warehouse, startedAt, files, mode: mode.file}).catch(() => {});
    return final;
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (tmpDir) await rm(tmpDir, {recursive: true, force: true});
    await lock?.release();
  }
}

export interface LoadOnlyOptions {
  input: string;
  /** The database file the load stage writes (a scratch file: it is replaced, never published). */
  database: string;
  key: Buffer | string;
  threads?: number;
  memoryLimit?: string;
}

/**
 * The load stage alone (`npm run check`, the bad-input corpus): staging and quality in `database`, no marts, no meta,
 * nothing published, no report. On failure the database file is removed. Status "loaded" or "failed".
 */
export async function loadOnly(options: LoadOnlyOptions, progress: Progress = createProgress({quiet: true})): Promise<RunResult> {
  const input = path.resolve(options.input);
  const database = path.resolve(options.database);
  const stageSeconds: Record<string, number> = {};
  const loaded: LoadStageResult = {datasets: [], files: []};
  const base = {runId: randomUUID(), datasets: loaded.datasets, stageSeconds, reportPath: ""};
  let db: Db | undefined;
  let tmpDir: string | undefined;
  try {
    await checkInput(input);
    const key = await resolveKey({input, warehouse: database, key: options.key}, database, progress);
    await mkdir(path.dirname(database), {recursive: true});
    for (const f of [database, `${database}.wal`]) await rm(f, {force: true});
    const s = await scratch(options);
    tmpDir = s.tmpDir;
    db = await Db.open(database, s.dbOptions);
    await db.run(SETTINGS);
    await loadStage(db, {input, key, runDate: new Date().toISOString().slice(0, 10), tmpDir, progress, stageSeconds}, loaded);
    await db.run("checkpoint");
    db.close();
    db = undefined;
    return {...base, status: "loaded", exitCode: 0};
  } catch (error) {
    try {
      db?.close();
    } catch {
      // already failing
    }
    db = undefined;
    for (const f of [database, `${database}.wal`]) await rm(f, {force: true});
    return {...base, status: "failed", exitCode: 1, error: failure(error)};
  } finally {
    progress.stop();
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

/** The run into meta: runs, run_datasets, run_files (one statement each), and the code hash into meta.params. */
async function recordRun(db: Db, r: RunRecord): Promise<void> {
  const sql = (name: string) => readFile(new URL(name, META_SQL), "utf8");
  await db.run(await sql("record_run.sql"), [r.runId, r.startedAt.toISOString(), r.asOf, r.input, JSON.stringify(r.versions), JSON.stringify(r.stageSeconds), r.reportPath]);
  const datasets = r.datasets.map((d) => ({
    dataset: d.dataset, file: d.file?.name ?? null, status: d.status, rows_read: d.rowsRead, rows_loaded: d.rowsLoaded,
    rows_rejected: d.rowsRejected, warnings: d.warnings, seconds: d.seconds, message: d.message ?? null
  }));
  if (datasets.length) await db.run(await sql("record_datasets.sql"), [r.runId, JSON.stringify(datasets)]);
  const files = r.files.map((f) => ({
    dataset: r.datasets.find((d) => d.file?.name === f.name)?.dataset ?? (f.name.endsWith(".geojson") ? "district_shapes" : null),
    file: f.name, bytes: f.bytes, sha256: f.sha256, encoding: f.encoding ?? null, delimiter: f.delimiter ?? null, sheet: f.sheet ?? null
  }));
  if (files.length) await db.run(await sql("record_files.sql"), [r.runId, JSON.stringify(files)]);
  await db.run(`delete from meta.params where key = 'code_sha256'; insert into meta.params values ('code_sha256', ${literal(r.versions.code_sha256)})`);
}

/** Keep the history of earlier runs: copy their meta rows from the warehouse being replaced. */
async function copyHistory(db: Db, warehouse: string): Promise<void> {
  if (!existsSync(warehouse)) return;
  try {
    await db.run(`attach ${literal(warehouse)} as previous (read_only)`);
    await db.run(await readFile(new URL("copy_history.sql", META_SQL), "utf8"));
    await db.run("detach previous");
  } catch (error) {
    // Never publish without the history: a run that cannot read it fails (checkHistoryReadable checked it early).
    await db.run("detach database if exists previous").catch(() => {});
    throw historyError(warehouse, error);
  }
}

/**
 * The previous warehouse's history must be readable before anything is built: a warehouse held read-write by
 * another process, or damaged, fails the run rather than being replaced by one without its history.
 */
async function checkHistoryReadable(warehouse: string): Promise<void> {
  if (!existsSync(warehouse)) return;
  let db: Db | undefined;
  try {
    db = await Db.open(warehouse, {readOnly: true, threads: 1});
    await db.one("select count(*) from meta.runs");
  } catch (error) {
    throw historyError(warehouse, error);
  } finally {
    db?.close();
  }
}

function historyError(warehouse: string, error: unknown): Error {
  return new Error(
    `无法读取现有数据仓库中的运行历史，未发布（以免丢失历史）/ cannot read the run history of the existing warehouse ${warehouse}; nothing published, so that no history is lost. ` +
      `If another program has it open, close it and run again; if the file is damaged, move it aside to start a new history. (${(error as Error).message.split("\n")[0]})`
  );
}

function groupBy<T>(rows: T[], key: (row: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const row of rows) (out[key(row)] ??= []).push(row);
  return out;
}

async function writeReport(r: RunResult, context: {input: string; warehouse: string; startedAt: Date; files: SourceFile[]; mode: number}): Promise<void> {
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
      rows_rejected: d.rowsRejected, warnings: d.warnings, seconds: Number(d.seconds.toFixed(3)), ...(d.slices ? {slices: d.slices} : {}), steps: d.steps ?? null, message: d.message ?? null
    })),
    stage_seconds: Object.fromEntries(Object.entries(r.stageSeconds).map(([k, v]) => [k, Number(v.toFixed(3))])),
    versions: await versions(),
    first_rejects: firstRejects,
    first_warnings: firstWarnings,
    projection_backtest: backtest,
    disclosure_audit: disclosure
  };
  await mkdir(path.dirname(r.reportPath), {recursive: true});
  await writeFile(r.reportPath, JSON.stringify(report, null, 2) + "\n", {encoding: "utf8", mode: context.mode});
  await chmod(r.reportPath, context.mode);
}
