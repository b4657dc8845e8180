// Vitest globalSetup: one scratch folder per test run, handed to every test file (provide/inject). What the files
// share — the clean fixture's warehouse, the site built from it — is built there once per run, by the first file
// that asks (tests/harness/index.ts: `shared`), so a run of one unrelated file builds nothing.
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {TestProject} from "vitest/node";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's scratch folder (removed when the run ends). */
    harnessDir: string;
  }
}

let dir: string | undefined;

/**
 * AGING_TEST_RUN_DIR=<folder>: use (and keep) that scratch folder, so that a later run of one file reuses what an
 * earlier run built there (the clean warehouse, the site): to measure or debug one file without its shared builds.
 */
const reuse = process.env.AGING_TEST_RUN_DIR;

export async function setup(project: TestProject): Promise<void> {
  if (reuse) await mkdir((dir = path.resolve(reuse)), {recursive: true});
  else dir = await mkdtemp(path.join(os.tmpdir(), "aging-test-run-"));
  project.provide("harnessDir", dir);
}

export async function teardown(): Promise<void> {
  if (!dir || reuse || process.env.AGING_KEEP_TEST_RUN) return;
  await rm(dir, {recursive: true, force: true});
  // the commands bundled for this run (tests/harness bundled)
  await rm(path.join(ROOT, "tests", "output", "bundles", path.basename(dir)), {recursive: true, force: true});
}
