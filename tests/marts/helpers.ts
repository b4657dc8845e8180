// Test fixtures for the marts: empty staging tables as in docs/architecture.md, row inserts, and value look-ups.
import {Db, literal} from "../../pipeline/db.ts";
import {buildMarts, type MartsParams} from "../../pipeline/marts.ts";

const DDL = `
create schema staging; create schema marts; create schema meta;
create table staging.districts(code varchar, name varchar, name_en varchar, kind varchar, aliases varchar[], area_km2 double);
create table staging.district_shapes(code varchar, geometry varchar);
create table staging.population(year integer, district_code varchar, sex varchar, age_lo integer, age_hi integer, population bigint);
create table staging.facilities(year integer, facility_id varchar, name varchar, district_code varchar, type varchar, ownership varchar,
  beds integer, nursing_beds integer, residents integer, star integer, on_platform boolean, medical boolean, lon double, lat double);
create table staging.elders(person_key varchar, birth_date date, sex varchar, district_code varchar, ability_level integer,
  assessed_on date, living varchar, special varchar, registered_on date, died_on date);
create table staging.service_orders(order_id varchar, person_key varchar, district_code varchar, facility_id varchar, service varchar,
  channel varchar, ordered_at timestamp, completed_at timestamp, status varchar, fee_yuan double, subsidy_yuan double, rating integer);
create table staging.targets(indicator varchar, scope varchar, year integer, target double, direction varchar, basis varchar);
create table staging.tasks(task_id varchar, year integer, title varchar, category varchar, lead_unit varchar, district_code varchar,
  unit varchar, target double, due date);
create table staging.task_progress(task_id varchar, reported_on date, value double, note varchar);
create table marts.population(year integer, district_code varchar, sex varchar, age_lo integer, age_hi integer, population double, projected boolean);
create table marts.projection_bases(purpose varchar, district_code varchar, year_from integer, base_year integer, target_year integer,
  last_observed_year integer, step_years integer, steps integer, sex_mode varchar, open_age integer, status varchar, horizon_years integer);
create table marts.projection_intervals(indicator varchar, horizon_years integer, pe_p10 double, pe_p90 double, ape_p90 double, basis varchar, n_errors integer);
`;

export type Row = Record<string, string | number | boolean | null>;

function sqlValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return literal(value);
  return String(value);
}

/** An in-memory warehouse with every staging table (empty) and marts.population, as the loader and the population marts leave it. */
export async function emptyWarehouse(districts: string[] = ["D1", "D2"]): Promise<Db> {
  const db = await Db.open(":memory:", {threads: 1});
  await db.run(DDL);
  await insert(db, "staging.districts", districts.map((code) => ({code, name: `${code}区`, name_en: `${code} District`, kind: "district"})));
  return db;
}

export async function insert(db: Db, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const values = rows.map((r) => `(${columns.map((c) => sqlValue(r[c])).join(", ")})`);
  await db.run(`insert into ${table} (${columns.join(", ")}) values ${values.join(", ")}`);
}

/** Population rows for one (year, district, sex): bands as [age_lo, age_hi | null, persons]. */
export function population(year: number, district_code: string, sex: string, bands: [number, number | null, number][], projected = false): Row[] {
  return bands.map(([age_lo, age_hi, persons]) => ({year, district_code, sex, age_lo, age_hi, population: persons, projected}));
}

/** Bands with the given persons aged 60–64, 65–79 and 80+ (and some younger people, which the tests state). */
export function oldBands(young: number, p60_64: number, p65_79: number, p80p: number, p15_59 = 0): [number, number | null, number][] {
  return [[0, 14, young], [15, 59, p15_59], [60, 64, p60_64], [65, 79, p65_79], [80, null, p80p]];
}

/** buildMarts on the test warehouse, skipping the population files (010–099) that marts.population stands in for. */
export async function build(db: Db, params: Partial<MartsParams> = {}): Promise<void> {
  await buildMarts(db, {asOf: "2024-12-31", k: 10, ...params}, {include: (file) => file >= "100"});
}

export interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: string | null;
  projected: boolean;
  suppressed?: boolean;
  pi_lower?: number | null;
  pi_upper?: number | null;
}

export async function cell(db: Db, indicator: string, area: string, year: number, table = "marts.indicator_values"): Promise<Cell | undefined> {
  const rows = await db.all<Cell>(`select * from ${table} where indicator = ? and area_code = ? and year = ?`, [indicator, area, year]);
  if (rows.length > 1) throw new Error(`${rows.length} rows for ${indicator} ${area} ${year}`);
  return rows[0];
}

/** The value of one cell; fails the test when the cell is missing. */
export async function value(db: Db, indicator: string, area: string, year: number, table?: string): Promise<number | null> {
  const c = await cell(db, indicator, area, year, table);
  if (!c) throw new Error(`no row for ${indicator} ${area} ${year}`);
  return c.value;
}
