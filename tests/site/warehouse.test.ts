// The loader helper: DuckDB types → plain Arrow types, and a clear message without a warehouse.
import {tableFromIPC} from "apache-arrow";
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {queryTable, toArrowIPC, warehousePath} from "../../src/data/lib/warehouse.ts";
import {ROOT} from "./build.ts";

describe("queryTable", () => {
  it("maps DuckDB types to plain Arrow types pages can use", async () => {
    const db = await Db.open();
    try {
      const table = await queryTable(
        db,
        `select 'x' as s, 'a'::enum ('a', 'b') as e, 7::integer as i, 9007199254740991::bigint as b,
                1.25::decimal(10, 2) as d, 0.5::double as f, true as t,
                date '2024-03-01' as day, timestamp '2024-03-01 08:30:00' as ts, null::varchar as n`
      );
      const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
      expect(types).toEqual({
        s: "Utf8",
        e: "Utf8",
        i: "Int32",
        b: "Float64",
        d: "Float64",
        f: "Float64",
        t: "Bool",
        day: "Date64<MILLISECOND>",
        ts: "Timestamp<MILLISECOND>",
        n: "Utf8"
      });
      const row = tableFromIPC(toArrowIPC(table)).get(0)!.toJSON();
      expect(row).toMatchObject({s: "x", e: "a", i: 7, b: 9007199254740991, d: 1.25, f: 0.5, t: true, n: null});
      expect(row.day).toBe(Date.UTC(2024, 2, 1));
      expect(row.ts).toBe(Date.UTC(2024, 2, 1, 8, 30));
    } finally {
      db.close();
    }
  });

  it("refuses integers a double cannot hold exactly, and nested types", async () => {
    const db = await Db.open();
    try {
      await expect(queryTable(db, `select 9007199254740993::bigint as big`)).rejects.toThrow(/cast it in SQL/);
      await expect(queryTable(db, `select [1, 2] as list`)).rejects.toThrow(/cast it in SQL/);
    } finally {
      db.close();
    }
  });
});

describe("warehouse location", () => {
  it("defaults to data/warehouse.duckdb in the repository, whatever the cwd", () => {
    expect(warehousePath({})).toBe(join(ROOT, "data", "warehouse.duckdb"));
    expect(warehousePath({AGING_WAREHOUSE: "/x/w.duckdb"})).toBe("/x/w.duckdb");
  });

  it("makes a loader fail with a clear message when the warehouse is missing", () => {
    const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), ["src/data/meta.arrow.ts"], {
      cwd: ROOT,
      env: {...process.env, AGING_WAREHOUSE: "/nonexistent/warehouse.duckdb"},
      encoding: "utf8"
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("warehouse not found: /nonexistent/warehouse.duckdb");
    expect(result.stderr).toContain("npm run pipeline");
  });
});
