// dbt-style schema tests of every mart, on the clean fixture's warehouse (tests/harness): `unique` (the mart's grain)
// and `not_null`, each a query returning the failing rows, which must return none.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {cleanRun} from "../harness/index.ts";
import {MART_SCHEMA, notNullSql, uniqueSql} from "./schema.ts";

let db: Db;
beforeAll(async () => {
  db = await Db.open((await cleanRun()).warehouse, {readOnly: true, threads: 1});
});
afterAll(() => db?.close());

test("every mart has its grain and not-null columns declared (tests/marts/schema.ts), and only marts that exist", async () => {
  const tables = (await db.all<{t: string}>("select table_name as t from information_schema.tables where table_schema = 'marts' order by 1")).map((r) => r.t);
  expect(Object.keys(MART_SCHEMA).sort()).toEqual(tables);
});

describe.each(Object.entries(MART_SCHEMA))("marts.%s", (table, schema) => {
  test(`unique (${schema.unique.join(", ")})`, async () => {
    expect(await db.all(uniqueSql(`marts.${table}`, schema.unique))).toEqual([]);
  });
  test.each(schema.notNull)("not_null %s", async (column) => {
    expect(await db.all(notNullSql(`marts.${table}`, column))).toEqual([]);
  });
});

describe("the schema tests find what breaks them", () => {
  test("unique returns each shared key with its count; not_null returns the rows with a NULL", async () => {
    const mem = await Db.open();
    try {
      await mem.run("create table t as select * from (values (1, 'a'), (1, 'a'), (2, null)) v(k, x)");
      expect(await mem.all(uniqueSql("t", ["k", "x"]))).toEqual([{k: 1, x: "a", n_rows: 2}]);
      expect(await mem.all(notNullSql("t", "x"))).toEqual([{k: 2, x: null}]);
    } finally {
      mem.close();
    }
  });
});
