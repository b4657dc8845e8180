// District scorecard: scores against targets, weights, rank, change on last year, tiers; and the annual task status.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, cell, emptyWarehouse, insert, oldBands, population, value, type Row} from "./helpers.ts";

function institution(year: number, facility_id: string, district_code: string, beds: number, residents: number, star: number): Row {
  return {year, facility_id, name: facility_id, district_code, type: "institution", beds, nursing_beds: 0, residents, star, on_platform: true};
}

async function fixture(weights?: Record<string, number>): Promise<Db> {
  const db = await emptyWarehouse(["D1", "D2"]);
  await insert(db, "marts.population", [2022, 2023].flatMap((year) => [
    ...population(year, "D1", "total", oldBands(500, 400, 500, 100)), // 60+ = 1000
    ...population(year, "D2", "total", oldBands(500, 1000, 1500, 500)) // 60+ = 3000
  ]));
  await insert(db, "staging.facilities", [
    institution(2022, "F1", "D1", 100, 40, 3),
    institution(2022, "F5", "D2", 50, 5, 1),
    institution(2023, "F1", "D1", 100, 80, 3),
    institution(2023, "F2", "D1", 20, 10, 0),
    institution(2023, "F5", "D2", 50, 5, 1),
    institution(2023, "F6", "D2", 10, 12, 0)
  ]);
  await insert(db, "staging.targets", [
    // beds_per_1000_60p keeps the national default of 35
    {indicator: "rated_share", scope: "CITY", year: 2022, target: 80, direction: "at_least"},
    {indicator: "occupancy_rate", scope: "CITY", year: 2022, target: 50, direction: "at_most"},
    {indicator: "beds_total", scope: "CITY", year: 2022, target: 1, direction: "at_least"} // not a scored indicator
  ]);
  await build(db, {weights});
  return db;
}

interface Card {
  area_code: string;
  year: number;
  score: number;
  rank: number | null;
  score_change: number | null;
  tier: string;
  indicators_scored: number;
}

describe("district scorecard, equal weights", () => {
  let db: Db;
  let cards: Map<string, Card>;
  // 2023: D1 beds 120 per 1,000 (score 100), rated 1/2 = 50 % (50/80), occupancy 90/120 = 75 % (50/75)
  const d1 = (100 + (50 / 80) * 100 + (50 / 75) * 100) / 3;
  // D2 beds 60 / 3,000 → 20 per 1,000 (20/35), rated 1/2 = 50 % (50/80), occupancy 17/60 = 28.3 % (≤ 50: 100)
  const d2 = ((20 / 35) * 100 + (50 / 80) * 100 + 100) / 3;
  // the city from its own totals: 180 / 4,000 → 45 (100), rated 2/4 (50/80), occupancy 107/180 (50 / (107/180 × 100))
  const city = (100 + (50 / 80) * 100 + (50 / ((107 / 180) * 100)) * 100) / 3;
  // 2022: D1 beds 100 (100), rated 100 %, occupancy 40 % → 100; D2 50/3000 → 16.7 (16.67/35), rated 100 %, occupancy 10 % → 100
  const d1Before = 100;
  const d2Before = ((50 / 3) / 35 * 100 + 100 + 100) / 3;

  beforeAll(async () => {
    db = await fixture();
    const rows = await db.all<Card>("select * from marts.district_scorecard");
    cards = new Map(rows.map((r) => [`${r.area_code} ${r.year}`, r]));
  });
  afterAll(() => db.close());

  test("per-indicator scores follow the direction of the target", async () => {
    const items = await db.all<{indicator: string; score: number}>(
      "select indicator, score from marts.district_scorecard_items where area_code = 'D1' and year = 2023 order by indicator"
    );
    expect(items.map((i) => i.indicator)).toEqual(["beds_per_1000_60p", "occupancy_rate", "rated_share"]); // beds_total is not scored
    expect(items[0].score).toBeCloseTo(100);
    expect(items[1].score).toBeCloseTo((50 / 75) * 100);
    expect(items[2].score).toBeCloseTo((50 / 80) * 100);
  });

  test("overall score, rank, change and tier", async () => {
    expect(cards.get("D1 2023")?.score).toBeCloseTo(d1);
    expect(cards.get("D2 2023")?.score).toBeCloseTo(d2);
    expect(cards.get("CITY 2023")?.score).toBeCloseTo(city);
    expect(cards.get("D1 2023")?.rank).toBe(1);
    expect(cards.get("D2 2023")?.rank).toBe(2);
    expect(cards.get("CITY 2023")?.rank).toBeNull();
    expect(cards.get("D1 2023")?.score_change).toBeCloseTo(d1 - d1Before);
    expect(cards.get("D2 2023")?.score_change).toBeCloseTo(d2 - d2Before);
    expect(cards.get("D1 2022")?.score_change).toBeNull();
    expect(cards.get("D1 2022")?.tier).toBe("A"); // 100
    expect(cards.get("D1 2023")?.tier).toBe("B"); // 76.4
    expect(cards.get("D2 2023")?.tier).toBe("C"); // 73.0
  });

  test("score and rank are indicators too", async () => {
    expect(await value(db, "district_score", "D2", 2023)).toBeCloseTo(d2);
    expect(await value(db, "district_score", "CITY", 2023)).toBeCloseTo(city);
    expect(await value(db, "district_rank", "D2", 2023)).toBe(2);
    expect((await db.all("select 1 from marts.indicator_values where indicator = 'district_rank' and area_code = 'CITY'")).length).toBe(0);
  });
});

test("weights change the district score", async () => {
  const db = await fixture({beds_per_1000_60p: 2, rated_share: 1, occupancy_rate: 1});
  expect(await value(db, "district_score", "D1", 2023)).toBeCloseTo((2 * 100 + (50 / 80) * 100 + (50 / 75) * 100) / 4);
  expect(await value(db, "district_score", "D2", 2023)).toBeCloseTo((2 * (20 / 35) * 100 + (50 / 80) * 100 + 100) / 4);
  db.close();
});

test("a year whose population is estimated between censuses is still scored", async () => {
  const db = await emptyWarehouse(["D1"]);
  await insert(db, "marts.population", population(2023, "D1", "total", oldBands(500, 400, 500, 100), true)); // 60+ = 1000
  await insert(db, "staging.facilities", [institution(2023, "F1", "D1", 20, 10, 0)]);
  await build(db);
  const beds = await cell(db, "beds_per_1000_60p", "D1", 2023);
  expect([beds?.value, beds?.projected]).toEqual([20, true]);
  expect(await value(db, "district_score", "D1", 2023)).toBeCloseTo((20 / 35) * 100);
  db.close();
});

describe("task status at the as-of date", () => {
  let db: Db;
  let status: Map<string, {status: string; progress_pct: number | null; expected_pct: number; latest_value: number | null}>;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1"]);
    const task = (task_id: string, due: string): Row => ({task_id, year: 2024, title: task_id, category: "beds", lead_unit: "民政局", unit: "张", target: 200, due});
    await insert(db, "staging.tasks", [
      task("T_done", "2024-12-31"),
      task("T_overdue", "2024-06-30"),
      task("T_on_track", "2024-12-31"),
      task("T_at_risk", "2024-12-31"),
      task("T_behind", "2024-12-31"),
      task("T_later_report", "2024-12-31"),
      task("T_no_report", "2024-12-31")
    ]);
    const p = (task_id: string, reported_on: string, value: number): Row => ({task_id, reported_on, value});
    await insert(db, "staging.task_progress", [
      p("T_done", "2024-03-01", 50), p("T_done", "2024-06-01", 200),
      p("T_overdue", "2024-06-01", 100),
      p("T_on_track", "2024-06-01", 90),
      p("T_at_risk", "2024-06-01", 60),
      p("T_behind", "2024-06-01", 40),
      p("T_later_report", "2024-03-01", 90), p("T_later_report", "2024-08-01", 200) // reported after the as-of date
    ]);
    await build(db, {asOf: "2024-07-01"});
    const rows = await db.all<{task_id: string; status: string; progress_pct: number | null; expected_pct: number; latest_value: number | null}>("select * from marts.task_status");
    status = new Map(rows.map((r) => [r.task_id, r]));
  });
  afterAll(() => db.close());

  // 1 Jan → 1 Jul 2024 is 182 days of the 365 to 31 Dec
  const expected = (182 / 365) * 100;

  test("progress and expected progress", () => {
    expect(status.get("T_on_track")?.progress_pct).toBeCloseTo((90 / 200) * 100);
    expect(status.get("T_on_track")?.expected_pct).toBeCloseTo(expected);
    expect(status.get("T_overdue")?.expected_pct).toBe(100);
    expect(status.get("T_later_report")?.latest_value).toBe(90);
  });

  test("each status", () => {
    expect(status.get("T_done")?.status).toBe("done"); // 100 %
    expect(status.get("T_overdue")?.status).toBe("overdue"); // 50 %, due 30 June
    expect(status.get("T_on_track")?.status).toBe("on_track"); // 45 ≥ 49.9 − 10
    expect(status.get("T_at_risk")?.status).toBe("at_risk"); // 30 ≥ 49.9 − 25
    expect(status.get("T_behind")?.status).toBe("behind"); // 20 < 49.9 − 25
    expect(status.get("T_later_report")?.status).toBe("on_track"); // the August report is not known yet
    expect(status.get("T_no_report")?.status).toBe("behind");
  });
});

test("the scored items are recorded; a change is over the items scored in both years, and a changed set is not comparable", async () => {
  const db = await emptyWarehouse(["D1"]);
  await insert(db, "marts.population", [2022, 2023, 2024].flatMap((year) => population(year, "D1", "total", oldBands(500, 400, 500, 100)))); // 60+ = 1000
  await insert(db, "staging.facilities", [2022, 2023, 2024].map((year) => institution(year, "F1", "D1", 100, year === 2024 ? 90 : 40, 3)));
  // 2022: beds only (the registry's target); from 2023 the occupancy rate has a target too (at most 50 %)
  await insert(db, "staging.targets", [{indicator: "occupancy_rate", scope: "CITY", year: 2023, target: 50, direction: "at_most"}]);
  await build(db);
  const cards = new Map((await db.all<{year: number; items: string[]; indicators_scored: number; score: number; score_change: number | null; change_items: number | null; comparable: boolean}>(
    "select year, items, indicators_scored, score, score_change, change_items, comparable from marts.district_scorecard where area_code = 'D1'"
  )).map((c) => [c.year, c]));
  expect(cards.get(2022)?.items).toEqual(["beds_per_1000_60p"]);
  expect(cards.get(2023)?.items).toEqual(["beds_per_1000_60p", "occupancy_rate"]);
  // 2023 against 2022 over the beds item only (100 both years): no jump from the new item
  expect(cards.get(2023)?.score_change).toBeCloseTo(0);
  expect(cards.get(2023)?.change_items).toBe(1);
  expect(cards.get(2023)?.comparable).toBe(false);
  // 2024: occupancy 90 % (score 50 / 90 × 100) against 40 % (100), over both items
  expect(cards.get(2024)?.comparable).toBe(true);
  expect(cards.get(2024)?.score_change).toBeCloseTo((100 + (50 / 90) * 100) / 2 - 100);
  db.close();
});

test("the informatization index records its inputs per year, and its change is over the inputs of both years", async () => {
  const db = await emptyWarehouse(["D1"]);
  await insert(db, "staging.facilities", [
    {...institution(2023, "F1", "D1", 100, 40, 3), on_platform: true},
    {...institution(2023, "F2", "D1", 100, 40, 3), on_platform: false},
    {...institution(2024, "F1", "D1", 100, 40, 3), on_platform: true},
    {...institution(2024, "F2", "D1", 100, 40, 3), on_platform: true}
  ]);
  const order = (i: number, year: number, channel: string): Row => ({order_id: `o${year}-${i}`, person_key: `p${i}`, district_code: "D1", service: "meal", channel, ordered_at: `${year}-03-01 10:00`, status: "completed"});
  // orders in 2024 only: the online share is an input from 2024 on
  await insert(db, "staging.service_orders", Array.from({length: 20}, (_, i) => order(i, 2024, i < 5 ? "app" : "phone")));
  await build(db, {k: 0});
  const rows = new Map((await db.all<{year: number; value: number; inputs: string[]; change: number | null; change_inputs: number | null; comparable: boolean}>(
    "select year, value, inputs, change, change_inputs, comparable from marts.informatization_index where area_code = 'D1'"
  )).map((r) => [r.year, r]));
  expect(rows.get(2023)?.inputs).toEqual(["facility_platform_rate"]);
  expect(rows.get(2024)?.inputs).toEqual(["facility_platform_rate", "online_order_share"]);
  expect(rows.get(2024)?.value).toBeCloseTo((100 + 25) / 2);
  // like with like: the platform rate went from 50 % to 100 %; the new input does not enter the change
  expect(rows.get(2024)?.change).toBeCloseTo(50);
  expect(rows.get(2024)?.change_inputs).toBe(1);
  expect(rows.get(2024)?.comparable).toBe(false);
  db.close();
});

test("the published changes of composites are like with like: none where the items or inputs changed", async () => {
  const db = await emptyWarehouse(["D1"]);
  await insert(db, "marts.population", [2022, 2023, 2024].flatMap((year) => population(year, "D1", "total", oldBands(500, 400, 500, 100))));
  await insert(db, "staging.facilities", [2022, 2023, 2024].map((year) => institution(year, "F1", "D1", 100, year === 2024 ? 90 : 40, 3)));
  await insert(db, "staging.targets", [{indicator: "occupancy_rate", scope: "CITY", year: 2023, target: 50, direction: "at_most"}]);
  await build(db, {k: 0});
  const score = new Map((await db.all<{year: number; value: number; prior_value: number | null; change: number | null}>(
    "select year, value, prior_value, change from marts.indicator_values_public where indicator = 'district_score' and area_code = 'D1'"
  )).map((r) => [r.year, r]));
  expect(score.get(2023)?.change).toBeNull(); // 2022 scored one item, 2023 two
  expect(score.get(2024)?.change).toBeCloseTo((100 + (50 / 90) * 100) / 2 - 100);
  expect(score.get(2024)!.value - score.get(2024)!.prior_value!).toBeCloseTo(score.get(2024)!.change!);
  db.close();
});
