// `npm run doctor`: is this machine ready to run the pipeline and build the site? Each problem with its fix.
import {execFileSync} from "node:child_process";
import {constants, existsSync} from "node:fs";
import {access, readFile, rm, stat, statfs, writeFile} from "node:fs/promises";
import {createRequire} from "node:module";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {parseArgs} from "node:util";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Packages the pipeline and the site build need; the others only serve development and tests. */
export const REQUIRED_PACKAGES = ["@duckdb/node-api", "@observablehq/framework", "@observablehq/plot", "apache-arrow", "d3", "exceljs", "papaparse", "tsx"];
export const DEV_PACKAGES = ["vitest", "typescript", "playwright-core"];

const GB = 1024 ** 3;
export const DISK_ERROR_BYTES = 0.5 * GB;
export const DISK_WARN_BYTES = 2 * GB;

/** What the doctor looks at, gathered once; diagnose() is a pure function of it. */
export interface Facts {
  nodeVersion: string;
  packages: {name: string; found: boolean; dev: boolean}[];
  duckdb: {ok: boolean; error?: string};
  dataDir: {path: string; exists: boolean; writable: boolean};
  key: {
    /** AGING_PSEUDONYM_KEY: its length when set. */
    envLength: number | null;
    file: string;
    /** The file comes from AGING_PSEUDONYM_KEY_FILE. */
    fileFromEnv: boolean;
    exists: boolean;
    /** Permission bits, e.g. 0o600. */
    mode: number | null;
    length: number | null;
    readable: boolean;
  };
  chromium: {path: string; exists: boolean};
  /** null: fc-list is not installed. */
  cjkFont: boolean | null;
  diskFreeBytes: number | null;
  nginx: string | null;
  warehouse: {path: string; exists: boolean; asOf?: string | null; runs?: number; error?: string};
}

export type Level = "ok" | "warn" | "error";

export interface Finding {
  level: Level;
  what: string;
  detail: string;
  fix?: string;
}

const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;
const octal = (mode: number) => mode.toString(8).padStart(3, "0");

export function diagnose(f: Facts): Finding[] {
  const out: Finding[] = [];
  const major = Number(/^v?(\d+)/.exec(f.nodeVersion)?.[1] ?? 0);
  out.push(
    major >= 20
      ? {level: "ok", what: "Node.js", detail: `${f.nodeVersion}（≥ 20）`}
      : {level: "error", what: "Node.js", detail: `${f.nodeVersion}：需要 20 或更高 / version 20 or later is needed`, fix: "安装 Node.js 20 LTS（内网可用离线安装包）/ install Node.js 20 LTS (an offline tarball works on an intranet)"}
  );
  const missing = f.packages.filter((p) => !p.found && !p.dev).map((p) => p.name);
  const missingDev = f.packages.filter((p) => !p.found && p.dev).map((p) => p.name);
  out.push(
    missing.length
      ? {level: "error", what: "依赖 / dependencies", detail: `缺少 / missing: ${missing.join(", ")}`, fix: "在项目目录运行 npm ci（无外网时：从同版本机器复制 node_modules，或用内网 npm 镜像）/ run npm ci in the project folder (offline: copy node_modules from a machine with the same versions, or use an intranet npm mirror)"}
      : {level: "ok", what: "依赖 / dependencies", detail: `${f.packages.filter((p) => !p.dev).length} 个必需包已安装 / required packages installed`}
  );
  if (missingDev.length) out.push({level: "warn", what: "开发依赖 / dev dependencies", detail: `缺少 / missing: ${missingDev.join(", ")}（仅测试需要 / tests only）`, fix: "npm ci（不要加 --omit=dev / without --omit=dev）"});
  if (!missing.includes("@duckdb/node-api")) {
    out.push(
      f.duckdb.ok
        ? {level: "ok", what: "DuckDB", detail: "可以打开数据库 / opens a database"}
        : {level: "error", what: "DuckDB", detail: `无法运行 / does not run: ${f.duckdb.error ?? "?"}`, fix: "重新安装依赖（npm ci），确认平台与 node_modules 一致（linux-x64 等）/ reinstall (npm ci) on this platform: the native DuckDB binding must match it"}
    );
  }
  const d = f.dataDir;
  out.push(
    d.writable
      ? {level: "ok", what: "数据文件夹 / data folder", detail: `${d.path}${d.exists ? " 可写 / writable" : " 将在首次运行时创建 / created on first run"}`}
      : {level: "error", what: "数据文件夹 / data folder", detail: `${d.path} 不可写 / not writable`, fix: `让运行流水线的用户可写该文件夹 / make it writable for the user who runs the pipeline: chown -R <user> ${d.path}`}
  );
  out.push(...keyFindings(f.key));
  if (f.diskFreeBytes !== null) {
    if (f.diskFreeBytes < DISK_ERROR_BYTES) out.push({level: "error", what: "磁盘空间 / disk space", detail: `仅剩 / only ${gb(f.diskFreeBytes)} free`, fix: `释放空间（数据仓库在发布前会写一份临时副本）/ free some space: the warehouse is written to a temporary copy before it is published`});
    else if (f.diskFreeBytes < DISK_WARN_BYTES) out.push({level: "warn", what: "磁盘空间 / disk space", detail: `${gb(f.diskFreeBytes)} free（建议 ≥ 2 GB / 2 GB or more recommended）`, fix: "释放空间 / free some space"});
    else out.push({level: "ok", what: "磁盘空间 / disk space", detail: `${gb(f.diskFreeBytes)} free`});
  }
  out.push(
    f.chromium.exists
      ? {level: "ok", what: "Chromium", detail: `${f.chromium.path}（浏览器测试 / browser tests）`}
      : {level: "warn", what: "Chromium", detail: `${f.chromium.path} 不存在，仅浏览器测试需要 / not found; only the browser tests need it`, fix: "apt-get install -y chromium（或设置 / or set CHROMIUM_PATH）"}
  );
  out.push(
    f.cjkFont
      ? {level: "ok", what: "中文字体 / CJK fonts", detail: "Noto Sans CJK"}
      : {level: "warn", what: "中文字体 / CJK fonts", detail: f.cjkFont === null ? "fc-list 不可用 / fc-list is not installed" : "未找到 Noto Sans CJK，截图中的中文会显示为方框 / not found: Chinese renders as boxes in screenshots", fix: "apt-get install -y fonts-noto-cjk fontconfig"}
  );
  out.push(
    f.nginx
      ? {level: "ok", what: "nginx", detail: `${f.nginx}（内网发布 / intranet serving）`}
      : {level: "warn", what: "nginx", detail: "未安装，仅在本机发布网站时需要 / not installed; only needed to serve the site from this machine", fix: "apt-get install -y nginx（见 / see docs/operators.md）"}
  );
  const w = f.warehouse;
  if (w.error) out.push({level: "warn", what: "数据仓库 / warehouse", detail: `${w.path} 无法读取 / cannot be read: ${w.error}`, fix: "重新运行 / rerun: npm run pipeline"});
  else if (w.exists) out.push({level: "ok", what: "数据仓库 / warehouse", detail: `${w.path}（${w.runs ?? 0} 次运行 / runs, 截止 / as of ${w.asOf ?? "?"}）`});
  else out.push({level: "warn", what: "数据仓库 / warehouse", detail: `${w.path} 尚不存在 / does not exist yet`, fix: "npm run pipeline -- --input <输入文件夹 / input folder>（或示例 / or the demo: npm run demo）"});
  return out;
}

function keyFindings(k: Facts["key"]): Finding[] {
  const what = "假名化密钥 / pseudonym key";
  if (k.envLength !== null) {
    return k.envLength >= 16
      ? [{level: "ok", what, detail: "来自环境变量 AGING_PSEUDONYM_KEY / from AGING_PSEUDONYM_KEY"}]
      : [{level: "error", what, detail: `AGING_PSEUDONYM_KEY 太短（${k.envLength} 个字符）/ too short (${k.envLength} characters)`, fix: "使用至少 16 个字符，最好是 32 字节随机数的十六进制 / use at least 16 characters, best 32 random bytes in hex: openssl rand -hex 32"}];
  }
  const source = k.fileFromEnv ? "AGING_PSEUDONYM_KEY_FILE" : "默认位置 / default location";
  if (!k.exists) {
    return [{level: "ok", what, detail: `${k.file}（${source}）尚不存在，首次运行时创建（权限 600）；创建后请备份 / does not exist yet: created on first run (mode 600); back it up then`}];
  }
  const out: Finding[] = [];
  if (!k.readable) out.push({level: "error", what, detail: `${k.file} 不可读 / cannot be read`, fix: `chown <运行流水线的用户 / the pipeline's user> ${k.file}`});
  else if ((k.length ?? 0) < 32) out.push({level: "error", what, detail: `${k.file} 太短或已损坏 / too short or damaged`, fix: "从备份恢复；没有备份时删除它，下次运行会生成新密钥（所有假名都会改变）/ restore it from the backup; without one, delete it and the next run makes a new key (every pseudonym changes)"});
  if (k.mode !== null && (k.mode & 0o077) !== 0) {
    out.push({level: "error", what, detail: `${k.file} 权限为 ${octal(k.mode)}，其他用户可读 / mode ${octal(k.mode)}: other users can read it`, fix: `chmod 600 ${k.file}`});
  }
  if (!out.length) out.push({level: "ok", what, detail: `${k.file}（${source}，权限 / mode ${k.mode === null ? "?" : octal(k.mode)}）——请确认已备份 / make sure it is backed up`});
  return out;
}

export function doctorExitCode(findings: Finding[]): 0 | 1 {
  return findings.some((f) => f.level === "error") ? 1 : 0;
}

const MARK: Record<Level, string> = {ok: "✔", warn: "!", error: "✘"};

export function formatFindings(findings: Finding[]): string {
  const lines = ["养老服务监测平台 环境检查 / Aging Observatory doctor", ""];
  for (const f of findings) {
    lines.push(`${MARK[f.level]} ${f.what}: ${f.detail}`);
    if (f.fix && f.level !== "ok") lines.push(`    → 修复 / fix: ${f.fix}`);
  }
  const errors = findings.filter((f) => f.level === "error").length;
  const warnings = findings.filter((f) => f.level === "warn").length;
  lines.push(
    "",
    errors
      ? `✘ ${errors} 个必须修复的问题 / problem${errors > 1 ? "s" : ""} to fix${warnings ? `，另有 ${warnings} 个提示 / and ${warnings} note${warnings > 1 ? "s" : ""}` : ""}`
      : `✔ 可以运行流水线 / ready to run the pipeline${warnings ? `（${warnings} 个提示 / note${warnings > 1 ? "s" : ""}）` : ""}`
  );
  return lines.join("\n") + "\n";
}

function packageFound(name: string, root: string): boolean {
  try {
    createRequire(path.join(root, "package.json")).resolve(name);
    return true;
  } catch {
    // ESM-only packages do not resolve for require(); their package.json on disk is as good a sign.
    return existsSync(path.join(root, "node_modules", name, "package.json"));
  }
}

async function writable(dir: string): Promise<{exists: boolean; writable: boolean}> {
  const exists = existsSync(dir);
  let target = dir;
  while (!existsSync(target)) target = path.dirname(target);
  // Try a real write: access(W_OK) says yes to root even on a read-only mount.
  const probe = path.join(target, `.doctor-${process.pid}`);
  try {
    await writeFile(probe, "");
    await rm(probe, {force: true});
    return {exists, writable: true};
  } catch {
    return {exists, writable: false};
  }
}

function onPath(cmd: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of [...(env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"]) {
    if (dir && existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return null;
}

export async function gatherFacts(options: {warehouse: string; root?: string; env?: NodeJS.ProcessEnv}): Promise<Facts> {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const warehouse = path.resolve(options.warehouse);
  const dataDir = path.dirname(warehouse);
  const packages = [...REQUIRED_PACKAGES.map((name) => ({name, dev: false})), ...DEV_PACKAGES.map((name) => ({name, dev: true}))].map((p) => ({...p, found: packageFound(p.name, root)}));
  let duckdb: Facts["duckdb"] = {ok: false, error: "not installed"};
  let warehouseFacts: Facts["warehouse"] = {path: warehouse, exists: existsSync(warehouse)};
  if (packages.find((p) => p.name === "@duckdb/node-api")!.found) {
    try {
      const {Db} = await import("./db.ts");
      const db = await Db.open();
      await db.one("select 42 as answer");
      db.close();
      duckdb = {ok: true};
      if (warehouseFacts.exists) {
        try {
          const w = await Db.open(warehouse, {readOnly: true});
          try {
            const r = await w.one<{runs: number; as_of: string | null}>("select count(*)::integer as runs, max(as_of)::varchar as as_of from meta.runs");
            warehouseFacts = {...warehouseFacts, runs: r?.runs ?? 0, asOf: r?.as_of ?? null};
          } finally {
            w.close();
          }
        } catch (error) {
          warehouseFacts = {...warehouseFacts, error: (error as Error).message.split("\n")[0]};
        }
      }
    } catch (error) {
      duckdb = {ok: false, error: (error as Error).message.split("\n")[0]};
    }
  }
  const envKey = env.AGING_PSEUDONYM_KEY?.trim();
  const keyFile = path.resolve(env.AGING_PSEUDONYM_KEY_FILE || path.join(dataDir, "pseudonym.key"));
  const key: Facts["key"] = {envLength: envKey ? envKey.length : null, file: keyFile, fileFromEnv: Boolean(env.AGING_PSEUDONYM_KEY_FILE), exists: existsSync(keyFile), mode: null, length: null, readable: false};
  if (key.exists) {
    key.mode = (await stat(keyFile)).mode & 0o777;
    try {
      await access(keyFile, constants.R_OK);
      key.length = (await readFile(keyFile, "utf8")).trim().length;
      key.readable = true;
    } catch {
      key.readable = false;
    }
  }
  const chromiumPath = env.CHROMIUM_PATH || "/usr/bin/chromium";
  let cjkFont: boolean | null;
  try {
    cjkFont = /Noto Sans CJK/i.test(execFileSync("fc-list", {encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 << 20}));
  } catch {
    cjkFont = null;
  }
  let diskFreeBytes: number | null = null;
  try {
    let dir = dataDir;
    while (!existsSync(dir)) dir = path.dirname(dir);
    const s = await statfs(dir);
    diskFreeBytes = Number(s.bavail) * Number(s.bsize);
  } catch {
    diskFreeBytes = null;
  }
  return {
    nodeVersion: process.version,
    packages,
    duckdb,
    dataDir: {path: dataDir, ...(await writable(dataDir))},
    key,
    chromium: {path: chromiumPath, exists: existsSync(chromiumPath)},
    cjkFont,
    diskFreeBytes,
    nginx: onPath("nginx", env),
    warehouse: warehouseFacts
  };
}

export const DOCTOR_USAGE = `用法 / usage: npm run doctor -- [--warehouse FILE]

  --warehouse FILE   数据仓库文件 / the warehouse (default data/warehouse.duckdb); its folder is the data folder
  -h, --help         显示本帮助 / show this help

Exit codes: 0 ready (notes may be printed) · 1 something required is broken · 2 usage error.`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({values} = parseArgs({args: argv, strict: true, allowPositionals: false, options: {warehouse: {type: "string"}, help: {type: "boolean", short: "h"}}}));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  const findings = diagnose(await gatherFacts({warehouse: values.warehouse ?? "data/warehouse.duckdb"}));
  process.stdout.write(formatFindings(findings));
  return doctorExitCode(findings);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
