// Command-line arguments of `npm run pipeline`: a pure parser, tested with tables.
import {parseArgs, type ParseArgsConfig} from "node:util";

export const USAGE = `用法 / usage: npm run pipeline -- [options]

  --input DIR          输入文件夹 / the input folder (default data/demo-input)
  --warehouse FILE     数据仓库文件 / the DuckDB warehouse to publish (default data/warehouse.duckdb)
  --as-of YYYY-MM-DD   统计截止日期 / the as-of date (default: the latest task report)
  --report FILE        运行报告 / the JSON run report (default: run-report.json beside the warehouse)
  --k N                小数抑制阈值 / disclosure threshold for small counts (default 10; 0 turns it off)
  --horizon YEAR       预测到哪一年 / the last projected year (default 2035)
  --memory-limit SIZE  DuckDB 内存上限 / DuckDB's memory limit (default 768MB for the loads, 512MB for the marts)
  --wait MINUTES       另一运行正在写入时最多等待几分钟 / wait up to MINUTES for another run writing the same
                       warehouse (default 0: exit 3 at once)
  --new-key            数据仓库已存在但密钥文件丢失时，确认使用新密钥（所有假名都会改变）/ go on with a new pseudonym key
                       although the warehouse exists and its key file is gone (every pseudonym changes)
  --group-access       写出的文件同组可读 / written files readable by the group (0640, folders 0750); default owner only (0600, 0700)
  --quiet              只输出错误和汇总 / print only errors and the summary
  -h, --help           显示本帮助 / show this help

Exit codes: 0 published · 1 a required dataset is missing or unusable, or the run failed (nothing published) ·
2 usage error · 3 another run is writing the warehouse (nothing done).
Personal identifiers are replaced by a keyed hash; the key comes from AGING_PSEUDONYM_KEY or a key file
(AGING_PSEUDONYM_KEY_FILE, default pseudonym.key beside the warehouse, created on first run).`;

export interface PipelineArgs {
  input: string;
  warehouse: string;
  asOf?: string;
  report?: string;
  k: number;
  horizon?: number;
  memoryLimit?: string;
  /** Milliseconds to wait for another run's lock (0: none). */
  waitMs: number;
  newKey: boolean;
  groupAccess: boolean;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** `node:util` parseArgs with named options only (strict, no positionals); a bad argument throws a UsageError. */
export function parseOptions<const O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({args: argv, strict: true, allowPositionals: false, options}).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parsePipelineArgs(argv: string[]): PipelineArgs {
  const values = parseOptions(argv, {
    input: {type: "string"},
    warehouse: {type: "string"},
    "as-of": {type: "string"},
    report: {type: "string"},
    k: {type: "string"},
    horizon: {type: "string"},
    "memory-limit": {type: "string"},
    wait: {type: "string"},
    "new-key": {type: "boolean"},
    "group-access": {type: "boolean"},
    quiet: {type: "boolean"},
    help: {type: "boolean", short: "h"}
  });
  const asOf = values["as-of"];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)) || new Date(asOf).toISOString().slice(0, 10) !== asOf)) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  }
  const k = values.k === undefined ? 10 : Number(values.k);
  if (!Number.isInteger(k) || k < 0) throw new UsageError(`--k must be a whole number ≥ 0, got "${values.k}"`);
  const horizon = values.horizon === undefined ? undefined : Number(values.horizon);
  if (horizon !== undefined && (!Number.isInteger(horizon) || horizon < 2000 || horizon > 2100)) throw new UsageError(`--horizon must be a year, got "${values.horizon}"`);
  const memoryLimit = values["memory-limit"];
  if (memoryLimit !== undefined && !/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) throw new UsageError(`--memory-limit must look like 2GB, got "${memoryLimit}"`);
  const waitText = values.wait;
  const waitMinutes = waitText === undefined ? 0 : Number(waitText);
  if (waitText === "" || !Number.isFinite(waitMinutes) || waitMinutes < 0) throw new UsageError(`--wait takes minutes ≥ 0, got "${waitText}"`);
  return {
    waitMs: Math.round(waitMinutes * 60_000),
    newKey: values["new-key"] ?? false,
    groupAccess: values["group-access"] ?? false,
    input: values.input ?? "data/demo-input",
    warehouse: values.warehouse ?? "data/warehouse.duckdb",
    asOf,
    report: values.report,
    k,
    horizon,
    memoryLimit,
    quiet: values.quiet ?? false,
    help: values.help ?? false
  };
}
