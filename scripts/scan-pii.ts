// `npm run scan-pii -- [options] PATH…`: look for personal data in what we publish (dist/, data/exports/, …).
//
// Finds, in CSV/TSV/JSON/HTML/JS/CSS/SVG/TXT/MD files and in Arrow and Parquet files (read value by value):
//   - resident ID numbers (GB 11643): 18 characters, a valid check character and a real birth date;
//   - Chinese mobile numbers: 1[3-9] and 9 more digits, not inside a longer number or word;
//   - the pseudonyms of the inputs' people: every distinct person_key of staging.elders / staging.service_orders
//     of a warehouse (--warehouse; by default data/warehouse.duckdb when it exists) — a pseudonym is still a
//     personal identifier and belongs in the warehouse only;
//   - the inputs' own identifiers in clear (--input DIR): id_number, person_id and person values of the elders and
//     service_orders files.
// Exit 0: nothing found. Exit 1: every finding listed as file, kind and the match masked. Exit 2: usage.
import {existsSync} from "node:fs";
import {readdir, readFile, rm, stat} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {tableFromIPC} from "apache-arrow";
import Papa from "papaparse";
import {Db, literal} from "../pipeline/db.ts";
import {idBirthDate, idCheckChar} from "../pipeline/lib/idnumber.ts";
import {dataset} from "../pipeline/datasets/contract.ts";
import {locate} from "../pipeline/load.ts";
import {sniffCsv, writeNumbered} from "../pipeline/read/csv.ts";
import {matchHeaders} from "../pipeline/read/headers.ts";
import {readSheet} from "../pipeline/read/xlsx.ts";

export type Kind = "resident_id" | "mobile" | "pseudonym" | "input_identifier";

export interface Finding {
  file: string;
  kind: Kind;
  /** The match, masked: enough to find it, not enough to use it. */
  masked: string;
}

export interface Known {
  /** Pseudonyms (hex HMACs) from a warehouse. */
  pseudonyms?: Set<string>;
  /** Identifiers in clear from the input files. */
  identifiers?: Set<string>;
}

const TEXT = new Set([".csv", ".tsv", ".txt", ".json", ".geojson", ".html", ".htm", ".js", ".mjs", ".cjs", ".css", ".svg", ".md", ".map", ".xml"]);
const BINARY = new Set([".arrow", ".parquet"]);
export const SCANNED_EXTENSIONS = [...TEXT, ...BINARY];

// Not inside a longer word or number, nor the digits of a decimal (0.13912345678 is a rate, not a phone).
const ID_RE = /(?<![0-9A-Za-z.])\d{17}[\dXx](?![0-9A-Za-z]|\.\d)/g;
const MOBILE_RE = /(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z]|\.\d)/g;
const HEX64_RE = /(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;
const TOKEN_RE = /[\p{L}\p{N}_\-]{4,}/gu;

export function isResidentId(value: string): boolean {
  const v = value.toUpperCase();
  return /^\d{17}[\dX]$/.test(v) && idCheckChar(v.slice(0, 17)) === v[17] && idBirthDate(v) !== null;
}

export function mask(kind: Kind, value: string): string {
  if (kind === "resident_id") return value.slice(0, 6) + "*".repeat(value.length - 8) + value.slice(-2);
  if (kind === "mobile") return value.slice(0, 3) + "****" + value.slice(-4);
  if (kind === "pseudonym") return `${value.slice(0, 8)}…(${value.length} hex)`;
  return value.length <= 4 ? "*".repeat(value.length) : value.slice(0, 2) + "*".repeat(value.length - 3) + value.slice(-1);
}

/** Findings in a piece of text (one per distinct match). */
export function scanText(file: string, text: string, known: Known = {}): Finding[] {
  const found = new Map<string, Finding>();
  const add = (kind: Kind, value: string) => {
    const key = `${kind}:${value}`;
    if (!found.has(key)) found.set(key, {file, kind, masked: mask(kind, value)});
  };
  for (const m of text.matchAll(ID_RE)) if (isResidentId(m[0])) add("resident_id", m[0]);
  for (const m of text.matchAll(MOBILE_RE)) add("mobile", m[0]);
  if (known.pseudonyms?.size) for (const m of text.matchAll(HEX64_RE)) if (known.pseudonyms.has(m[0].toLowerCase())) add("pseudonym", m[0]);
  if (known.identifiers?.size) {
    for (const m of text.matchAll(TOKEN_RE)) if (known.identifiers.has(m[0]) || known.identifiers.has(m[0].toUpperCase())) add("input_identifier", m[0]);
  }
  return [...found.values()];
}

/** Every value of an Arrow IPC file or stream as text, one per line. */
function arrowText(bytes: Uint8Array): string {
  const table = tableFromIPC(bytes);
  const lines: string[] = [];
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name);
    if (!column) continue;
    for (const value of column) lines.push(value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) : String(value));
  }
  return lines.join("\n");
}

/** Every value of a Parquet file as text (through DuckDB). */
async function parquetText(file: string): Promise<string> {
  const db = await Db.open(":memory:", {threads: 1});
  try {
    const rows = await db.all<{t: string}>(`select t::varchar as t from read_parquet(${literal(file)}) t`);
    return rows.map((r) => r.t).join("\n");
  } finally {
    db.close();
  }
}

async function listFiles(p: string): Promise<string[]> {
  const s = await stat(p);
  if (!s.isDirectory()) return [p];
  const out: string[] = [];
  for (const entry of await readdir(p, {withFileTypes: true})) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(child)));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

export interface ScanResult {
  findings: Finding[];
  files: number;
}

/** Scan files and folders (recursively); files of other types are skipped (listed files of any type are read as text). */
export async function scanPaths(paths: string[], known: Known = {}): Promise<ScanResult> {
  const findings: Finding[] = [];
  let files = 0;
  for (const p of paths) {
    const direct = !(await stat(p)).isDirectory();
    for (const file of await listFiles(p)) {
      const ext = path.extname(file).toLowerCase();
      const name = path.relative(process.cwd(), file) || file;
      let text: string;
      if (ext === ".arrow") text = arrowText(await readFile(file));
      else if (ext === ".parquet") text = await parquetText(file);
      else if (TEXT.has(ext) || direct) text = await readFile(file, "utf8");
      else continue;
      files++;
      findings.push(...scanText(name, text, known));
    }
  }
  return {findings, files};
}

/** The pseudonyms of a warehouse: distinct person_key of staging.elders and staging.service_orders. */
export async function warehousePseudonyms(warehouse: string): Promise<Set<string>> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const rows = await db.all<{k: string}>(`select distinct lower(person_key) as k from (
        select person_key from staging.elders union all select person_key from staging.service_orders) where person_key is not null`);
    return new Set(rows.map((r) => r.k));
  } finally {
    db.close();
  }
}

/** The identifiers in clear of an input folder: id_number, person_id and person of elders and service_orders. */
export async function inputIdentifiers(inputDir: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const name of ["elders", "service_orders"]) {
    const d = dataset(name);
    const file = await locate(inputDir, d);
    if (!file) continue;
    let rows: string[][];
    if (path.extname(file).toLowerCase() === ".xlsx") {
      rows = (await readSheet(file, [d.name, ...d.fileAliases])).rows.map((r) => r.cells);
    } else {
      const sniff = await sniffCsv(file);
      const copy = path.join(os.tmpdir(), `scan-pii-${process.pid}-${Date.now()}.csv`); // decoded to UTF-8, whatever the file's encoding
      try {
        await writeNumbered(file, sniff.encoding, sniff.delimiter, 0, copy);
        rows = Papa.parse<string[]>(await readFile(copy, "utf8"), {delimiter: sniff.delimiter, skipEmptyLines: true}).data.map((r) => r.slice(1));
      } finally {
        await rm(copy, {force: true});
      }
    }
    const headerIndex = rows.findIndex((r) => matchHeaders(r, d).missing.length === 0);
    if (headerIndex < 0) continue;
    const keys = matchHeaders(rows[headerIndex], d).keys;
    const columns = keys.flatMap((k, i) => (k === "id_number" || k === "person_id" || k === "person" ? [i] : []));
    for (const row of rows.slice(headerIndex + 1)) {
      for (const i of columns) {
        const v = (row[i] ?? "").normalize("NFKC").replace(/\s/g, "");
        if (v.length >= 4) out.add(v.toUpperCase()).add(v);
      }
    }
  }
  return out;
}

export const USAGE = `用法 / usage: npm run scan-pii -- [options] PATH…

  PATH…               要检查的文件或文件夹 / files or folders to scan (default: dist data/exports)
  --warehouse FILE    数据仓库：其中的假名（person_key）不得出现 / pseudonyms of this warehouse must not appear
                      (default data/warehouse.duckdb when it exists)
  --no-warehouse      不检查假名 / do not check pseudonyms
  --input DIR         输入文件夹：其中的身份证号和人员编号不得出现 / identifiers of these inputs must not appear
  -h, --help          显示本帮助 / show this help

Finds resident ID numbers (valid check character and birth date), mobile numbers (1[3-9] + 9 digits), the warehouse's
pseudonyms and the inputs' identifiers. Exit 0 nothing found, 1 personal data found (listed, masked), 2 usage.`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {warehouse: {type: "string"}, "no-warehouse": {type: "boolean"}, input: {type: "string"}, help: {type: "boolean", short: "h"}}
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const {values, positionals} = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const paths = positionals.length ? positionals : ["dist", path.join("data", "exports")].filter((p) => existsSync(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    process.stderr.write(`找不到 / not found: ${missing.join(", ")}\n`);
    return 2;
  }
  const known: Known = {};
  const warehouse = values["no-warehouse"] ? undefined : (values.warehouse ?? (existsSync("data/warehouse.duckdb") ? "data/warehouse.duckdb" : undefined));
  if (warehouse) known.pseudonyms = await warehousePseudonyms(warehouse);
  if (values.input) known.identifiers = await inputIdentifiers(values.input);
  const {findings, files} = await scanPaths(paths, known);
  if (!findings.length) {
    process.stdout.write(`个人信息检查通过 / no personal data found in ${files} files (${paths.join(", ")})${warehouse ? `; ${known.pseudonyms!.size} pseudonyms of ${warehouse} checked` : ""}\n`);
    return 0;
  }
  process.stderr.write(`✘ 发现个人信息 / personal data found (${findings.length}):\n`);
  for (const f of findings) process.stderr.write(`  ${f.file}: ${f.kind} ${f.masked}\n`);
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
