// The test harness: what many test files need, built once per `vitest run` (see global-setup.ts), and the switches
// that size the randomized tests.
import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {inject} from "vitest";
import {run, type RunResult} from "../../pipeline/run.ts";
import {createProgress} from "../../pipeline/progress.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
export const CLEAN = path.join(ROOT, "tests/fixtures/clean");
/** The pseudonym key of every in-process test run (passed to the pipeline, never through the environment). */
export const TEST_KEY = "a-fixed-test-pseudonym-key-0123456789";
/** The as-of date the tests run the clean fixture at. */
export const TEST_AS_OF = "2025-09-30";

/**
 * AGING_DEEP_TESTS=1: the randomized tests (properties, SIGKILL) run their full number of cases; by default a
 * fraction, enough to catch a regression in an ordinary run.
 */
export const DEEP = ["1", "true", "yes"].includes((process.env.AGING_DEEP_TESTS ?? "").toLowerCase());

/** The number of cases of a randomized test: `deep` under AGING_DEEP_TESTS=1, else `quick`. */
export function runs(quick: number, deep: number): number {
  return DEEP ? deep : quick;
}

/** Whether CI=true (a missing optional tool or data set then fails its tests instead of skipping them). */
export const CI = Boolean(process.env.CI) && process.env.CI !== "false";

/** This run's scratch folder (from the globalSetup); outside vitest's run (a plain import), a folder per process. */
export function harnessDir(): string {
  try {
    const dir = inject("harnessDir");
    if (dir) return dir;
  } catch {
    // not under vitest's runner
  }
  return path.join(os.tmpdir(), `aging-test-run-${process.ppid}`);
}

async function lock(file: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(file);
      return () => rm(file, {recursive: true, force: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than any build is left over from a killed run.
      const age = Date.now() - (await stat(file).catch(() => ({mtimeMs: Date.now()}))).mtimeMs;
      if (age > 600_000) await rm(file, {recursive: true, force: true});
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * `build` once per test run, whichever test file asks first; the others wait for it and get the same (JSON) record.
 * The record is kept in the run's scratch folder; `build` gets a folder of its own there.
 */
export async function shared<T>(name: string, build: (dir: string) => Promise<T>): Promise<T> {
  const root = harnessDir();
  await mkdir(root, {recursive: true});
  const unlock = await lock(path.join(root, `${name}.lock`));
  try {
    const record = path.join(root, `${name}.json`);
    if (existsSync(record)) return JSON.parse(await readFile(record, "utf8")) as T;
    const dir = path.join(root, name);
    await rm(dir, {recursive: true, force: true});
    await mkdir(dir, {recursive: true});
    const value = await build(dir);
    await writeFile(record, JSON.stringify(value));
    return value;
  } finally {
    await unlock();
  }
}

export interface CleanRun {
  /** The published warehouse (read it read-only; copy it with `cleanCopy` to change it). */
  warehouse: string;
  result: RunResult;
}

/** The pipeline run once on the clean fixture (key TEST_KEY, as of TEST_AS_OF): warehouse, report and exports. */
export function cleanRun(): Promise<CleanRun> {
  return shared("clean", async (dir) => {
    const warehouse = path.join(dir, "warehouse.duckdb");
    const result = await run({input: CLEAN, warehouse, quiet: true, asOf: TEST_AS_OF, key: TEST_KEY}, createProgress({quiet: true}));
    if (result.status !== "published") throw new Error(`the clean fixture did not publish: ${JSON.stringify(result.error)}`);
    return {warehouse, result};
  });
}

/** A copy of the clean run's folder (warehouse, run-report.json, exports/) in a new temp folder: to change or rerun over. */
export async function cleanCopy(into?: string): Promise<CleanRun> {
  const clean = await cleanRun();
  const target = into ?? (await mkdtemp(path.join(os.tmpdir(), "ao-clean-")));
  await cp(path.dirname(clean.warehouse), target, {recursive: true});
  return {warehouse: path.join(target, path.basename(clean.warehouse)), result: clean.result};
}

export interface DemoRun {
  /** The generated input folder (Demo City, seed 1, scale 0.02). */
  input: string;
  /** The published warehouse (read it read-only); its run-report.json is beside it. */
  warehouse: string;
  result: RunResult;
}

/**
 * A small Demo City (seed 1, scale 0.02) through the whole pipeline as of 2025-10-31 (key TEST_KEY), once per test
 * run: the tests that need a city-sized warehouse (one-source, the disclosure audit, Demo City's history) read it.
 */
export function demoRun(): Promise<DemoRun> {
  return shared("demo-0.02", async (dir) => {
    const {generate} = await import("../../pipeline/demo/generate.ts");
    const input = path.join(dir, "in");
    await generate({out: input, seed: 1, scale: 0.02});
    const warehouse = path.join(dir, "out", "warehouse.duckdb");
    const result = await run({input, warehouse, quiet: true, asOf: "2025-10-31", key: TEST_KEY}, createProgress({quiet: true}));
    if (result.status !== "published") throw new Error(`Demo City (scale 0.02) did not publish: ${JSON.stringify(result.error)}`);
    return {input, warehouse, result};
  });
}

/** Where this run's bundled commands go: inside the project, so their packages resolve from its node_modules. */
export function bundleDir(): string {
  return path.join(ROOT, "tests", "output", "bundles", path.basename(harnessDir()));
}

/**
 * A TypeScript command (e.g. "pipeline/cli.ts") bundled once per test run into one ES module (tests/harness/bundle.mjs),
 * for the tests that start it many times (the SIGKILL and writers tests, init-city): `node <bundle>` starts in about
 * 0.4 s of CPU, `node --import tsx` in about 1 s (tsx's loader resolves and transforms every module at each start).
 * Returns the node arguments that start it. `npm run pipeline` itself (tsx) is still run by the corpus's command-line tests.
 */
export async function bundled(entry: string): Promise<string[]> {
  const name = entry.replace(/\.ts$/, "").replace(/[^\w]+/g, "-");
  const {file} = await shared(`bundle-${name}`, async () => {
    const {bundle} = await import("./bundle.mjs");
    const outfile = path.join(bundleDir(), `${name}.mjs`);
    await bundle(path.join(ROOT, entry), outfile);
    return {file: outfile};
  });
  return [file];
}
