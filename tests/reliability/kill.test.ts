// Crash safety: SIGKILL the pipeline CLI at random moments over a published warehouse. After every kill the target
// opens read-only and is either the previous warehouse or a new complete run; nothing half-written sits at the target
// path; a reader polling the warehouse meanwhile never sees a partial state. Sized to about two minutes.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {spawn} from "node:child_process";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {mkdir, rm} from "node:fs/promises";
import path from "node:path";
import {Db} from "../../pipeline/db.ts";
import {CLEAN, prng, ROOT, tempDir} from "./helpers.ts";
import {runs} from "../harness/index.ts";

/** Time spent killing runs (at least 4 kills): 10 s by default, 50 s under AGING_DEEP_TESTS=1 (tests/harness), or KILL_BUDGET_MS. */
const BUDGET_MS = Number(process.env.KILL_BUDGET_MS ?? runs(10_000, 50_000));

const DATA_TABLES = ["marts.indicator_values", "marts.indicator_values_public", "staging.population", "staging.facilities", "staging.elders", "staging.service_orders", "quality.rejects"];

interface State {
  runs: number;
  lastRun: string;
  /** Checksum of the data tables: the same inputs give the same content whichever run wrote it. */
  data: string;
  /** The same per table, to tell which one differs. */
  tables: Record<string, string>;
  /** Runs without their dataset rows (a partial meta record). */
  orphanRuns: number;
}

async function state(warehouse: string): Promise<State> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const sum = (table: string) => `(select md5(coalesce(string_agg(t::varchar, '|' order by t::varchar), '')) from ${table} t)`;
    const row = await db.one<Omit<State, "tables"> & Record<string, string>>(`select
        (select count(*)::integer from meta.runs) as runs,
        (select run_id from meta.runs order by finished_at desc, run_id limit 1) as "lastRun",
        ${DATA_TABLES.map((t) => `${sum(t)} as "${t}"`).join(", ")},
        (select count(*)::integer from meta.runs r where (select count(*) from meta.run_datasets d where d.run_id = r.run_id) <> 8) as "orphanRuns"`);
    const tables = Object.fromEntries(DATA_TABLES.map((t) => [t, row![t]]));
    return {runs: row!.runs, lastRun: row!.lastRun, orphanRuns: row!.orphanRuns, tables, data: Object.values(tables).join("")};
  } finally {
    db.close();
  }
}

let dir: string;
let tmp: string;
let warehouse: string;
let reference: State;
let fullRunMs = 0;

function cli(target: string, env: Record<string, string> = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "pipeline/cli.ts"), "--input", CLEAN, "--warehouse", target, "--quiet", "--as-of", "2025-09-30"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: {...process.env, TMPDIR: tmp, AGING_PSEUDONYM_KEY: "", AGING_PSEUDONYM_KEY_FILE: "", ...env}
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string}>((resolve) =>
    child.on("exit", (code, signal) => resolve({code, signal, ms: performance.now() - started, stderr}))
  );
  return {child, done};
}

/** What sits beside the target: the target itself, its key, report and exports; temps only while (or after) a run. */
function besideTarget(): string[] {
  return readdirSync(dir).sort();
}

beforeAll(async () => {
  dir = await tempDir("ao-kill-");
  tmp = path.join(dir, "..", `${path.basename(dir)}-tmp`);
  await mkdir(tmp, {recursive: true});
  warehouse = path.join(dir, "w.duckdb");
  const first = await cli(warehouse).done;
  expect(first.code, first.stderr).toBe(0);
  const second = await cli(warehouse).done; // timed on a warm start, with a previous warehouse in place
  expect(second.code, second.stderr).toBe(0);
  fullRunMs = second.ms;
  reference = await state(warehouse);
  expect(reference.runs).toBe(2);
  expect(reference.orphanRuns, "every run keeps its dataset rows in the history").toBe(0);
}, 300_000);

afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
  await rm(tmp, {recursive: true, force: true});
});

describe("SIGKILL at random moments", () => {
  test("the published warehouse is always the previous one or a new complete run; a reader never sees a partial state", async () => {
    const random = prng(Number(process.env.KILL_SEED ?? 20250930));
    const outcomes = {killedBeforePublish: 0, published: 0, completed: 0};
    const readerErrors: string[] = [];
    let readerSamples = 0;
    let reading = true;
    // The reader: open read-only in a loop while the pipeline runs and is killed.
    const reader = (async () => {
      while (reading) {
        try {
          const s = await state(warehouse);
          readerSamples++;
          for (const t of DATA_TABLES) if (s.tables[t] !== reference.tables[t]) readerErrors.push(`${t} differs from the reference`);
          if (s.orphanRuns !== 0) readerErrors.push(`${s.orphanRuns} runs without their dataset rows`);
        } catch (error) {
          readerErrors.push(`open/read failed: ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const started = performance.now();
    let previous = reference;
    let i = 0;
    while (performance.now() - started < BUDGET_MS || i < 4) {
      // Most kills land in the run's busy middle; some early (start-up, key, first datasets), some late (publish, report, exports).
      const delay = fullRunMs * (0.1 + random() * 1.4);
      const {child, done} = cli(warehouse);
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const r = await done;
      clearTimeout(timer);
      const after = await state(warehouse);
      expect(after.tables, `run ${i} (kill at ${delay.toFixed(0)} ms)`).toEqual(reference.tables);
      expect(after.orphanRuns).toBe(0);
      if (after.lastRun === previous.lastRun) {
        expect(after.runs).toBe(previous.runs);
        outcomes.killedBeforePublish++;
      } else {
        // A new run was published: complete, with the history of every earlier run kept.
        expect(after.runs).toBe(previous.runs + 1);
        if (r.signal === "SIGKILL") outcomes.published++;
        else outcomes.completed++;
      }
      if (r.signal !== "SIGKILL") expect(r.code, r.stderr).toBe(0);
      // Only complete files at the target path: no WAL beside it (it would be replayed into the target on open).
      expect(existsSync(`${warehouse}.wal`)).toBe(false);
      const exportsDir = path.join(dir, "exports");
      if (existsSync(exportsDir)) expect(existsSync(path.join(exportsDir, "README.txt")), "a published exports folder is complete").toBe(true);
      previous = after;
      i++;
    }
    reading = false;
    await reader;

    // The next run cleans up the temps the killed runs left and publishes.
    const last = await cli(warehouse).done;
    expect(last.code, last.stderr).toBe(0);
    expect(besideTarget().filter((f) => f.startsWith("w.duckdb.tmp-"))).toEqual([]);
    const final = await state(warehouse);
    expect(final.tables).toEqual(reference.tables);
    expect(final.runs).toBe(previous.runs + 1);

    expect(readerErrors).toEqual([]);
    expect(readerSamples).toBeGreaterThan(10);
    expect(outcomes.killedBeforePublish, JSON.stringify(outcomes)).toBeGreaterThanOrEqual(2);
    console.info(`kill test: ${i} runs (${JSON.stringify(outcomes)}), full run ${(fullRunMs / 1000).toFixed(1)} s, ${readerSamples} reader samples`);
  }, 600_000);

  test("a run killed while making the pseudonym key leaves no damaged key: the next run works", async () => {
    const random = prng(7);
    for (let k = 0; k < 2; k++) {
      const fresh = await tempDir("ao-killkey-");
      const target = path.join(fresh, "w.duckdb");
      const {child, done} = cli(target);
      // Start-up (tsx, imports) takes most of the first second or two; the key is made right after.
      const timer = setTimeout(() => child.kill("SIGKILL"), 300 + random() * Math.min(fullRunMs * 0.3, 3000));
      await done;
      clearTimeout(timer);
      const keyFile = path.join(fresh, "pseudonym.key");
      if (existsSync(keyFile)) expect(readFileSync(keyFile, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
      const next = await cli(target).done;
      expect(next.code, next.stderr).toBe(0);
      await rm(fresh, {recursive: true, force: true});
    }
  }, 300_000);
});
