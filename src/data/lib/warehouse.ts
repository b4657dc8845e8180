// Shared by the site's data loaders: read the warehouse (read-only) and emit small Arrow files.
import {DuckDBTypeId, type DuckDBType} from "@duckdb/node-api";
import {
  Bool,
  DateMillisecond,
  Float64,
  Int32,
  RecordBatch,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector
} from "apache-arrow";
import {existsSync} from "node:fs";
import {isAbsolute, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {Db} from "../../../pipeline/db.ts";

/** The repository root (this file is src/data/lib/warehouse.ts). */
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** `AGING_WAREHOUSE` (absolute, or relative to the repository root), else data/warehouse.duckdb. */
export function warehousePath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.AGING_WAREHOUSE || "data/warehouse.duckdb";
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

export class WarehouseMissingError extends Error {
  constructor(readonly path: string) {
    super(`warehouse not found: ${path}\n  Run \`npm run pipeline\` first (or \`npm run demo\` for Demo City), or set AGING_WAREHOUSE.`);
    this.name = "WarehouseMissingError";
  }
}

/** Open the warehouse read-only; many loaders may read it at once. */
export async function openWarehouse(path = warehousePath()): Promise<Db> {
  if (!existsSync(path)) throw new WarehouseMissingError(path);
  return Db.open(path, {readOnly: true, threads: 1});
}

type Column = {type: DataType; convert: (value: unknown) => unknown};

const asNumber = (v: unknown): number | null => (v == null ? null : Number(v));
const asMillis = (v: unknown): number | null => (v == null ? null : v instanceof Date ? v.getTime() : Number(v));

/**
 * The Arrow type for a DuckDB column. Strings are plain Utf8, never dictionary-encoded
 * (DuckDB-WASM drops dictionary columns); integers that may exceed 32 bits become Float64 so
 * pages never meet BigInt; DATE/TIMESTAMP become millisecond types that Plot reads as Dates.
 */
function arrowColumn(name: string, type: DuckDBType): Column {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return {type: new Utf8(), convert: (v) => (v == null ? null : String(v))};
    case DuckDBTypeId.BOOLEAN:
      return {type: new Bool(), convert: (v) => (v == null ? null : Boolean(v))};
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return {type: new Int32(), convert: asNumber};
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return {
        type: new Float64(),
        convert: (v) => {
          if (v == null) return null;
          const n = Number(v);
          if (!Number.isSafeInteger(n)) throw new Error(`column ${name}: ${v} does not fit a double exactly; cast it in SQL`);
          return n;
        }
      };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return {type: new Float64(), convert: asNumber};
    case DuckDBTypeId.DATE:
      return {type: new DateMillisecond(), convert: asMillis};
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return {type: new TimestampMillisecond(), convert: asMillis};
    case DuckDBTypeId.SQLNULL:
      return {type: new Utf8(), convert: () => null};
    default:
      throw new Error(`column ${name}: DuckDB type ${type} has no Arrow mapping here; cast it in SQL (e.g. ::VARCHAR)`);
  }
}

/** Run one query against an open warehouse and return it as an Arrow table. */
export async function queryTable(db: Db, sql: string, params?: Record<string, unknown> | unknown[]): Promise<Table> {
  const reader = params ? await db.conn.runAndReadAll(sql, params as never) : await db.conn.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumnsJS();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    if (name in vectors) throw new Error(`duplicate column name ${name}: alias it in SQL`);
    const {type, convert} = arrowColumn(name, types[i]!);
    vectors[name] = vectorFromArray((columns[i] ?? []).map(convert), type);
  });
  return new Table(vectors);
}

/**
 * Arrow IPC bytes for FileAttachment(…).arrow(). The file format, not the stream format: the
 * page hands the fetch Response to tableFromIPC, which cancels a stream body once it has read
 * the end-of-stream marker, and Chromium then reports the request as failed (net::ERR_ABORTED).
 */
export function toArrowIPC(table: Table, metadata?: Record<string, string>): Uint8Array {
  if (metadata) {
    // (key–value metadata on the schema, which the page reads back: load.js)
    const schema = new Schema(table.schema.fields, new Map(Object.entries(metadata)));
    table = new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
  }
  return tableToIPC(table, "file");
}

/**
 * The whole job of a typical loader: open the warehouse, run `sql`, write Arrow IPC to stdout (with the schema's
 * `metadata`, if given), close. On a missing warehouse or a failed query it prints one clear line to stderr and
 * exits 1, so `observable build` fails and names the loader.
 */
export async function writeArrow(sql: string, params?: Record<string, unknown> | unknown[], metadata?: Record<string, string>): Promise<void> {
  let bytes: Uint8Array;
  try {
    const db = await openWarehouse();
    try {
      bytes = toArrowIPC(await queryTable(db, sql, params), metadata);
    } finally {
      db.close();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
}
