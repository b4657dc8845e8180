// The one module that owns DuckDB instances and connections; everything else asks it.
import {DuckDBConnection, DuckDBInstance} from "@duckdb/node-api";
import {readFile} from "node:fs/promises";

export type Row = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
}

/** Convert DuckDB's JS values for plain use: BigInt → number where safe, DECIMAL → number. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export class Db {
  private constructor(readonly instance: DuckDBInstance, readonly conn: DuckDBConnection, readonly path: string) {}

  static async open(path = ":memory:", options: OpenOptions = {}): Promise<Db> {
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = "READ_ONLY";
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    return new Db(instance, conn, path);
  }

  /** Run one or more statements; results are discarded. */
  async run(sql: string, params?: Record<string, unknown> | unknown[]): Promise<void> {
    if (params) await this.conn.run(sql, params as never);
    else await this.conn.run(sql);
  }

  /** Rows as plain objects (BigInt converted to number). */
  async all<T = Row>(sql: string, params?: Record<string, unknown> | unknown[]): Promise<T[]> {
    const reader = params ? await this.conn.runAndReadAll(sql, params as never) : await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = plain(v);
      return out as T;
    });
  }

  async one<T = Row>(sql: string, params?: Record<string, unknown> | unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Run a .sql file (one statement, or several separated by semicolons). */
  async runFile(file: string): Promise<void> {
    await this.conn.run(await readFile(file, "utf8"));
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Quote an identifier for SQL. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for SQL. */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
