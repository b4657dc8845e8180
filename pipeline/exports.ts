// Exports for analysts: every marts.* table as Parquet and as CSV that Excel opens with the Chinese intact.
import {createReadStream, createWriteStream, existsSync} from "node:fs";
import {mkdir, rename, rm, stat, writeFile} from "node:fs/promises";
import path from "node:path";
import {pipeline} from "node:stream/promises";
import {pathToFileURL} from "node:url";
import {parseArgs} from "node:util";
import {Db, ident, literal} from "./db.ts";
import {csvSafeSelect} from "./csv-safe.ts";
import {modes as fileModes, restrict, type Modes} from "./files.ts";
import {acquireLock, LockBusyError} from "./lock.ts";

export interface ExportedTable {
  table: string;
  rows: number;
  columns: string[];
}

const README = (tables: ExportedTable[], run: {run_id?: string; as_of?: string; k?: string}) => `养老服务监测平台 数据导出 / Aging Observatory exports
=====================================================

由每次成功运行的流水线写入（pipeline/exports.ts），下次运行时整体替换。
Written after every successful pipeline run (pipeline/exports.ts) and replaced as a whole by the next.

运行 / run: ${run.run_id ?? "?"}    统计截止日期 / as of: ${run.as_of ?? "?"}    小数抑制阈值 / disclosure threshold k: ${run.k ?? "?"}

  parquet/<表名>.parquet   Parquet：供 DuckDB、Python (pandas/polars)、R 使用 / for DuckDB, Python, R
  csv/<表名>.csv           CSV，UTF-8 带 BOM，Excel 可直接打开、中文不乱码 / UTF-8 with BOM: Excel opens it with Chinese intact

只导出指标汇总表（marts），不导出原始或明细记录（raw、staging）。
名称以 _public 结尾的表已做小数抑制（少于 k 的计数隐藏），可对外发布；其他表可能含未抑制的小计数，仅供内部分析，
请勿原样对外发布。
Only the indicator marts are exported, never raw or record-level tables. Tables ending in _public have small
counts suppressed (below k) and may be shared; the others may hold unsuppressed small counts: internal analysis only.

表 / tables (${tables.length}):
${tables.map((t) => `  ${t.table.padEnd(36)} ${String(t.rows).padStart(9)} 行 rows   ${t.columns.join(", ")}`).join("\n")}
`;

/**
 * Copy a table to CSV with a UTF-8 BOM: DuckDB writes none, so write the BOM and append DuckDB's file. Text cells
 * that a spreadsheet would run as a formula get a leading apostrophe (csv-safe.ts); the Parquet copy keeps them.
 */
async function copyCsvWithBom(db: Db, table: string, file: string): Promise<void> {
  const plain = `${file}.nobom`;
  const columns = await db.all<{name: string; type: string}>(`select column_name as name, data_type as type from information_schema.columns
    where table_catalog = current_database() and table_schema = 'marts' and table_name = ${literal(table)} order by ordinal_position`);
  await db.run(`copy (select ${csvSafeSelect(columns)} from marts.${ident(table)}) to ${literal(plain)} (format csv, header true)`);
  const out = createWriteStream(file);
  out.write("\ufeff");
  await pipeline(createReadStream(plain), out);
  await rm(plain, {force: true});
}

/**
 * Write every marts.* table under outDir as parquet/<table>.parquet and csv/<table>.csv, with a README.txt.
 * The folder is written beside outDir and renamed into place, so a reader never sees half an export.
 */
export async function exportMarts(warehousePath: string, outDir: string, options: {modes?: Modes} = {}): Promise<ExportedTable[]> {
  const out = path.resolve(outDir);
  const temp = `${out}.tmp-${process.pid}-${Date.now()}`;
  const m = options.modes ?? fileModes();
  await mkdir(path.join(temp, "parquet"), {recursive: true, mode: m.dir});
  await mkdir(path.join(temp, "csv"), {recursive: true, mode: m.dir});
  const db = await Db.open(warehousePath, {readOnly: true});
  const tables: ExportedTable[] = [];
  try {
    // Only marts: raw and staging hold record-level rows (pseudonymized, but records all the same).
    const names = await db.all<{name: string}>(`select table_name as name from information_schema.tables
      where table_catalog = current_database() and table_schema = 'marts' order by table_name`);
    for (const {name} of names) {
      await db.run(`copy (select * from marts.${ident(name)}) to ${literal(path.join(temp, "parquet", `${name}.parquet`))} (format parquet, compression zstd)`);
      await copyCsvWithBom(db, name, path.join(temp, "csv", `${name}.csv`));
      const count = await db.one<{n: number}>(`select count(*)::bigint as n from marts.${ident(name)}`);
      const columns = await db.all<{c: string}>(`select column_name as c from information_schema.columns
        where table_catalog = current_database() and table_schema = 'marts' and table_name = ${literal(name)} order by ordinal_position`);
      tables.push({table: name, rows: Number(count?.n ?? 0), columns: columns.map((c) => c.c)});
    }
    const run = await db
      .one<{run_id: string; as_of: string; k: string}>(`select r.run_id::varchar as run_id, r.as_of::varchar as as_of,
          (select value from meta.params where key = 'k') as k
        from meta.runs r order by r.finished_at desc limit 1`)
      .catch(() => undefined);
    await writeFile(path.join(temp, "README.txt"), README(tables, run ?? {}).replace(/\n/g, "\r\n"), "utf8");
    await restrict(temp, m); // 0600 files in a 0700 folder by default (--group-access: 0640, 0750)
  } catch (error) {
    db.close();
    await rm(temp, {recursive: true, force: true});
    throw error;
  }
  db.close();
  // Swap in the new folder: the old one moves aside first (a rename cannot replace a non-empty folder).
  const old = `${out}.old-${process.pid}-${Date.now()}`;
  const had = await stat(out).then(() => true, () => false);
  if (had) await rename(out, old);
  await rename(temp, out);
  if (had) await rm(old, {recursive: true, force: true});
  return tables;
}

/** `npm run export -- [--warehouse FILE] [--out DIR]`: export again without rerunning the pipeline. */
async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({values} = parseArgs({args: argv, strict: true, allowPositionals: false, options: {warehouse: {type: "string"}, out: {type: "string"}, "group-access": {type: "boolean"}, help: {type: "boolean", short: "h"}}}));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  const warehouse = path.resolve(values.warehouse ?? "data/warehouse.duckdb");
  if (!existsSync(warehouse)) {
    process.stderr.write(`数据仓库不存在 / no warehouse at ${warehouse}: run npm run pipeline first\n`);
    return 1;
  }
  const out = path.resolve(values.out ?? path.join(path.dirname(warehouse), "exports"));
  // the pipeline's lock: no export while a run is writing the warehouse (or its exports)
  let lock;
  try {
    lock = await acquireLock(warehouse, {notice: (m) => process.stderr.write(`${m}\n`)});
  } catch (error) {
    if (!(error instanceof LockBusyError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 3;
  }
  let tables: ExportedTable[];
  try {
    tables = await exportMarts(warehouse, out, {modes: fileModes(values["group-access"] ?? false)});
  } finally {
    await lock.release();
  }
  process.stdout.write(`已导出 ${tables.length} 张表 / exported ${tables.length} marts to ${out} (parquet/, csv/, README.txt)\n`);
  return 0;
}

const EXPORT_USAGE = `用法 / usage: npm run export -- [--warehouse FILE] [--out DIR]

  --warehouse FILE   数据仓库 / the warehouse (default data/warehouse.duckdb)
  --out DIR          输出文件夹 / where to write (default exports/ beside the warehouse; replaced as a whole)
  --group-access     同组用户可读 / files readable by the group (0640, folders 0750); default owner only (0600, 0700)

Every pipeline run already exports; this exports again, e.g. after the exports folder was deleted.`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
