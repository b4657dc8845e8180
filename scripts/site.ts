// `npm run build` / `npm run site:dev`: prepare the site, then run `observable <command>` with telemetry off.
// A build goes to a temporary folder beside the output and replaces it only when complete: a failed build
// leaves the previous site as it was.
import {spawn} from "node:child_process";
import {existsSync, watch} from "node:fs";
import {rename, rm, utimes} from "node:fs/promises";
import {createRequire} from "node:module";
import {delimiter, join, resolve} from "node:path";
import {makeBuildAccessible} from "./accessible-html.ts";
import {prerenderSite} from "./prerender.ts";
import {ROOT, prepareSite} from "./prepare-site.ts";

const [command = "build", ...args] = process.argv.slice(2);
console.log(await prepareSite());
const bin = createRequire(import.meta.url).resolve("@observablehq/framework/dist/bin/observable.js");
// Telemetry is a network request to observablehq.com: never from an intranet build.
// Framework runs .ts loaders with `tsx` from PATH: make sure ours is found outside `npm run` too.
const PATH = [join(ROOT, "node_modules", ".bin"), process.env.PATH].filter(Boolean).join(delimiter);
const env: NodeJS.ProcessEnv = {...process.env, PATH, OBSERVABLE_TELEMETRY_DISABLE: "true"};
const output = resolve(ROOT, process.env.AGING_SITE_OUTPUT || "dist");
const temp = `${output}.tmp-${process.pid}`;
if (command === "build") env.AGING_SITE_OUTPUT = temp;

function observable(): Promise<number> {
  const child = spawn(process.execPath, [bin, command, ...args], {cwd: ROOT, stdio: "inherit", env});
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  return new Promise((done) => child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0))));
}

/** Checks a finished build must pass before it replaces the published site. */
async function checkBuild(dir: string): Promise<number> {
  const scanner = join(ROOT, "scripts", "scan-pii.ts");
  if (!existsSync(scanner)) return 0;
  const child = spawn(process.execPath, ["--import", "tsx", scanner, dir], {cwd: ROOT, stdio: "inherit", env});
  return new Promise((done) => child.on("exit", (code) => done(code ?? 1)));
}

/**
 * Preview: Framework watches a page's loader, not the source the loader reads (src/[lang]/*.md). When a
 * source changes, touch the page loaders: Framework then reruns them and reloads the open page.
 */
function watchPageSources(): void {
  const loaders = ["[page].md.js", "en/[page].md.js", "district/[code].md.js", "en/district/[code].md.js"].map((f) => join(ROOT, "src", f));
  const touch = () => {
    const now = new Date();
    for (const loader of loaders) utimes(loader, now, now).catch(() => {});
  };
  // Folder watches (not recursive ones, which lose a file that an editor replaces by renaming).
  for (const dir of ["[lang]", "[lang]/district"]) watch(join(ROOT, "src", dir), touch);
}

if (command === "preview") watchPageSources();
let code = await observable();
if (command === "build") {
  if (code === 0) {
    try {
      console.log(`accessible-html: zoom allowed and sidebar list fixed in ${await makeBuildAccessible(temp)} pages`);
      // after the HTML fixes (the copy is taken from the final pages), before the personal-data scan (it scans the copy too)
      const t0 = performance.now();
      const pre = await prerenderSite(temp);
      console.log(pre.skipped ? `prerender: skipped (${pre.skipped}); pages show their headings and values when their scripts have run` : `prerender: ${pre.cells} cells of ${pre.pages} pages drawn into the HTML in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      console.error(`✘ ${(error as Error).message}`);
      code = 1;
    }
  }
  if (code === 0) code = await checkBuild(temp);
  if (code === 0) {
    const old = `${output}.old-${process.pid}`;
    if (existsSync(output)) await rename(output, old);
    await rename(temp, output);
    await rm(old, {recursive: true, force: true});
    console.log(`站点已构建 / site built: ${output}`);
  } else {
    await rm(temp, {recursive: true, force: true});
    console.error("✘ 构建失败，原站点未改动 / the build failed; the previous site is unchanged");
  }
}
process.exit(code);
