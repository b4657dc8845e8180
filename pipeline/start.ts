// `npm start`: the main job on the demo data — make the demo input if missing, run the pipeline when the warehouse
// is missing, older than its inputs or made by other pipeline code (the code hash it records, meta.params
// code_sha256), build the site when it is older than the warehouse or the site's code, then serve it.
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {readdir, stat} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {generate} from "./demo/generate.ts";
import {codeHash, run} from "./run.ts";
import {Db} from "./db.ts";
import {summaryTable} from "./summary.ts";
import {serveStatic} from "../scripts/static-server.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Newest modification time of the files under a path (0 when absent). */
export async function newest(target: string, skip: (name: string) => boolean = () => false): Promise<number> {
  if (!existsSync(target)) return 0;
  const s = await stat(target);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const entry of await readdir(target, {withFileTypes: true})) {
    if (skip(entry.name)) continue;
    max = Math.max(max, await newest(path.join(target, entry.name), skip));
  }
  return max;
}

/** The hash of the pipeline code that made the warehouse (null: none recorded, or no warehouse). */
export async function recordedCodeHash(warehouse: string): Promise<string | null> {
  if (!existsSync(warehouse)) return null;
  try {
    const db = await Db.open(warehouse, {readOnly: true});
    try {
      return (await db.one<{value: string}>("select value from meta.params where key = 'code_sha256'"))?.value ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** Why the pipeline must run again (null: the warehouse is up to date). */
export async function pipelineStale(input: string, warehouse: string): Promise<string | null> {
  if (!existsSync(warehouse)) return "no warehouse yet";
  if ((await stat(warehouse)).mtimeMs < (await newest(input))) return "the inputs changed";
  if ((await recordedCodeHash(warehouse)) !== (await codeHash())) return "the pipeline code changed";
  return null;
}

function runSite(command: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/site.ts"), ...command], {cwd: ROOT, stdio: "inherit"});
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const {values} = parseArgs({
    options: {port: {type: "string", default: "3000"}, "no-serve": {type: "boolean"}, input: {type: "string"}, help: {type: "boolean", short: "h"}},
    allowPositionals: false
  });
  if (values.help) {
    console.log("用法 / usage: npm start [-- --port 3000] [--input DIR] [--no-serve]\n  Makes the demo input if needed, runs the pipeline when the warehouse is stale, builds the site when stale, and serves it on 127.0.0.1.");
    return 0;
  }
  const input = path.resolve(ROOT, values.input ?? "data/demo-input");
  const warehouse = path.join(ROOT, "data/warehouse.duckdb");
  const dist = path.join(ROOT, process.env.AGING_SITE_OUTPUT || "dist");
  if (!values.input && !existsSync(path.join(input, "README.txt"))) {
    console.log(`生成示例数据 / generating the Demo City input (synthetic) in ${path.relative(ROOT, input)} …`);
    const result = await generate({out: input, seed: 1, scale: 1});
    console.log(`  ${result.files.length} files`);
  }
  const stale = await pipelineStale(input, warehouse);
  if (stale) {
    console.log(`运行数据管道 / running the pipeline (${stale}) …`);
    const result = await run({input, warehouse});
    console.log(`\n${summaryTable(result)}\n`);
    if (result.status !== "published") {
      console.error(`✘ ${result.error?.file ?? ""} ${result.error?.message ?? ""}\n  运行报告 / run report: ${result.reportPath}`);
      return 1;
    }
  } else {
    console.log(`数据仓库是最新的 / the warehouse is up to date: ${path.relative(ROOT, warehouse)}`);
  }
  const siteTime = existsSync(path.join(dist, "index.html")) ? (await stat(path.join(dist, "index.html"))).mtimeMs : 0;
  const sourceTime = Math.max(
    (await stat(warehouse)).mtimeMs,
    await newest(path.join(ROOT, "src"), (name) => name === ".observablehq"),
    await newest(path.join(ROOT, "observablehq.config.ts")),
    // the build's own code
    await newest(path.join(ROOT, "scripts", "site.ts")),
    await newest(path.join(ROOT, "scripts", "prepare-site.ts"))
  );
  if (siteTime < sourceTime) {
    console.log("构建站点 / building the site …");
    const code = await runSite(["build"]);
    if (code !== 0) return code;
  } else {
    console.log(`站点是最新的 / the site is up to date: ${path.relative(ROOT, dist)}`);
  }
  if (values["no-serve"]) return 0;
  const base = process.env.AGING_BASE_PATH || "/";
  const server = await serveStatic(dist, base.endsWith("/") ? base : `${base}/`, Number(values.port)).catch(() => serveStatic(dist, base, 0));
  console.log(`\n养老服务监测平台已启动 / Aging Observatory is running:\n  ${server.url("")}\n  (Ctrl+C 停止 / to stop)`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await server.close();
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
