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
  indicator: "pop_60p" | "share_65p";
  observed: number | null;
  projected: number | null;
  ape: number | null; // absolute percentage error, %
}

/** The projection backtest for the run report: one row per area and indicator, the city last. */
export async function projectionBacktest(db: Db): Promise<BacktestRow[]> {
  return db.all<BacktestRow>(
    `select district_code, base_years, target_year, indicator, observed, projected, ape
     from marts.projection_backtest
     order by district_code = 'CITY', district_code, indicator`
  );
}
