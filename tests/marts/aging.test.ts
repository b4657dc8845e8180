// Aging indicators: sums of bands, shares, dependency and stage, observed and projected; the city from its own totals.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, cell, emptyWarehouse, insert, population, value} from "./helpers.ts";

describe("aging indicators", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2"]);
    await insert(db, "marts.population", [
      // D1 2020, split by sex
      ...population(2020, "D1", "male", [[0, 14, 100], [15, 59, 500], [60, 64, 60], [65, 79, 50], [80, null, 10]]),
      ...population(2020, "D1", "female", [[0, 14, 90], [15, 59, 480], [60, 64, 70], [65, 79, 60], [80, null, 20]]),
      // D2 2020, only totals
      ...population(2020, "D2", "total", [[0, 14, 50], [15, 59, 200], [60, 64, 40], [65, 79, 80], [80, null, 30]]),
      // projections
      ...population(2030, "D1", "total", [[0, 14, 80], [15, 59, 420], [60, 64, 100], [65, 79, 100], [80, null, 20]], true),
      ...population(2030, "D2", "total", [[0, 14, 100], [15, 59, 300], [60, 64, 30], [65, 79, 20], [80, null, 5]], true)
    ]);
    await build(db);
  });
  afterAll(() => db.close());

  test("population counts sum the bands by lower bound", async () => {
    expect(await value(db, "pop_total", "D1", 2020)).toBe(100 + 500 + 60 + 50 + 10 + 90 + 480 + 70 + 60 + 20);
    expect(await value(db, "pop_60p", "D1", 2020)).toBe(60 + 50 + 10 + 70 + 60 + 20);
    expect(await value(db, "pop_65p", "D1", 2020)).toBe(50 + 10 + 60 + 20);
    expect(await value(db, "pop_80p", "D1", 2020)).toBe(10 + 20);
    expect(await value(db, "pop_total", "D2", 2020)).toBe(50 + 200 + 40 + 80 + 30);
    expect(await value(db, "pop_60p", "CITY", 2020)).toBe(270 + 150);
  });

  test("shares, oldest-old share and dependency", async () => {
    expect(await value(db, "share_60p", "D1", 2020)).toBeCloseTo((270 / 1440) * 100);
    expect(await value(db, "share_65p", "D2", 2020)).toBeCloseTo((110 / 400) * 100);
    expect(await value(db, "share_80p_of_60p", "D1", 2020)).toBeCloseTo((30 / 270) * 100);
    // 15–64 = the 15–59 and 60–64 bands
    expect(await value(db, "old_age_dependency", "D1", 2020)).toBeCloseTo((140 / (500 + 60 + 480 + 70)) * 100);
    const d = await cell(db, "old_age_dependency", "D2", 2020);
    expect(d?.numerator).toBe(110);
    expect(d?.denominator).toBe(200 + 40);
  });

  test("the city's share is its own ratio, not the mean of its districts", async () => {
    const city = (await value(db, "share_65p", "CITY", 2020))!;
    expect(city).toBeCloseTo(((140 + 110) / (1440 + 400)) * 100);
    const mean = ((140 / 1440) * 100 + (110 / 400) * 100) / 2;
    expect(Math.abs(city - mean)).toBeGreaterThan(1);
  });

  test("aging stage from the share aged 65+", async () => {
    expect(await value(db, "aging_stage", "D1", 2020)).toBe(1); // 9.7 %
    expect(await value(db, "aging_stage", "D2", 2020)).toBe(3); // 27.5 %
    expect(await value(db, "aging_stage", "CITY", 2020)).toBe(1); // 13.6 %, although the districts' mean is 18.6 %
    expect(await value(db, "aging_stage", "D1", 2030)).toBe(2); // 120 / 720 = 16.7 %
    expect(await value(db, "aging_stage", "D2", 2030)).toBe(0); // 25 / 455 = 5.5 %
  });

  test("projected years carry the flag, observed years do not", async () => {
    expect((await cell(db, "old_age_dependency", "D1", 2030))?.projected).toBe(true);
    expect(await value(db, "old_age_dependency", "D1", 2030)).toBeCloseTo((120 / (420 + 100)) * 100);
    expect((await cell(db, "pop_total", "CITY", 2030))?.projected).toBe(true);
    expect((await cell(db, "pop_total", "CITY", 2020))?.projected).toBe(false);
    // no target for aging indicators
    expect((await cell(db, "share_65p", "D1", 2020))?.status).toBeNull();
  });
});

test("'total' rows beside male and female rows are not counted twice", async () => {
  const db = await emptyWarehouse(["D1"]);
  await insert(db, "marts.population", [
    ...population(2020, "D1", "male", [[0, 59, 100], [60, null, 20]]),
    ...population(2020, "D1", "female", [[0, 59, 100], [60, null, 30]]),
    ...population(2020, "D1", "total", [[0, 59, 999], [60, null, 999]])
  ]);
  await build(db);
  expect(await value(db, "pop_total", "D1", 2020)).toBe(100 + 20 + 100 + 30);
  expect(await value(db, "pop_60p", "CITY", 2020)).toBe(20 + 30);
  db.close();
});
