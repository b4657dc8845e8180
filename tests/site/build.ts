// Builds the site once per test run (offline, against a copy of the harness's clean-fixture warehouse) for the tests
// that look at it (tests/site/*, tests/tools/nginx.test.ts): tests/harness `shared` makes it once per vitest run.
import {DuckDBInstance} from "@duckdb/node-api";
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {readFile, rm} from "node:fs/promises";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {cleanCopy, shared} from "../harness/index.ts";
import {startLoaderServer} from "../harness/loaders.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const OUT_DIR = join(ROOT, "tests", "output", "site-dist");
/** The test build is published under a sub-path, as on an intranet server. */
export const BASE_PATH = "/aging/";

export interface SiteBuild {
  code: number | null;
  output: string;
  /** URLs that something tried to fetch during the build (should be none). */
  fetched: string[];
  outDir: string;
  /** The run id of this build's warehouse: the loader output must carry it (no stale cache). */
  marker: string;
  durationMs: number;
}

/** The harness's clean-fixture warehouse, copied into `dir` and flagged as demo data. Returns its run id. */
async function makeWarehouse(dir: string): Promise<{warehouse: string; runId: string}> {
  const {warehouse, result} = await cleanCopy(dir);
  const instance = await DuckDBInstance.create(warehouse);
  const conn = await instance.connect();
  try {
    // The footer's synthetic-data note is tested too: flag this warehouse as demo data.
    await conn.run(`delete from meta.params where key = 'demo'; insert into meta.params values ('demo', 'true')`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return {warehouse, runId: result.runId};
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

async function build(temp: string): Promise<SiteBuild> {
  const start = performance.now();
  const {warehouse, runId: marker} = await makeWarehouse(join(temp, "warehouse"));
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
    NO_COLOR: "1",
    // .ts data loaders bundled and run without tsx's loader hooks (the same code and output, less CPU per loader)
    AGING_TS_LOADER_RUNNER: join(ROOT, "tests", "harness", "run-loader.mjs")
  };
  // the .ts data loaders run in one warm process (tests/harness/loader-server.mjs), not one process each
  const loaders = await startLoaderServer(env, ROOT);
  // node with tsx's loader: one process, not the `tsx` command's two
  const {code, output} = await run(process.execPath, ["--import", "tsx", "scripts/site.ts", "build"], {...env, ...loaders.env}).finally(() => loaders.stop());
  const fetched = existsSync(fetchLog) ? (await readFile(fetchLog, "utf8")).split("\n").filter(Boolean) : [];
  return {code, output, fetched, outDir: OUT_DIR, marker, durationMs: Math.round(performance.now() - start)};
}

/** The site built for this vitest run; the first test file to ask builds it, the others wait. */
export function siteBuild(): Promise<SiteBuild> {
  return shared("site", build);
}
