// buildMarts: parameters and the indicator registry into the warehouse, then the marts SQL in file-name order.
import {readdir} from "node:fs/promises";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {Db, literal} from "./db.ts";
import {INDICATORS, INDICATOR_CODES, OUTLIER_RULES, SCORE_TIERS} from "./indicators/registry.ts";
import {writeContractLabels} from "./datasets/labels.ts";

export interface MartsParams {
  /** ISO date the task status is measured at. */
  asOf: string;
  /** Disclosure threshold: record-level counts below k are suppressed in the public tables (0 = none). */
  k: number;
  /** Last projected year (default 2035, or what meta.params already holds). */
  horizon?: number;
  /** Scorecard weights by indicator code: scored indicators not named keep weight 1, weight 0 leaves one out, naming an unscored one adds it. */
  weights?: Record<string, number>;
}

export interface MartsOptions {
  /** Which SQL files to run (default all); tests skip the population files they stand in for. */
  include?: (file: string) => boolean;
  sqlDir?: string;
}

export interface MartsStageOptions {
  /** The as-of date; default: the latest task report, else the end of the latest year with facilities or population. */
  asOf?: string;
  k: number;
  horizon?: number;
  /** The input is the synthetic Demo City: the site then says so on every page (meta.params demo). */
  demo: boolean;
}

/**
 * The marts stage, on a database the load stage filled: resolve the as-of date, build every mart on one thread, record
 * the demo flag. Returns the as-of date used.
 */
export async function martsStage(db: Db, o: MartsStageOptions): Promise<string> {
  const asOf = await resolveAsOf(db, o.asOf);
  // Parallel sums of doubles depend on thread scheduling (last-digit differences between reruns): the marts run on
  // one thread, so the same inputs give the same marts bit for bit (tests/reliability/kill.test.ts, rerun.test.ts).
  await db.run("set threads = 1");
  await buildMarts(db, {asOf, k: o.k, horizon: o.horizon});
  await db.run(`delete from meta.params where key = 'demo'; insert into meta.params values ('demo', ${literal(String(o.demo))})`);
  return asOf;
}

/** The as-of date: given, else the latest task report, else the end of the latest year with facilities. */
async function resolveAsOf(db: Db, given?: string): Promise<string> {
  if (given) return given;
  const row = await db.one<{d: string | null}>(`select coalesce(
      (select max(reported_on)::varchar from staging.task_progress),
      (select (max(year) || '-12-31') from staging.facilities),
      (select (max(year) || '-12-31') from staging.population)) as d`);
  return row?.d ?? new Date().toISOString().slice(0, 10);
}

export const MARTS_SQL_DIR = join(dirname(fileURLToPath(import.meta.url)), "sql", "marts");

export async function buildMarts(db: Db, params: MartsParams, options: MartsOptions = {}): Promise<string[]> {
  checkParams(params);
  await db.run("create schema if not exists meta; create schema if not exists marts; create schema if not exists work;");
  await writeParams(db, params);
  await writeRegistry(db, params.weights ?? {});
  // dataset, column and enum labels from the input contract, for sql/marts/310_labels.sql
  await writeContractLabels(db);
  const dir = options.sqlDir ?? MARTS_SQL_DIR;
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort().filter(options.include ?? (() => true));
  for (const file of files) {
    try {
      await db.runFile(join(dir, file));
    } catch (error) {
      throw new Error(`marts: ${file}: ${(error as Error).message}`, {cause: error});
    }
  }
  return files;
}

function checkParams(params: MartsParams): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.asOf) || Number.isNaN(Date.parse(params.asOf))) throw new Error(`marts: as_of must be an ISO date, got ${params.asOf}`);
  if (!Number.isInteger(params.k) || params.k < 0) throw new Error(`marts: k must be a whole number ≥ 0, got ${params.k}`);
  if (params.horizon !== undefined && !Number.isInteger(params.horizon)) throw new Error(`marts: horizon must be a year, got ${params.horizon}`);
  for (const [code, weight] of Object.entries(params.weights ?? {})) {
    if (!INDICATOR_CODES.has(code)) throw new Error(`marts: weight for unknown indicator ${code}`);
    if (!(Number.isFinite(weight) && weight >= 0)) throw new Error(`marts: weight for ${code} must be ≥ 0, got ${weight}`);
  }
}

async function writeParams(db: Db, params: MartsParams): Promise<void> {
  await db.run("create table if not exists meta.params(key varchar, value varchar)");
  const values: [string, string][] = [["as_of", params.asOf], ["k", String(params.k)]];
  if (params.horizon !== undefined) values.push(["projection_horizon", String(params.horizon)]);
  for (const [key, value] of values) {
    await db.run(`delete from meta.params where key = ${literal(key)}; insert into meta.params (key, value) values (${literal(key)}, ${literal(value)})`);
  }
  // the horizon defaults to 2035 unless the run already set one
  await db.run(`insert into meta.params (key, value) select 'projection_horizon', '2035' where not exists (select 1 from meta.params where key = 'projection_horizon')`);
}

function sqlText(value: string | undefined): string {
  return value === undefined ? "null" : literal(value);
}

function sqlNumber(value: number | undefined): string {
  return value === undefined ? "null" : String(value);
}

/** The registry, the score tiers and the outlier rules as warehouse tables, so the SQL reads them instead of repeating them. */
async function writeRegistry(db: Db, weights: Record<string, number> = {}): Promise<void> {
  const rows = INDICATORS.map((i, n) => {
    const weight = i.scored || weights[i.code] !== undefined ? (weights[i.code] ?? 1) : undefined;
    const inputs = `[${(i.inputs ?? []).map(literal).join(", ")}]::varchar[]`;
    return `(${[
      literal(i.code), n + 1, literal(i.group), literal(i.name_zh), literal(i.name_en), literal(i.definition_zh), literal(i.definition_en),
      literal(i.formula), literal(i.unit_zh), literal(i.unit_en), i.decimals, literal(i.direction),
      sqlNumber(i.target?.value), sqlText(i.target?.direction), sqlNumber(i.target?.from_year), sqlText(i.target?.basis_zh), sqlText(i.target?.basis_en),
      i.scored || weights[i.code] !== undefined ? "true" : "false", sqlNumber(weight), i.record_level ? "true" : "false", inputs, literal(i.page)
    ].join(", ")})`;
  });
  await db.run(`
    create or replace table marts.indicator_registry (
      code varchar, sort_order integer, indicator_group varchar, name_zh varchar, name_en varchar,
      definition_zh varchar, definition_en varchar, formula varchar, unit_zh varchar, unit_en varchar,
      decimals integer, direction varchar,
      target_value double, target_direction varchar, target_from_year integer, target_basis_zh varchar, target_basis_en varchar,
      scored boolean, weight double, record_level boolean, inputs varchar[], page varchar);
    insert into marts.indicator_registry values ${rows.join(",\n")};`);
  await db.run(`
    create or replace table marts.score_tiers (tier varchar, min_score double, label_zh varchar, label_en varchar);
    insert into marts.score_tiers values ${SCORE_TIERS.map((t) => `(${literal(t.tier)}, ${t.min_score}, ${literal(t.label_zh)}, ${literal(t.label_en)})`).join(", ")};
    create or replace table marts.outlier_rules (rule varchar, threshold double, description_zh varchar, description_en varchar);
    insert into marts.outlier_rules values ${OUTLIER_RULES.map((r) => `(${literal(r.rule)}, ${r.threshold}, ${literal(r.description_zh)}, ${literal(r.description_en)})`).join(", ")};`);
}
