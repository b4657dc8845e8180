// The shipped census reference (data/reference/census-county.parquet) against the workbooks it was converted from,
// and every row of the crosswalk (data/reference/census-crosswalk.csv) against both tables and today's units.
import {existsSync} from "node:fs";
import path from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {Db, literal} from "../../pipeline/db.ts";
import type {CensusUnit} from "../../pipeline/census/xlsx.ts";
import {CENSUS_PARQUET, CROSSWALK_CSV, bandLabel} from "../../pipeline/census/reference.ts";
import {apportion, cityCensus, nameStem, readCrosswalk, type CensusRecord} from "../../pipeline/census/city.ts";
import {loadBoundaryData, type BoundaryData} from "../../pipeline/init-city/boundaries.ts";
import {censusDir, censusPresent, censusTable} from "./convert.ts";
import {CI} from "../harness/index.ts";

const present = censusPresent();
// The workbooks are not in git: absent, the check against them skips with this message, except in CI (CI=true), where it fails.
if (!present && !CI) console.warn(`census reference test: the census workbooks are not in ${censusDir}; the check of data/reference/census-county.parquet against them is skipped`);
if (!present && CI) {
  describe("census workbooks in CI", () => {
    it("are present", () => {
      expect.fail(`CI is set and the census county tables are not in ${censusDir}: put the workbooks there (../shared/data/census)`);
    });
  });
}

/** A unit of the reference file as the product reads it (pipeline/census/city.ts), its cells as one line of text. */
type ParquetRow = Omit<CensusRecord, "cells"> & {bands: string};

describe.skipIf(!present)(`census-county.parquet equals the workbooks (skipped when ${censusDir} is absent)`, () => {
  const workbook = new Map<number, CensusUnit[]>();
  let parquet: ParquetRow[];

  beforeAll(async () => {
    // the product's reader (pipeline/census/xlsx.ts), its result kept for the run (census/convert.ts censusTable)
    for (const year of [2010, 2020]) workbook.set(year, await censusTable(year));
    const db = await Db.open();
    try {
      parquet = await db.all<ParquetRow>(`
        select year::integer as year, row, code, name, city_code, total, share_65p::double as share_65p,
               string_agg(sex || ' ' || age_lo || '-' || coalesce(age_hi::varchar, '') || '=' || population, ';' order by sex desc, age_lo) as bands
        from read_parquet(${literal(CENSUS_PARQUET)}) group by all order by year, row`);
    } finally {
      db.close();
    }
  }, 300_000);

  it("has every workbook row with figures, cell for cell", () => {
    for (const year of [2010, 2020]) {
      const units = workbook.get(year)!;
      const rows = parquet.filter((r) => r.year === year);
      expect(rows.length, `${year} rows`).toBe(units.length);
      units.forEach((u, i) => {
        const r = rows[i];
        const ordered = [...u.bands].sort((a, b) => (a.sex === b.sex ? a.age_lo - b.age_lo : a.sex === "male" ? -1 : 1));
        const bands = ordered.map((b) => `${b.sex} ${b.age_lo}-${b.age_hi ?? ""}=${b.population}`).join(";");
        expect({row: r.row, code: r.code, name: r.name, city_code: r.city_code, total: r.total, share_65p: r.share_65p, bands: r.bands}, `${year} row ${u.row}`).toEqual({
          row: u.row, code: u.code, name: u.name, city_code: u.city_code, total: u.total, share_65p: u.share_65p, bands
        });
      });
    }
    // 2010: 3,221 rows with a code, 2020: 3,312 (counts of the workbooks, read independently of the reader's rules)
    expect(parquet.filter((r) => r.year === 2010 && r.code !== null).length).toBe(3221);
    expect(parquet.filter((r) => r.year === 2020 && r.code !== null).length).toBe(3312);
  });

  it("keeps the 38 cells of each row adding up to its total, but for two 2010 rows where the table itself differs", () => {
    const off = parquet.filter((r) => r.bands.split(";").reduce((s, b) => s + Number(b.split("=")[1]), 0) !== r.total);
    // as published: 建昌县's cells add up to 30,000 more than its total (a typo in one cell), 石鼓区's to 6 fewer.
    // population.csv takes the cells; docs/init-city.md says so.
    expect(off.map((r) => `${r.year} ${r.code} ${r.name} ${r.bands.split(";").reduce((s, b) => s + Number(b.split("=")[1]), 0) - r.total}`)).toEqual([
      "2010 211422 建昌县 30000",
      "2010 430407 石鼓区 -6"
    ]);
    expect(parquet.every((r) => r.bands.split(";").length === 38)).toBe(true);
    expect(bandLabel(85, null)).toBe("85+");
  });

  it("keeps the 2020 zones listed without a code, each under its city", () => {
    const zones = parquet.filter((r) => r.year === 2020 && r.code === null);
    expect(zones.length).toBeGreaterThan(20);
    const jilin = zones.find((z) => z.name === "吉林高新技术产业开发区");
    expect(jilin?.city_code).toBe("220200");
  });
});

describe("census-crosswalk.csv: every match", () => {
  let db: Db;
  let boundaries: BoundaryData;
  const unit = new Map<string, {name: string; total: number; city_code: string | null}>();

  beforeAll(async () => {
    db = await Db.open();
    boundaries = await loadBoundaryData();
    const rows = await db.all<{year: number; code: string; name: string; total: number; city_code: string | null}>(
      `select distinct year::integer as year, code, name, total, city_code from read_parquet(${literal(CENSUS_PARQUET)}) where code is not null`
    );
    for (const r of rows) unit.set(`${r.year}:${r.code}`, r);
    return () => db.close();
  }, 300_000);

  it("is well formed: codes, changes, bases, shares of each census unit adding up to 1", async () => {
    const rows = await readCrosswalk(db);
    expect(rows.filter((x) => !x.basis.startsWith("generated")).length).toBeGreaterThanOrEqual(37);
    expect(rows.filter((x) => x.basis.startsWith("generated")).length).toBeGreaterThan(100);
    await expect(readCrosswalk(db, path.join(import.meta.dirname, "bad-crosswalk.csv"))).rejects.toThrow(/add up to 0\.9, not 1/);
  });

  it("names a census unit that exists in that year's table, and today's unit of the 2023 boundaries", async () => {
    const today = new Map(boundaries.units.map((u) => [u.code, u.name]));
    for (const x of await readCrosswalk(db)) {
      const at = `line ${x.line}: ${x.year} ${x.census_code} ${x.census_name} → ${x.code} ${x.name}`;
      expect(unit.get(`${x.year}:${x.census_code}`)?.name, at).toBe(x.census_name);
      expect(today.get(x.code), at).toBe(x.name);
      if (x.change === "recoded" || x.change === "moved" || x.change === "renamed") {
        // the same place under a new code (recoded: with the same name stem), and the 2020 census unit (where there is one) in proportion
        if (x.change === "recoded") expect(nameStem(x.name), at).toBe(nameStem(x.census_name));
        expect(x.share, at).toBe(1);
        const later = unit.get(`2020:${x.code}`);
        if (x.year === 2010 && later) {
          const ratio = later.total / unit.get(`2010:${x.census_code}`)!.total;
          expect(ratio, `${at}: 2020/2010 = ${ratio.toFixed(2)}`).toBeGreaterThan(0.6);
          expect(ratio, at).toBeLessThan(2.5);
        }
      }
      if (x.change === "merged") {
        // merged into a unit that exists in the same table under its own code
        expect(x.share, at).toBe(1);
        expect(unit.has(`${x.year}:${x.code}`) || unit.has(`2020:${x.code}`), at).toBe(true);
      }
    }
  });

  it("杭州 2020: the shares give the 2020 bulletin's figures for the new districts (2021 reorganisation)", async () => {
    const units = boundaries.units.filter((u) => u.code.startsWith("3301")).map((u) => ({code: u.code, name: u.name}));
    const r = await cityCensus("330100", units, db);
    const total = (code: string) => r.population.filter((p) => p.year === 2020 && p.district === code).reduce((s, p) => s + p.population, 0);
    // 杭州市第七次人口普查主要数据公报 (2021): persons by the new districts; apportioned per band, so within a few persons
    for (const [code, bulletin] of [["330102", 1323467], ["330105", 1120985], ["330109", 2011699], ["330110", 1226673], ["330113", 1175841], ["330114", 769150]] as const) {
      expect(Math.abs(total(code) - bulletin), `${code}: ${total(code)} vs ${bulletin}`).toBeLessThanOrEqual(40);
    }
    expect(r.totals.find((t) => t.year === 2020)).toEqual({year: 2020, written: 11936010, cityRow: 11936010, unmatched: 0, movedOut: 0});
  });

  it("深圳 2010: the split of 宝安 and 龙岗 keeps every person", async () => {
    const units = boundaries.units.filter((u) => u.code.startsWith("4403")).map((u) => ({code: u.code, name: u.name}));
    const r = await cityCensus("440300", units, db);
    expect(r.totals).toEqual([
      {year: 2010, written: 10358381, cityRow: 10358381, unmatched: 0, movedOut: 0},
      {year: 2020, written: 17494398, cityRow: 17494398, unmatched: 0, movedOut: 0}
    ]);
    expect(r.estimated.filter((e) => e.year === 2010).map((e) => e.name).sort()).toEqual(["光明区", "坪山区", "宝安区", "龙华区", "龙岗区"].sort());
    expect(apportion(10, [0.5, 0.25, 0.25])).toEqual([5, 3, 2]); // largest remainder: the parts add up to the whole
    expect(apportion(7, [0.5, 0.5]).reduce((a, b) => a + b)).toBe(7);
  });

  it("reports a unit it cannot match by name and code, with a suggested row (唐山 2010: 丰润区 and 丰南区 under each other's code)", async () => {
    const units = boundaries.units.filter((u) => u.code.startsWith("1302")).map((u) => ({code: u.code, name: u.name}));
    const r = await cityCensus("130200", units, db);
    const fengrun = r.unmatched.find((u) => u.year === 2010 && u.code === "130207");
    expect(fengrun).toMatchObject({name: "丰润区"});
    expect(fengrun!.suggestion).toMatch(/^2010,130207,丰润区,130208,丰润区,1,recoded,/);
    expect(r.missing).toContainEqual({year: 2010, code: "130208", name: "丰润区"});
    // the persons not written are counted, never dropped silently
    const t2010 = r.totals.find((t) => t.year === 2010)!;
    expect(t2010.unmatched).toBeGreaterThan(0);
    expect(t2010.written + t2010.unmatched).toBe(t2010.cityRow);
  });

  it("matches 长沙's 望城县 → 望城区 through a generated row (npm run census-crosswalk)", async () => {
    const units = boundaries.units.filter((u) => u.code.startsWith("4301")).map((u) => ({code: u.code, name: u.name}));
    const r = await cityCensus("430100", units, db);
    expect(r.unmatched).toEqual([]);
    const m = r.matches.find((x) => x.year === 2010 && x.census.code === "430122")!;
    expect(m.to).toMatchObject([{code: "430112", name: "望城区", share: 1, change: "recoded"}]);
    expect(r.totals.find((t) => t.year === 2010)).toMatchObject({written: 7040952, cityRow: 7040952, unmatched: 0});
  });

  it("leaves out a unit that moved to another city, and says so (资阳 2010: 简阳市 is 成都's today)", async () => {
    const units = boundaries.units.filter((u) => u.code.startsWith("5120")).map((u) => ({code: u.code, name: u.name}));
    const r = await cityCensus("512000", units, db);
    expect(r.movedOut).toEqual([{year: 2010, code: "512081", name: "简阳市", to: "510185 简阳市", persons: 1071214}]);
    const t2010 = r.totals.find((t) => t.year === 2010)!;
    expect(t2010.written + t2010.movedOut).toBe(t2010.cityRow);
    expect(r.unmatched).toEqual([]);
  });

  it("refuses a city the tables do not list", async () => {
    await expect(cityCensus("999900", [{code: "999901", name: "无此区"}], db)).rejects.toThrow(/list no county-level units for 999900/);
  });
});

it("ships the reference files", () => {
  expect(existsSync(CENSUS_PARQUET)).toBe(true);
  expect(existsSync(CROSSWALK_CSV)).toBe(true);
});
