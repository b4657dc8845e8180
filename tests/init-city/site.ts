// Builds a site from a city's warehouse in a private copy of the site sources (tests/init-city/census-site.test.ts).
import {spawn} from "node:child_process";
import {cp, symlink} from "node:fs/promises";
import path from "node:path";
import {ROOT} from "./helpers.ts";
import {startLoaderServer} from "../harness/loaders.ts";

/**
 * A private copy of the site to build: builds and previews in the same tree share src/.observablehq/cache
 * and would hand this build their cached loader outputs (another warehouse's districts). Code that is only
 * imported (node_modules, pipeline/) is linked, not copied.
 */
export async function siteCopy(dir: string): Promise<string> {
  for (const entry of ["src", "scripts"]) {
    await cp(path.join(ROOT, entry), path.join(dir, entry), {recursive: true, filter: (f) => !f.includes(`${path.sep}.observablehq${path.sep}cache${path.sep}data`)});
  }
  for (const file of ["observablehq.config.ts", "package.json", "tsconfig.json"]) await cp(path.join(ROOT, file), path.join(dir, file));
  for (const link of ["node_modules", "pipeline"]) await symlink(path.join(ROOT, link), path.join(dir, link), "dir");
  return dir;
}

/** `districts`: build only these district profiles (AGING_SITE_DISTRICTS, scripts/district-codes.ts); default every one. */
export async function buildSite(root: string, warehouse: string, out: string, fetchLog: string, districts: string[] = []): Promise<{code: number | null; output: string}> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AGING_WAREHOUSE: warehouse,
    AGING_SITE_OUTPUT: out,
    AGING_BASE_PATH: "/",
    AGING_DEMO: "0",
    // the build-time first paint (scripts/prerender.ts) is tested on the main test build; not again here
    AGING_PRERENDER: "0",
    AGING_SITE_DISTRICTS: districts.join(","),
    BLOCK_FETCH_LOG: fetchLog,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.join(ROOT, "scripts", "block-fetch.mjs")}`.trim(),
    NO_COLOR: "1",
    // .ts data loaders bundled and run without tsx's loader hooks (tests/harness/run-loader.mjs)
    AGING_TS_LOADER_RUNNER: path.join(ROOT, "tests", "harness", "run-loader.mjs")
  };
  // the .ts data loaders run in one warm process (tests/harness/loader-server.mjs), not one process each
  const loaders = await startLoaderServer(env, root);
  return new Promise<{code: number | null; output: string}>((resolve, reject) => {
    // node with tsx's loader: one process, not the `tsx` command's two
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/site.ts", "build"], {cwd: root, env: {...env, ...loaders.env}, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({code, output}));
  }).finally(() => loaders.stop());
}

