// Builds the site once per test run (offline, against a warehouse made from the clean fixture) for tests/site/*.
import {DuckDBInstance} from "@duckdb/node-api";
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {run as runPipeline} from "../../pipeline/run.ts";
import {createProgress} from "../../pipeline/progress.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORK = join(ROOT, "tests", "output", "site-build");
export const OUT_DIR = join(ROOT, "tests", "output", "site-dist");
/** The test build is published under a sub-path, as on an intranet server. */
export const BASE_PATH = "/aging/";

export interface SiteBuild {
  /** Identifies the vitest run (its main process): test files of one run share one build. */
  run: number;
  code: number | null;
  output: string;
  /** URLs that something tried to fetch during the build (should be none). */
  fetched: string[];
  outDir: string;
  /** The run id of this build's warehouse: the loader output must carry it (no stale cache). */
  marker: string;
  durationMs: number;
}

/** A small real warehouse: the pipeline run on the clean fixture (tests/fixtures/clean), flagged as demo data. */
async function makeWarehouse(path: string): Promise<string> {
  process.env.AGING_PSEUDONYM_KEY ??= "site-test-pseudonym-key-0123456789";
  const result = await runPipeline({input: join(ROOT, "tests", "fixtures", "clean"), warehouse: path, quiet: true, asOf: "2025-09-30"}, createProgress({quiet: true}));
  if (result.status !== "published") throw new Error(`the test warehouse failed: ${result.error?.message}`);
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    // The footer's synthetic-data note is tested too: flag this warehouse as demo data.
    await conn.run(`delete from meta.params where key = 'demo'; insert into meta.params values ('demo', 'true')`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return result.runId;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{code: number | null; output: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({code, output}));
  });
}

async function build(): Promise<SiteBuild> {
  const start = performance.now();
  const temp = await mkdtemp(join(tmpdir(), "aging-site-test-"));
  try {
    const warehouse = join(temp, "warehouse.duckdb");
    const marker = await makeWarehouse(warehouse);
    const fetchLog = join(temp, "fetch.log");
    await rm(OUT_DIR, {recursive: true, force: true});
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AGING_WAREHOUSE: warehouse,
      AGING_SITE_OUTPUT: OUT_DIR,
      AGING_BASE_PATH: BASE_PATH,
      AGING_DEMO: "",
      BLOCK_FETCH_LOG: fetchLog,
      // Every node process of the build (tsx, Framework, loaders) gets fetch replaced by a thrower.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${join(ROOT, "scripts", "block-fetch.mjs")}`.trim(),
      NO_COLOR: "1"
    };
    const {code, output} = await run(join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/site.ts", "build"], env);
    const fetched = existsSync(fetchLog) ? (await readFile(fetchLog, "utf8")).split("\n").filter(Boolean) : [];
    return {run: process.ppid, code, output, fetched, outDir: OUT_DIR, marker, durationMs: Math.round(performance.now() - start)};
  } finally {
    await rm(temp, {recursive: true, force: true});
  }
}

async function lock(path: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(path);
      return () => rm(path, {recursive: true, force: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than any build is left over from a killed run.
      const age = Date.now() - (await stat(path).catch(() => ({mtimeMs: Date.now()}))).mtimeMs;
      if (age > 240_000) await rm(path, {recursive: true, force: true});
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The site built for this vitest run; the first test file to ask builds it, the others wait. */
export async function siteBuild(): Promise<SiteBuild> {
  await mkdir(WORK, {recursive: true});
  const unlock = await lock(join(WORK, "lock"));
  try {
    const recordPath = join(WORK, "build.json");
    if (existsSync(recordPath)) {
      const record = JSON.parse(await readFile(recordPath, "utf8")) as SiteBuild;
      if (record.run === process.ppid && existsSync(record.outDir)) return record;
    }
    const record = await build();
    await writeFile(recordPath, JSON.stringify(record, null, 2));
    return record;
  } finally {
    await unlock();
  }
}
