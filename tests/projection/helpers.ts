// A tiny warehouse with staging.population and meta.params, and the population marts built on it.
import {readdir} from "node:fs/promises";
import path from "node:path";
import {Db} from "../../pipeline/db.ts";
import {MARTS_SQL_DIR} from "../../pipeline/marts.ts";

/** Only the population marts (the 0xx files of pipeline/sql/marts; the pipeline runs them through buildMarts). */
export async function buildPopulationMarts(db: Db): Promise<void> {
  const names = (await readdir(MARTS_SQL_DIR)).filter((name) => /^0\d\d_.*\.sql$/.test(name)).sort();
  for (const name of names) await db.runFile(path.join(MARTS_SQL_DIR, name));
}

export interface BacktestRow {
  district_code: string; // a district's code or 'CITY'
  base_years: string; // '2010,2015'
  target_year: number;
  indicator: "pop_60p" | "share_65p";
  observed: number | null;
  projected: number | null;
  ape: number | null; // absolute percentage error, %
}

/** The projection backtest as the run report lists it: one row per area and indicator, the city last. */
export async function projectionBacktest(db: Db): Promise<BacktestRow[]> {
  return db.all<BacktestRow>(
    `select district_code, base_years, target_year, indicator, observed, projected, ape
     from marts.projection_backtest
     order by district_code = 'CITY', district_code, indicator`
  );
}

/** [year, district_code, sex, age_lo, age_hi (null = open band), population] */
export type PopRow = [number, string, string, number, number | null, number];

export async function populationWarehouse(rows: PopRow[], params: Record<string, string> = {}): Promise<Db> {
  const db = await Db.open(":memory:", {threads: 1});
  await db.run(`create schema staging; create schema meta;
    create table staging.population(year INTEGER, district_code VARCHAR, sex VARCHAR, age_lo INTEGER, age_hi INTEGER, population BIGINT);
    create table meta.params(key VARCHAR, value VARCHAR);`);
  if (rows.length) {
    const values = rows.map(([y, d, s, lo, hi, p]) => `(${y}, '${d}', '${s}', ${lo}, ${hi ?? "null"}, ${p})`).join(",\n");
    await db.run(`insert into staging.population values ${values}`);
  }
  for (const [key, value] of Object.entries(params)) {
    await db.run("insert into meta.params values ($1, $2)", [key, value]);
  }
  await buildPopulationMarts(db);
  return db;
}

/**
 * A population whose projection is known in closed form: in 5-year bands b = 0..openBand (the last one open),
 * P(b, year) = scale · 2^b · g^((year − first) / n). When every band at t is g times the same band at t − n,
 * CCR(x) = g · P(x, t − n) / P(x − n, t − n), so P(x, t + n) = CCR(x) · P(x − n, t) = g · P(x, t); the same holds
 * for the open band and for 0–4 (the child–woman ratio is constant): every projected band is g^k times base-year t.
 * (2^b only makes the bands differ, so a band taken from the wrong neighbour shows.)
 */
export function geometric(opts: {
  district: string;
  years: number[];
  n?: number;
  g: number;
  openBand?: number;
  sexes?: Array<[string, number]>; // [sex, scale]
}): PopRow[] {
  const {district, years, g} = opts;
  const n = opts.n ?? 5;
  const openBand = opts.openBand ?? 17;
  const sexes = opts.sexes ?? [["male", 2], ["female", 1]];
  const rows: PopRow[] = [];
  for (const year of years) {
    const growth = g ** ((year - years[0]) / n);
    for (const [sex, scale] of sexes) {
      for (let b = 0; b <= openBand; b++) {
        rows.push([year, district, sex, 5 * b, b === openBand ? null : 5 * b + 4, scale * 2 ** b * growth]);
      }
    }
  }
  return rows;
}
