// Capacity indicators, bed gaps (with projected years), and how targets resolve: district row, city row, national default.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, cell, emptyWarehouse, insert, oldBands, population, value, type Row} from "./helpers.ts";

/** D1: 60+ = 1000 (65+ = 600); D2: 60+ = 3000 (65+ = 2000); 2030 projected: D2 60+ = 4000. */
const POPULATION: Row[] = [
  ...population(2023, "D1", "total", oldBands(500, 400, 500, 100, 2000)),
  ...population(2023, "D2", "total", oldBands(500, 1000, 1500, 500, 2000)),
  ...population(2030, "D1", "total", oldBands(500, 400, 500, 100, 2000), true),
  ...population(2030, "D2", "total", oldBands(500, 2000, 1500, 500, 2000), true)
];

function facility(facility_id: string, district_code: string, type: string, beds: number, nursing_beds: number, residents: number, star: number, on_platform: boolean, year = 2023): Row {
  return {year, facility_id, name: facility_id, district_code, type, ownership: "public", beds, nursing_beds, residents, star, on_platform};
}

const FACILITIES: Row[] = [
  facility("F1", "D1", "institution", 100, 40, 80, 3, true),
  facility("F2", "D1", "community", 20, 5, 10, 0, false),
  facility("F3", "D1", "station", 6, 0, 0, 0, true), // stations' beds are not care beds
  facility("F4", "D1", "canteen", 0, 0, 0, 0, true),
  facility("F5", "D2", "institution", 50, 30, 5, 1, true),
  facility("F6", "D2", "institution", 10, 0, 12, 0, false)
];

function elder(person_key: string, district_code: string, ability_level: number, died_on: string | null = null): Row {
  return {person_key, district_code, ability_level, died_on, special: "none", registered_on: "2023-01-10"};
}

const ELDERS: Row[] = [
  elder("E1", "D1", 2),
  elder("E2", "D1", 4, "2023-06-01"), // dead by the end of 2023
  elder("E3", "D1", 1), // mild: not counted
  elder("E4", "D1", 3, "2024-02-01"), // alive at the end of 2023, not of 2024
  elder("E5", "D2", 2)
];

async function fixture(targets: Row[] = []): Promise<Db> {
  const db = await emptyWarehouse(["D1", "D2"]);
  await insert(db, "marts.population", POPULATION);
  await insert(db, "staging.facilities", FACILITIES);
  await insert(db, "staging.elders", ELDERS);
  await insert(db, "staging.targets", targets);
  await build(db, {asOf: "2024-03-31"});
  return db;
}

describe("capacity indicators with the national default targets", () => {
  let db: Db;
  beforeAll(async () => {
    db = await fixture();
  });
  afterAll(() => db.close());

  test("beds: institutions and community centres only", async () => {
    expect(await value(db, "beds_total", "D1", 2023)).toBe(100 + 20);
    expect(await value(db, "beds_total", "D2", 2023)).toBe(50 + 10);
    expect(await value(db, "beds_total", "CITY", 2023)).toBe(180);
  });

  test("beds per 1,000: the city is its own ratio, not the mean of districts", async () => {
    expect(await value(db, "beds_per_1000_60p", "D1", 2023)).toBeCloseTo((120 / 1000) * 1000);
    expect(await value(db, "beds_per_1000_60p", "D2", 2023)).toBeCloseTo((60 / 3000) * 1000);
    const city = (await value(db, "beds_per_1000_60p", "CITY", 2023))!;
    expect(city).toBeCloseTo((180 / 4000) * 1000); // 45, while the districts' mean is 70
    expect(city).not.toBeCloseTo((120 + 20) / 2);
    expect(await value(db, "beds_per_1000_65p", "D2", 2023)).toBeCloseTo((60 / 2000) * 1000);
    const c = await cell(db, "beds_per_1000_60p", "CITY", 2023);
    expect([c?.numerator, c?.denominator]).toEqual([180, 4000]);
  });

  test("institution shares: nursing beds, occupancy, stars", async () => {
    expect(await value(db, "nursing_bed_share", "D1", 2023)).toBeCloseTo((40 / 100) * 100);
    expect(await value(db, "nursing_bed_share", "D2", 2023)).toBeCloseTo((30 / 60) * 100);
    expect(await value(db, "nursing_bed_share", "CITY", 2023)).toBeCloseTo((70 / 160) * 100);
    expect(await value(db, "occupancy_rate", "D2", 2023)).toBeCloseTo(((5 + 12) / 60) * 100);
    expect(await value(db, "occupancy_rate", "CITY", 2023)).toBeCloseTo(((80 + 5 + 12) / 160) * 100);
    expect(await value(db, "rated_share", "D2", 2023)).toBeCloseTo((1 / 2) * 100);
    expect(await value(db, "rated_share", "CITY", 2023)).toBeCloseTo((2 / 3) * 100);
    expect(await value(db, "star3p_share", "D1", 2023)).toBeCloseTo(100);
    expect(await value(db, "star3p_share", "CITY", 2023)).toBeCloseTo((1 / 3) * 100);
  });

  test("facilities of all types are counted", async () => {
    expect(await value(db, "facilities_count", "D1", 2023)).toBe(4);
    expect(await value(db, "facilities_count", "CITY", 2023)).toBe(6);
  });

  test("disabled elders: alive at year-end with ability level ≥ 2", async () => {
    expect(await value(db, "disabled_elders", "D1", 2023)).toBe(2); // E1, E4
    expect(await value(db, "disabled_elders", "D2", 2023)).toBe(1);
    expect(await value(db, "disabled_elders", "CITY", 2023)).toBe(3);
    expect(await value(db, "disabled_elders", "D1", 2024)).toBe(1); // E4 died in 2024
  });

  test("disabled elders by year (spec v2): registered by the year-end, aged 60+ then, alive then; the as-of date in the as-of year", async () => {
    const db = await emptyWarehouse(["D1"]);
    await insert(db, "staging.elders", [
      {person_key: "A", district_code: "D1", ability_level: 3, birth_date: "1950-05-01", registered_on: "2021-03-01", special: "none"},
      // registered in 2023: not in 2021 or 2022 (the register keeps no back-dated history)
      {person_key: "B", district_code: "D1", ability_level: 2, birth_date: "1940-01-01", registered_on: "2023-07-01", special: "none"},
      // 60 on 2022-08-01: not 60+ at the end of 2021, counted from 2022
      {person_key: "C", district_code: "D1", ability_level: 4, birth_date: "1962-08-01", registered_on: "2020-01-15", special: "none"},
      // died 2022-12-31: not alive at the end of 2022
      {person_key: "D", district_code: "D1", ability_level: 2, birth_date: "1945-01-01", registered_on: "2020-06-01", died_on: "2022-12-31", special: "none"},
      // registered after the as-of date: not known yet
      {person_key: "E", district_code: "D1", ability_level: 2, birth_date: "1945-01-01", registered_on: "2024-05-01", special: "none"},
      // died before turning 60: never counted
      {person_key: "F", district_code: "D1", ability_level: 2, birth_date: "1970-01-01", registered_on: "2020-01-01", died_on: "2021-01-01", special: "none"},
      {person_key: "G", district_code: "D1", ability_level: 1, birth_date: "1940-01-01", registered_on: "2020-01-01", special: "none"}
    ]);
    await build(db, {asOf: "2024-03-31"});
    const series = await db.all<{year: number; value: number}>(
      "select year, value from marts.indicator_values where indicator = 'disabled_elders' and area_code = 'D1' order by year"
    );
    expect(series).toEqual([
      {year: 2020, value: 1}, // D
      {year: 2021, value: 2}, // A, D
      {year: 2022, value: 2}, // A, C
      {year: 2023, value: 3}, // A, B, C
      {year: 2024, value: 3} // at 2024-03-31: E is registered later
    ]);
    db.close();
  });

  test("nursing bed pressure counts nursing beds of all types", async () => {
    expect(await value(db, "nursing_bed_pressure", "D1", 2023)).toBeCloseTo(2 / (40 + 5));
    expect(await value(db, "nursing_bed_pressure", "CITY", 2023)).toBeCloseTo(3 / (40 + 5 + 30));
  });

  test("bed gap at the default standard of 35 per 1,000, also at the horizon", async () => {
    expect(await value(db, "bed_gap", "D1", 2023)).toBe(0); // 35 needed, 120 there
    expect(await value(db, "bed_gap", "D2", 2023)).toBeCloseTo((35 * 3000) / 1000 - 60);
    // the city's gap is the sum of the districts' shortfalls: D1's surplus (85 beds) does not house D2's elders, though
    // city totals (140 needed, 180 there) would show none
    expect(await value(db, "bed_gap", "CITY", 2023)).toBeCloseTo((35 * 3000) / 1000 - 60);
    const horizon = await cell(db, "bed_gap", "D2", 2030);
    expect(horizon?.value).toBeCloseTo((35 * 4000) / 1000 - 60); // the latest observed beds, carried forward
    expect(horizon?.projected).toBe(true);
    expect((await cell(db, "bed_gap", "D2", 2023))?.projected).toBe(false);
  });

  test("nursing bed gap at the default share of 55 %", async () => {
    expect(await value(db, "nursing_bed_gap", "D1", 2023)).toBeCloseTo(0.55 * 100 - 40);
    expect(await value(db, "nursing_bed_gap", "D2", 2023)).toBeCloseTo(0.55 * 60 - 30);
    expect(await value(db, "nursing_bed_gap", "CITY", 2023)).toBeCloseTo(0.55 * 160 - 70);
  });

  test("default targets apply from their first year; no target, no status", async () => {
    const d1 = await cell(db, "beds_per_1000_60p", "D1", 2023);
    expect([d1?.target, d1?.status]).toEqual([35, "met"]);
    const d2 = await cell(db, "beds_per_1000_60p", "D2", 2023);
    expect([d2?.target, d2?.status]).toEqual([35, "not_met"]);
    // the nursing share target starts in 2025
    const share = await cell(db, "nursing_bed_share", "D1", 2023);
    expect([share?.target, share?.status]).toEqual([null, null]);
    const beds = await cell(db, "beds_total", "D1", 2023);
    expect([beds?.target, beds?.status]).toEqual([null, null]);
    const inForce = await db.one<{target: number; source: string}>(
      "select target, source from marts.targets_in_force where indicator = 'nursing_bed_share' and area_code = 'D2' and year = 2030"
    );
    expect(inForce).toEqual({target: 55, source: "default"});
  });
});

describe("targets from the targets dataset", () => {
  let db: Db;
  beforeAll(async () => {
    db = await fixture([
      {indicator: "nursing_bed_share", scope: "CITY", year: 2023, target: 52, direction: "at_least", basis: "市级规划"},
      {indicator: "nursing_bed_share", scope: "D1", year: 2022, target: 35, direction: "at_least", basis: null},
      {indicator: "beds_per_1000_60p", scope: "CITY", year: 2023, target: 40, direction: null, basis: null},
      {indicator: "nursing_bed_pressure", scope: "CITY", year: 2023, target: 0.04, direction: "at_most", basis: null}
    ]);
  });
  afterAll(() => db.close());

  test("a district row beats the city row; the city row applies to the other districts and the city", async () => {
    const d1 = await cell(db, "nursing_bed_share", "D1", 2023);
    expect([d1?.target, d1?.status]).toEqual([35, "met"]); // 40 ≥ 35
    const d2 = await cell(db, "nursing_bed_share", "D2", 2023);
    expect([d2?.target, d2?.status]).toEqual([52, "not_met"]); // 50 < 52
    const city = await cell(db, "nursing_bed_share", "CITY", 2023);
    expect([city?.target, city?.status]).toEqual([52, "not_met"]); // 43.75 < 52
  });

  test("a row stays in force for later years and replaces the national default", async () => {
    const rows = await db.all<{area_code: string; target: number; source: string}>(
      "select area_code, target, source from marts.targets_in_force where indicator = 'nursing_bed_share' and year = 2030 order by area_code"
    );
    expect(rows).toEqual([
      {area_code: "CITY", target: 52, source: "city"},
      {area_code: "D1", target: 35, source: "district"},
      {area_code: "D2", target: 52, source: "city"}
    ]);
  });

  test("at-most targets are met at or below the target", async () => {
    expect((await cell(db, "nursing_bed_pressure", "D1", 2023))?.status).toBe("not_met"); // 2/45 = 0.044
    expect((await cell(db, "nursing_bed_pressure", "D2", 2023))?.status).toBe("met"); // 1/30 = 0.033
    expect((await cell(db, "nursing_bed_pressure", "CITY", 2023))?.status).toBe("met"); // 3/75 = 0.04
  });

  test("the gaps use the target in force", async () => {
    expect(await value(db, "bed_gap", "D2", 2023)).toBeCloseTo((40 * 3000) / 1000 - 60);
    expect(await value(db, "bed_gap", "D2", 2030)).toBeCloseTo((40 * 4000) / 1000 - 60);
    expect(await value(db, "nursing_bed_gap", "D1", 2023)).toBeCloseTo(0); // 0.35 × 100 − 40 < 0
    expect(await value(db, "nursing_bed_gap", "D2", 2023)).toBe(Math.ceil(0.52 * 60 - 30)); // 1.2 beds short: 2 whole beds
    expect((await cell(db, "beds_per_1000_60p", "D2", 2023))?.target).toBe(40);
  });
});

describe("prediction intervals of projected figures contain the projection (one-sided backtest errors)", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2"]);
    await insert(db, "marts.population", POPULATION);
    await insert(db, "staging.facilities", FACILITIES);
    // a forecast from 2023 (horizon 7 in 2030) whose backtests all erred low, by 2 to 3 %: the signed 10th–90th
    // percentiles (−3, −2) would put the whole interval above the projection; the absolute errors' 90th percentile is 3
    await insert(db, "marts.projection_bases", ["D1", "D2", "CITY"].map((district_code) => ({
      purpose: "forecast", district_code, year_from: 2018, base_year: 2023, target_year: 2030, last_observed_year: 2023,
      step_years: 5, steps: 2, sex_mode: "both", open_age: 85, status: "ok", horizon_years: 7
    })));
    await insert(db, "marts.projection_intervals", ["pop_60p", "pop_65p"].map((indicator) => ({
      indicator, horizon_years: 7, pe_p10: -3, pe_p90: -2, ape_p90: 3, basis: "backtest", n_errors: 2
    })));
    await build(db, {asOf: "2024-03-31"});
  });
  afterAll(() => db.close());

  test("every projected figure with an interval has lower ≤ value ≤ upper", async () => {
    const rows = await db.all<{indicator: string; area_code: string; value: number; pi_lower: number; pi_upper: number}>(
      "select indicator, area_code, value, pi_lower, pi_upper from marts.indicator_values where projected and pi_lower is not null"
    );
    expect(rows.map((r) => r.indicator)).toEqual(expect.arrayContaining(["pop_60p", "pop_65p", "bed_gap"]));
    for (const r of rows) {
      expect(r.pi_lower, `${r.indicator} ${r.area_code}`).toBeLessThanOrEqual(r.value + 1e-9);
      expect(r.value, `${r.indicator} ${r.area_code}`).toBeLessThanOrEqual(r.pi_upper + 1e-9);
    }
  });

  test("the 60+ interval is [v / 1.03, v / 0.97]; the bed gap follows it; the city's is the sum of the districts'", async () => {
    const pop = await cell(db, "pop_60p", "D2", 2030);
    expect(pop?.pi_lower).toBeCloseTo(4000 / 1.03);
    expect(pop?.pi_upper).toBeCloseTo(4000 / 0.97);
    const d2 = await cell(db, "bed_gap", "D2", 2030);
    expect(d2?.value).toBeCloseTo(35 * 4 - 60);
    // in whole beds (75.9 and 84.3 beds short: 76 and 85 beds)
    expect(d2?.pi_lower).toBe(Math.ceil((35 * 4000) / 1.03 / 1000 - 60));
    expect(d2?.pi_upper).toBe(Math.ceil((35 * 4000) / 0.97 / 1000 - 60));
    const d1 = await cell(db, "bed_gap", "D1", 2030);
    expect([d1?.value, d1?.pi_lower, d1?.pi_upper]).toEqual([0, 0, 0]); // 35 needed at most, 120 there
    const city = await cell(db, "bed_gap", "CITY", 2030);
    expect(city?.value).toBe(d2!.value! + d1!.value!);
    expect(city?.pi_lower).toBe(d2!.pi_lower! + d1!.pi_lower!);
    expect(city?.pi_upper).toBe(d2!.pi_upper! + d1!.pi_upper!);
  });
});
