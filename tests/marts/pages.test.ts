// The page marts: areas, population pyramid, facility points and types, providers under supervision.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, emptyWarehouse, insert, population, type Row} from "./helpers.ts";

function facility(year: number, facility_id: string, district_code: string, type: string, beds: number, nursing_beds: number, residents: number, star: number | null, on_platform = true): Row {
  return {year, facility_id, name: `${facility_id}养老院`, district_code, type, ownership: "private", beds, nursing_beds, residents, star, on_platform, lon: 117.0, lat: 36.6};
}

describe("page marts", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2"]);
    await insert(db, "marts.population", [
      ...population(2020, "D1", "male", [[0, 59, 300], [60, 64, 40], [65, null, 60]]),
      ...population(2020, "D1", "female", [[0, 59, 280], [60, 64, 50], [65, null, 70]]),
      ...population(2020, "D2", "male", [[0, 59, 100], [60, 64, 10], [65, null, 20]]),
      ...population(2020, "D2", "female", [[0, 59, 90], [60, 64, 15], [65, null, 25]]),
      ...population(2025, "D1", "male", [[0, 59, 290], [60, 64, 45], [65, null, 70]], true)
    ]);
    await insert(db, "staging.facilities", [
      facility(2020, "P1", "D1", "institution", 100, 0, 10, 0),
      facility(2023, "P1", "D1", "institution", 100, 10, 50, null),
      facility(2023, "P2", "D2", "institution", 40, 0, 50, 2),
      facility(2023, "P3", "D2", "institution", 60, 30, 30, 3, false),
      facility(2023, "C1", "D2", "community", 20, 0, 2, 0)
    ]);
    await build(db);
  });
  afterAll(() => db.close());

  test("areas: the city first, then the districts", async () => {
    const rows = await db.all("select area_code, name_zh, is_city from marts.areas order by sort_order");
    expect(rows).toEqual([
      {area_code: "CITY", name_zh: "全市", is_city: true},
      {area_code: "D1", name_zh: "D1区", is_city: false},
      {area_code: "D2", name_zh: "D2区", is_city: false}
    ]);
  });

  test("population pyramid: districts and the city by sex and band, with shares", async () => {
    const city = await db.all<{sex: string; age_band: string; population: number; share_pct: number; projected: boolean}>(
      "select sex, age_band, population, share_pct, projected from marts.population_pyramid where area_code = 'CITY' and year = 2020 order by sex, age_lo"
    );
    const total = 300 + 40 + 60 + 280 + 50 + 70 + 100 + 10 + 20 + 90 + 15 + 25;
    expect(city.map((r) => [r.sex, r.age_band, r.population])).toEqual([
      ["female", "0-59", 280 + 90], ["female", "60-64", 50 + 15], ["female", "65+", 70 + 25],
      ["male", "0-59", 300 + 100], ["male", "60-64", 40 + 10], ["male", "65+", 60 + 20]
    ]);
    expect(city[2].share_pct).toBeCloseTo((95 / total) * 100);
    const projected = await db.all("select distinct projected from marts.population_pyramid where year = 2025");
    expect(projected).toEqual([{projected: true}]);
  });

  test("facility points: occupancy and the latest year", async () => {
    const rows = await db.all<{year: number; facility_id: string; occupancy_pct: number; is_latest: boolean; star: number}>(
      "select year, facility_id, occupancy_pct, is_latest, star from marts.facility_points where facility_id = 'P1' order by year"
    );
    expect(rows.map((r) => [r.year, r.is_latest, r.star])).toEqual([[2020, false, 0], [2023, true, 0]]);
    expect(rows[1].occupancy_pct).toBeCloseTo((50 / 100) * 100);
  });

  test("facilities by type, area and year", async () => {
    const rows = await db.all("select area_code, type, facilities, beds, on_platform, rated from marts.facilities_by_type where year = 2023 order by area_code, type");
    expect(rows).toEqual([
      {area_code: "CITY", type: "community", facilities: 1, beds: 20, on_platform: 1, rated: 0},
      {area_code: "CITY", type: "institution", facilities: 3, beds: 200, on_platform: 2, rated: 2},
      {area_code: "D1", type: "institution", facilities: 1, beds: 100, on_platform: 1, rated: 0},
      {area_code: "D2", type: "community", facilities: 1, beds: 20, on_platform: 1, rated: 0},
      {area_code: "D2", type: "institution", facilities: 2, beds: 100, on_platform: 1, rated: 2}
    ]);
  });

  test("providers under supervision: institutions only, with their flags", async () => {
    const rows = await db.all<{year: number; facility_id: string; flags: string[]; flag_count: number; nursing_share_pct: number | null}>(
      "select year, facility_id, flags, flag_count, nursing_share_pct from marts.provider_supervision order by year, facility_id"
    );
    expect(rows.map((r) => [r.year, r.facility_id, r.flags])).toEqual([
      [2020, "P1", ["low_occupancy", "no_nursing_beds"]], // 10 % occupied; 100 beds, none for nursing care
      [2023, "P1", ["unrated_long"]], // unrated three years after 2020
      [2023, "P2", ["over_occupancy"]], // 50 residents in 40 beds; 40 beds is below 50
      [2023, "P3", []]
    ]);
    expect(rows[1].nursing_share_pct).toBeCloseTo((10 / 100) * 100);
    expect(rows[0].flag_count).toBe(2);
  });
});
