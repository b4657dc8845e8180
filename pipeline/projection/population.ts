// The population marts (pipeline/sql/marts/010–099): observed population, Hamilton–Perry projections, backtest.
import {readdir} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {Db} from "../db.ts";

const martsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../sql/marts");

/** The population marts' SQL files, in the order they run (the 0xx files; indicator marts are 100+). */
export async function populationMartFiles(): Promise<string[]> {
  const names = (await readdir(martsDir)).filter((name) => /^0\d\d_.*\.sql$/.test(name)).sort();
  return names.map((name) => path.join(martsDir, name));
}

/**
 * Build only the population marts, for tests and scripts that have staging.population and meta.params but not the
 * other datasets; the pipeline runs the same files through buildMarts.
 */
export async function buildPopulationMarts(db: Db): Promise<void> {
  for (const file of await populationMartFiles()) await db.runFile(file);
}

export interface BacktestRow {
  district_code: string; // a district's code or 'CITY'
  base_years: string; // '2010,2015'
  target_year: number;
  /** pop_total, pop_60p, pop_65p, pop_80p, share_60p, share_65p, share_80p_of_60p, old_age_dependency */
  indicator: string;
  observed: number | null;
  projected: number | null;
  ape: number | null; // absolute percentage error, %
  horizon_years: number; // target year − base year: 5, 10, …
  pe: number | null; // algebraic percentage error, % (> 0: projected too high)
  controlled: boolean; // the district was controlled to the city's own projection
}

/** The projection backtests for the run report: one row per horizon, area and indicator, the city last in each horizon. */
export async function projectionBacktest(db: Db): Promise<BacktestRow[]> {
  return db.all<BacktestRow>(
    `select district_code, base_years, target_year, indicator, observed, projected, ape, horizon_years, pe, controlled
     from marts.projection_backtest
     order by horizon_years, district_code = 'CITY', district_code, indicator`
  );
}

export interface AccuracyRow {
  area_code: string; // a district, 'CITY', or 'DISTRICTS' (over all districts)
  horizon_years: number;
  indicator: string;
  n: number;
  mape: number | null;
  malpe: number | null;
}

/** MAPE and MALPE per area, horizon and indicator (marts.projection_accuracy). */
export async function projectionAccuracy(db: Db): Promise<AccuracyRow[]> {
  return db.all<AccuracyRow>(
    `select area_code, horizon_years, indicator, n, mape, malpe from marts.projection_accuracy
     order by horizon_years, area_code = 'DISTRICTS', area_code = 'CITY', area_code, indicator`
  );
}
