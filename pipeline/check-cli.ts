// `npm run check -- --input DIR`: the load stage alone into a throw-away database; lists rejects and warnings; publishes nothing.
import {randomBytes} from "node:crypto";
import {mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {DATASETS} from "./datasets/contract.ts";
import {Db} from "./db.ts";
import {createProgress, type Progress} from "./progress.ts";
import {loadOnly, type RunResult} from "./run.ts";
import {summaryTable} from "./summary.ts";

export const CHECK_USAGE = `用法 / usage: npm run check -- --input DIR [options]

  --input DIR      要检查的输入文件夹 / the input folder to check (required)
  --examples N     每类问题显示几行 / lines shown per kind of problem (default 3)
  --quiet          不显示进度 / no progress lines
  -h, --help       显示本帮助 / show this help

Reads and checks every dataset like \`npm run pipeline\` does (its load stage), in a temporary database that is
deleted afterwards: nothing is published, no key is read or created. Lists the rejected rows grouped by dataset and reason
(with the count and the first lines), then the warnings.
Exit codes: 0 every dataset usable (rejected rows are listed but do not fail) · 1 a dataset is missing or
unusable · 2 usage error.`;

export interface CheckArgs {
  input: string;
  examples: number;
  quiet: boolean;
  help: boolean;
}

export class CheckUsageError extends Error {}

export function parseCheckArgs(argv: string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {input: {type: "string"}, examples: {type: "string"}, quiet: {type: "boolean"}, help: {type: "boolean", short: "h"}}
    });
  } catch (error) {
    throw new CheckUsageError((error as Error).message);
  }
  const {values, positionals} = parsed;
  const help = values.help ?? false;
  if (positionals.length > 1 || (positionals.length === 1 && values.input)) throw new CheckUsageError(`one input folder, got: ${[values.input, ...positionals].filter(Boolean).join(" ")}`);
  const input = values.input ?? positionals[0];
  if (!input && !help) throw new CheckUsageError("--input DIR is required / 请用 --input 指定输入文件夹");
  const examples = values.examples === undefined ? 3 : Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0) throw new CheckUsageError(`--examples must be a whole number ≥ 0, got "${values.examples}"`);
  return {input: input ?? "", examples, quiet: values.quiet ?? false, help};
}

export interface Problem {
  file: string | null;
  line: number | null;
  cell: string | null;
  column_name: string | null;
  value: string | null;
  reason: string;
}

export interface ProblemGroup {
  dataset: string;
  /** The reason as the first row gives it (numbers in it, such as "first seen on line 5", vary within the group). */
  reason: string;
  count: number;
  first: Problem[];
}

export interface CheckReport {
  input: string;
  result: RunResult;
  rejects: ProblemGroup[];
  warnings: ProblemGroup[];
  exitCode: 0 | 1;
}

/** Problems of one quality table grouped by dataset and reason (numbers in the reason ignored), biggest first. */
async function groups(db: Db, table: "rejects" | "warnings", examples: number): Promise<ProblemGroup[]> {
  const rows = await db.all<Problem & {dataset: string; reason_key: string; total: number; n: number}>(`
    with keyed as (
      select *, regexp_replace(coalesce(reason, ''), '[0-9]+', '#', 'g') as reason_key from quality.${table}),
    ranked as (
      select *, row_number() over (partition by dataset, reason_key order by line nulls first, column_name) as n,
        count(*) over (partition by dataset, reason_key) as total
      from keyed)
    select dataset, reason_key, total::integer as total, n::integer as n, file, line::integer as line, cell, column_name, value, reason
    from ranked where n <= ${Math.max(1, examples)} order by dataset, total desc, reason_key, n`);
  const out = new Map<string, ProblemGroup>();
  for (const r of rows) {
    const id = `${r.dataset}\u0000${r.reason_key}`;
    let g = out.get(id);
    if (!g) out.set(id, (g = {dataset: r.dataset, reason: r.reason, count: r.total, first: []}));
    if (r.n <= examples) g.first.push({file: r.file, line: r.line, cell: r.cell, column_name: r.column_name, value: r.value, reason: r.reason});
  }
  const order = (dataset: string) => {
    const i = DATASETS.findIndex((d) => d.name === dataset);
    return i < 0 ? DATASETS.length : i;
  };
  return [...out.values()].sort((a, b) => order(a.dataset) - order(b.dataset) || b.count - a.count);
}

/** Check a folder: the pipeline's load stage (its reading and checks), in a temporary database under a throw-away key. */
export async function checkFolder(input: string, options: {examples?: number; progress?: Progress} = {}): Promise<CheckReport> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "aging-check-"));
  try {
    const database = path.join(tmp, "check.duckdb");
    // Pseudonyms are never shown by a check: a throw-away key, passed in, keeps it from reading or creating the real one.
    const result = await loadOnly({input, database, key: randomBytes(32).toString("hex")}, options.progress ?? createProgress({quiet: true}));
    let rejects: ProblemGroup[] = [];
    let warnings: ProblemGroup[] = [];
    if (result.status === "loaded") {
      const db = await Db.open(database, {readOnly: true});
      try {
        rejects = await groups(db, "rejects", options.examples ?? 3);
        warnings = await groups(db, "warnings", options.examples ?? 3);
      } finally {
        db.close();
      }
    }
    const failed = result.status !== "loaded" || result.datasets.some((d) => d.status === "failed");
    return {input: path.resolve(input), result, rejects, warnings, exitCode: failed ? 1 : 0};
  } finally {
    await rm(tmp, {recursive: true, force: true});
  }
}

function clip(text: string, max = 60): string {
  return [...text].length > max ? [...text].slice(0, max - 1).join("") + "…" : text;
}

/** Where a problem is: the XLSX cell, else the file and line. */
export function where(p: Problem): string {
  const place = p.cell ? p.cell : p.line !== null && p.line !== undefined ? `第 ${p.line} 行 / line ${p.line}` : "";
  return [p.file, place].filter(Boolean).join(" ");
}

function formatGroups(title: string, list: ProblemGroup[]): string[] {
  if (!list.length) return [`${title}：无 / none`];
  const out = [title];
  let dataset = "";
  for (const g of list) {
    if (g.dataset !== dataset) {
      dataset = g.dataset;
      const total = list.filter((x) => x.dataset === dataset).reduce((n, x) => n + x.count, 0);
      out.push("", `  ${dataset}（${total} 处 / ${total} found）`);
    }
    out.push(`    ${g.reason} — ${g.count} 处 / ${g.count} found`);
    for (const p of g.first) {
      const column = p.column_name ? ` [${p.column_name}]` : "";
      const value = p.value !== null && p.value !== undefined ? ` = "${clip(p.value)}"` : "";
      out.push(`      ${where(p)}${column}${value}`);
    }
    if (g.count > g.first.length && g.first.length) out.push(`      … 另有 ${g.count - g.first.length} 处 / ${g.count - g.first.length} more`);
  }
  return out;
}

/** The printed report: the dataset table, rejects, warnings, the verdict. */
export function formatCheck(report: CheckReport): string {
  const r = report.result;
  const out: string[] = [`检查 / check: ${report.input}（不发布任何内容 / nothing is published）`, ""];
  if (r.datasets.length) out.push(summaryTable(r), "");
  for (const d of r.datasets.filter((x) => x.status === "failed")) {
    out.push(`✘ ${d.dataset}: ${d.message ?? "failed"}`);
  }
  if (r.status === "loaded") {
    out.push(...formatGroups("拒收的行 / rejected rows", report.rejects), "", ...formatGroups("警告 / warnings", report.warnings), "");
  }
  const rejected = r.datasets.reduce((n, d) => n + d.rowsRejected, 0);
  const warned = r.datasets.reduce((n, d) => n + d.warnings, 0);
  if (r.status !== "loaded") {
    const e = r.error;
    out.push(`✘ 检查未通过：有必需的数据集缺失或无法使用 / a required dataset is missing or unusable`);
    if (e) out.push(`  ${e.file ? `${e.file}${e.column ? ` [${e.column}]` : ""}: ` : ""}${e.message}`);
  } else if (report.exitCode !== 0) {
    out.push(`✘ 检查未通过：有数据集无法使用（见上）/ a dataset is unusable (see above); ${rejected} rows rejected, ${warned} warnings`);
  } else {
    out.push(`✔ 所有数据集可用 / every dataset is usable: ${rejected} 行拒收 / rows rejected, ${warned} 条警告 / warnings. 可运行 / next: npm run pipeline -- --input ${report.input}`);
  }
  return out.join("\n") + "\n";
}

export async function main(argv: string[], io: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream} = process): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (error) {
    if (!(error instanceof CheckUsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${CHECK_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const progress = createProgress({quiet: args.quiet});
  const report = await checkFolder(args.input, {examples: args.examples, progress});
  io.stdout.write(formatCheck(report));
  return report.exitCode;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
