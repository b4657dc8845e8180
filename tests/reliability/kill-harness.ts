// SIGKILL aimed at the stages of a run: the pipeline CLI reports its stage ("[stage] load", with AGING_STAGE_MARKS=1)
// and each kill is aimed at one stage — load, marts, publish, exports in turn — at a random moment inside it
// (a random part of that stage's length in a reference run), never by a time budget. After every kill the
// warehouse must be the previous one or a complete new one; after the last, one more run must leave no
// temporary file or folder. Used by tests/reliability/kill.test.ts (≥ 20 kills) and scripts/soak.ts (npm run soak).
import {spawn} from "node:child_process";
import {existsSync, readdirSync} from "node:fs";
import {mkdir, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {Db} from "../../pipeline/db.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const STAGES = ["load", "marts", "publish", "exports"] as const;
export type KillStage = (typeof STAGES)[number];

const DATA_TABLES = ["marts.indicator_values", "marts.indicator_values_public", "staging.population", "staging.facilities", "staging.elders", "staging.service_orders", "quality.rejects"];

export interface WarehouseState {
  runs: number;
  lastRun: string;
  tables: Record<string, string>;
  /** Runs without their dataset rows (a partial meta record). */
  orphanRuns: number;
}

export async function warehouseState(warehouse: string, datasets = 8): Promise<WarehouseState> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const sum = (table: string) => `(select md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), '')) from ${table} t)`;
    const row = await db.one<Record<string, string | number>>(`select
        (select count(*)::integer from meta.runs) as runs,
        (select run_id from meta.runs order by finished_at desc, run_id limit 1) as "lastRun",
        ${DATA_TABLES.map((t) => `${sum(t)} as "${t}"`).join(", ")},
        (select count(*)::integer from meta.runs r where (select count(*) from meta.run_datasets d where d.run_id = r.run_id) <> ${datasets}) as "orphanRuns"`);
    return {
      runs: Number(row!.runs),
      lastRun: String(row!.lastRun),
      orphanRuns: Number(row!.orphanRuns),
      tables: Object.fromEntries(DATA_TABLES.map((t) => [t, String(row![t])]))
    };
  } finally {
    db.close();
  }
}

/** A small deterministic PRNG (xorshift32): a failing sequence or generated input can be replayed with its seed. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/**
 * Spawn the pipeline CLI on `input` into `warehouse` as of 2025-09-30, with the key made beside the warehouse and the
 * stages reported on stderr (used by the kill and writers tests). `env` is added to the environment; stdout is
 * ignored unless asked for.
 */
/**
 * The node arguments that start the pipeline CLI: through tsx by default (npm run soak); the tests set the CLI bundled
 * once per test run (tests/harness `bundled`: the same code, a start without tsx's loader).
 */
let cliCommand = ["--import", "tsx", path.join(ROOT, "pipeline/cli.ts")];
export function useCli(command: string[]): void {
  cliCommand = command;
}

export function spawnCli(input: string, warehouse: string, o: {args?: string[]; env?: NodeJS.ProcessEnv; stdout?: "pipe" | "ignore"} = {}) {
  return spawn(process.execPath, [...cliCommand, "--input", input, "--warehouse", warehouse, "--quiet", "--as-of", "2025-09-30", ...(o.args ?? [])], {
    cwd: ROOT,
    stdio: ["ignore", o.stdout ?? "ignore", "pipe"],
    env: {...process.env, AGING_PSEUDONYM_KEY: "", AGING_PSEUDONYM_KEY_FILE: "", AGING_STAGE_MARKS: "1", ...o.env}
  });
}

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** ms from spawn at which each stage was reported */
  stages: Partial<Record<string, number>>;
  /** the last stage reported when the kill was sent (null: not killed) */
  killedIn: string | null;
}

export interface KillOptions {
  input: string;
  /** folder the warehouse (w.duckdb) and its companions live in */
  dir: string;
  /** TMPDIR of the runs: checked for left-over scratch folders */
  tmp: string;
  kills: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface KillReport {
  /** kills sent, by the stage the run had reported */
  killsByStage: Record<string, number>;
  /** kills aimed at a stage that the run finished before the kill (not counted as kills) */
  missed: number;
  /** runs killed after the new warehouse was renamed into place (a new complete run) */
  publishedThenKilled: number;
  corrupt: string[];
  leftovers: string[];
  reference: Record<string, number>;
}

function cli(o: KillOptions, onStage?: (stage: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const started = performance.now();
  const child = spawnCli(o.input, path.join(o.dir, "w.duckdb"), {env: {TMPDIR: o.tmp}});
  const run: CliRun = {code: null, signal: null, stderr: "", stages: {}, killedIn: null};
  let last = "";
  child.stderr!.on("data", (d: Buffer) => {
    run.stderr += d;
    for (const m of d.toString().matchAll(/^\[stage\] (\w+)$/gm)) {
      last = m[1];
      run.stages[m[1]] = performance.now() - started;
      onStage?.(m[1], child);
    }
  });
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    if (run.killedIn === null && child.exitCode === null) run.killedIn = last || "start";
    return kill(signal);
  };
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    })
  );
}

/** What sits beside the warehouse apart from its lasting files; the scratch folders of runs in TMPDIR. */
export function leftovers(dir: string, tmp: string): string[] {
  const lasting = new Set(["w.duckdb", "pseudonym.key", "run-report.json", "exports"]);
  return [
    ...readdirSync(dir).filter((f) => !lasting.has(f)),
    ...readdirSync(tmp).filter((f) => f.startsWith("aging-run-")).map((f) => `$TMPDIR/${f}`)
  ].sort();
}

export async function killRuns(o: KillOptions): Promise<KillReport> {
  const log = o.log ?? (() => {});
  const warehouse = path.join(o.dir, "w.duckdb");
  await mkdir(o.dir, {recursive: true});
  await mkdir(o.tmp, {recursive: true});
  // Two complete runs: the second, with a warehouse in place, is the reference for the stages' lengths.
  let ref: CliRun | undefined;
  for (let i = 0; i < 2; i++) {
    ref = await cli(o);
    if (ref.code !== 0) throw new Error(`reference run ${i} failed (exit ${ref.code}): ${ref.stderr}`);
  }
  const order = ["lock", ...STAGES, "done"];
  const reference: Record<string, number> = {};
  for (const s of STAGES) reference[s] = ref!.stages[order[order.indexOf(s) + 1]]! - ref!.stages[s]!;
  const expected = await warehouseState(warehouse);
  const report: KillReport = {killsByStage: Object.fromEntries(STAGES.map((s) => [s, 0])), missed: 0, publishedThenKilled: 0, corrupt: [], leftovers: [], reference};
  let previous = expected;
  const random = prng(o.seed ?? 20250930);
  let kills = 0;
  for (let attempt = 0; kills < o.kills && attempt < o.kills * 3; attempt++) {
    const target = STAGES[attempt % STAGES.length];
    const delay = random() * 0.9 * reference[target];
    let timer: NodeJS.Timeout | undefined;
    const r = await cli(o, (stage, child) => {
      if (stage === target) timer = setTimeout(() => child.kill("SIGKILL"), delay);
    });
    clearTimeout(timer);
    const after = await warehouseState(warehouse).catch((e: Error) => {
      report.corrupt.push(`after a kill in ${r.killedIn}: the warehouse does not open: ${e.message}`);
      return null;
    });
    if (!after) break;
    const problems: string[] = [];
    if (JSON.stringify(after.tables) !== JSON.stringify(expected.tables)) problems.push("data differ from the reference");
    if (after.orphanRuns) problems.push(`${after.orphanRuns} runs without their dataset rows`);
    if (after.lastRun === previous.lastRun ? after.runs !== previous.runs : after.runs !== previous.runs + 1) problems.push(`history: ${previous.runs} runs before, ${after.runs} after`);
    if (existsSync(`${warehouse}.wal`)) problems.push("a WAL beside the warehouse");
    const exportsDir = path.join(o.dir, "exports");
    if (existsSync(exportsDir) && !existsSync(path.join(exportsDir, "README.txt"))) problems.push("an incomplete exports folder");
    if (r.signal !== "SIGKILL" && r.code !== 0) problems.push(`exit ${r.code}: ${r.stderr.slice(-500)}`);
    if (problems.length) report.corrupt.push(`kill aimed at ${target} (${delay.toFixed(0)} ms in), sent in ${r.killedIn}: ${problems.join("; ")}`);
    if (r.signal === "SIGKILL") {
      kills++;
      report.killsByStage[r.killedIn!] = (report.killsByStage[r.killedIn!] ?? 0) + 1;
      if (after.lastRun !== previous.lastRun) report.publishedThenKilled++;
    } else report.missed++;
    log(`kill ${kills}: aimed at ${target} +${delay.toFixed(0)} ms → ${r.signal ?? `exit ${r.code}`} in ${r.killedIn ?? "-"}; runs ${after.runs}${problems.length ? `; PROBLEM: ${problems.join("; ")}` : ""}`);
    previous = after;
  }
  // The next run takes the stale lock over, removes every temp file and folder, and publishes.
  const last = await cli(o);
  if (last.code !== 0) report.corrupt.push(`the run after the kills failed (exit ${last.code}): ${last.stderr.slice(-500)}`);
  else {
    const final = await warehouseState(warehouse);
    if (JSON.stringify(final.tables) !== JSON.stringify(expected.tables) || final.runs !== previous.runs + 1) report.corrupt.push("the run after the kills: data or history differ");
  }
  report.leftovers = leftovers(o.dir, o.tmp);
  return report;
}

export async function tempFolders(prefix: string): Promise<{dir: string; tmp: string; remove: () => Promise<void>}> {
  const base = path.join(os.tmpdir(), `${prefix}${process.pid}-${Date.now()}`);
  const dir = path.join(base, "warehouse");
  const tmp = path.join(base, "tmp");
  await mkdir(dir, {recursive: true});
  await mkdir(tmp, {recursive: true});
  return {dir, tmp, remove: () => rm(base, {recursive: true, force: true})};
}
