// Disclosure control: small record-level cells hidden in the public tables, with a complementary cell; true values kept.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, cell, emptyWarehouse, insert, type Row} from "./helpers.ts";

/** n completed app orders in January 2024 for one district and service, each for a different person. */
function orders(district: string, service: string, n: number): Row[] {
  return Array.from({length: n}, (_, i) => ({
    order_id: `${district}-${service}-${i}`, person_key: `${district}-${service}-${i}`, district_code: district, service, channel: "app",
    ordered_at: "2024-01-15 10:00", status: "completed", fee_yuan: 10, subsidy_yuan: 4, rating: 5
  }));
}

async function fixture(k: number): Promise<Db> {
  const db = await emptyWarehouse(["D1", "D2", "D3", "D4"]);
  await insert(db, "staging.service_orders", [
    ...orders("D1", "meal", 30),
    ...orders("D2", "cleaning", 3), // the one small cell
    ...orders("D3", "meal", 5),
    ...orders("D3", "cleaning", 7), // D3: 12 in all, the next smallest district
    ...orders("D4", "cleaning", 20)
  ]);
  await build(db, {k});
  return db;
}

describe("k = 10", () => {
  let db: Db;
  beforeAll(async () => {
    db = await fixture(10);
  });
  afterAll(() => db.close());

  test("the small district cell and the next smallest one are hidden; the city and the rest are published", async () => {
    const pub = "marts.indicator_values_public";
    const d2 = await cell(db, "orders_completed", "D2", 2024, pub);
    expect([d2?.value, d2?.suppressed]).toEqual([null, true]);
    const d3 = await cell(db, "orders_completed", "D3", 2024, pub); // 12 ≥ 10, hidden so that 65 − 30 − 20 does not give D2 away
    expect([d3?.value, d3?.suppressed]).toEqual([null, true]);
    expect((await cell(db, "orders_completed", "D1", 2024, pub))?.value).toBe(30);
    expect((await cell(db, "orders_completed", "D4", 2024, pub))?.value).toBe(20);
    expect((await cell(db, "orders_completed", "CITY", 2024, pub))?.value).toBe(30 + 3 + 12 + 20);
  });

  test("the warehouse keeps the true values", async () => {
    expect((await cell(db, "orders_completed", "D2", 2024))?.value).toBe(3);
    expect((await cell(db, "orders_completed", "D3", 2024))?.value).toBe(12);
    expect((await db.one<{n: number}>("select count(*) as n from marts.indicator_values where value is null and indicator = 'orders_completed'"))?.n).toBe(0);
  });

  test("rates go by their numerator, with their parts hidden too", async () => {
    const d2 = await cell(db, "completion_rate", "D2", 2024, "marts.indicator_values_public");
    expect([d2?.value, d2?.numerator, d2?.denominator, d2?.suppressed]).toEqual([null, null, null, true]);
    expect((await cell(db, "completion_rate", "D3", 2024, "marts.indicator_values_public"))?.suppressed).toBe(true);
    expect((await cell(db, "completion_rate", "D1", 2024, "marts.indicator_values_public"))?.value).toBe(100);
  });

  test("hidden districts that hold fewer than k between them get one more: the naive pattern let D3 be read within 5", async () => {
    const rows = await db.all<{area_code: string; value: number | null; suppressed: boolean}>(
      "select area_code, value, suppressed from marts.indicator_values_public where indicator = 'meal_orders' and year = 2024 order by area_code"
    );
    expect(rows).toEqual([
      {area_code: "CITY", value: 35, suppressed: false},
      {area_code: "D1", value: null, suppressed: true}, // 30: with it published, D2 + D3 + D4 = 5 would pin D3 to [0, 5]
      {area_code: "D2", value: null, suppressed: true}, // 0
      {area_code: "D3", value: null, suppressed: true}, // 5
      {area_code: "D4", value: null, suppressed: true} // 0
    ]);
  });

  test("a composite is hidden with its inputs; aggregate inputs are never hidden", async () => {
    expect((await cell(db, "informatization_index", "D2", 2024, "marts.indicator_values_public"))?.suppressed).toBe(true);
    expect((await cell(db, "informatization_index", "D1", 2024, "marts.indicator_values_public"))?.value).toBe(100);
    const hiddenAggregates = await db.all(
      "select * from marts.indicator_values_public p join marts.indicator_registry r on r.code = p.indicator where p.suppressed and not r.record_level"
    );
    expect(hiddenAggregates).toEqual([]);
  });

  test("orders by month: the city only, orders of every status, small cells hidden; no split by status to subtract", async () => {
    const rows = await db.all("select area_code, service, orders, suppressed from marts.orders_monthly_public order by service");
    expect(rows).toEqual([
      {area_code: "CITY", service: "cleaning", orders: 30, suppressed: false},
      {area_code: "CITY", service: "meal", orders: 35, suppressed: false}
    ]);
    const columns = (await db.all<{column_name: string}>("select column_name from information_schema.columns where table_name = 'orders_monthly_public'")).map((c) => c.column_name);
    expect(columns).not.toContain("pending");
    expect(columns).not.toContain("cancelled");
    expect((await db.one<{orders: number}>("select orders from marts.orders_monthly where service = 'meal' and area_code = 'D3'"))?.orders).toBe(5);
  });
});

test("k = 0 publishes everything", async () => {
  const db = await fixture(0);
  const hidden = await db.all("select * from marts.indicator_values_public where suppressed");
  expect(hidden).toEqual([]);
  expect((await cell(db, "orders_completed", "D2", 2024, "marts.indicator_values_public"))?.value).toBe(3);
  db.close();
});

test("special visits by month: hidden below k, with a complementary district", async () => {
  const db = await emptyWarehouse(["D1", "D2", "D3"]);
  const elders: Row[] = [];
  const visits: Row[] = [];
  for (const [district, n, visited] of [["D1", 20, 20], ["D2", 4, 4], ["D3", 15, 15]] as const) {
    for (let i = 0; i < n; i++) {
      elders.push({person_key: `${district}-${i}`, district_code: district, special: "subsistence", registered_on: "2023-01-01", ability_level: 0});
      if (i < visited) visits.push({order_id: `${district}-v${i}`, person_key: `${district}-${i}`, district_code: district, service: "visit", channel: "onsite", ordered_at: "2024-01-10 10:00", status: "completed"});
    }
  }
  await insert(db, "staging.elders", elders);
  await insert(db, "staging.service_orders", visits);
  await build(db, {k: 10});
  const rows = await db.all("select area_code, special_elders, visited, visit_rate_pct, suppressed from marts.special_visits_monthly_public order by area_code");
  expect(rows).toEqual([
    {area_code: "CITY", special_elders: 39, visited: 39, visit_rate_pct: 100, suppressed: false},
    {area_code: "D1", special_elders: 20, visited: 20, visit_rate_pct: 100, suppressed: false},
    {area_code: "D2", special_elders: null, visited: null, visit_rate_pct: null, suppressed: true},
    {area_code: "D3", special_elders: null, visited: null, visit_rate_pct: null, suppressed: true} // 15, the next smallest
  ]);
  const rate = await cell(db, "special_visit_rate", "D2", 2024, "marts.indicator_values_public");
  expect([rate?.value, rate?.suppressed]).toEqual([null, true]);
  expect((await cell(db, "special_visit_rate", "D2", 2024))?.value).toBe(100);
  db.close();
});

test("a record-level item too small to publish is left out of the public score, which says so; the warehouse keeps the true score", async () => {
  const make = async (k: number) => {
    const db = await emptyWarehouse(["D1", "D2"]);
    const elders: Row[] = [];
    const visits: Row[] = [];
    for (const [district, n, visited] of [["D1", 20, 20], ["D2", 4, 2]] as const) {
      for (let i = 0; i < n; i++) {
        elders.push({person_key: `${district}-${i}`, district_code: district, special: "subsistence", registered_on: "2023-01-01", ability_level: 0});
        if (i < visited) visits.push({order_id: `${district}-v${i}`, person_key: `${district}-${i}`, district_code: district, service: "visit", channel: "onsite", ordered_at: "2025-01-10 10:00", status: "completed"});
      }
    }
    await insert(db, "staging.elders", elders);
    await insert(db, "staging.service_orders", visits);
    await build(db, {k, asOf: "2025-01-31"});
    return db;
  };
  const published = "select area_code from marts.district_scorecard_items_public where indicator = 'special_visit_rate' and year = 2025 and not suppressed order by area_code";
  const hidden = await make(10);
  // D2 has 4 special elders (< k): its visit rate (2 / 4 = 50 %, target 100) must not move its published score; with
  // two districts, D1's is hidden too (the city's minus D1's would give D2's)
  expect(await hidden.all(published)).toEqual([{area_code: "CITY"}]);
  const cards = await hidden.all<{area_code: string; indicators_scored: number; indicators_total: number; score: number; weighted_score_sum: number}>(
    "select area_code, indicators_scored, indicators_total, score, weighted_score_sum from marts.district_scorecard_public where year = 2025 order by area_code"
  );
  const d2 = cards.find((c) => c.area_code === "D2")!;
  const items = await hidden.all<{indicator: string; score: number | null; weight: number; suppressed: boolean}>(
    "select indicator, score, weight, suppressed from marts.district_scorecard_items_public where area_code = 'D2' and year = 2025"
  );
  // items scored: n of m, and the score is the weighted mean of the published items only: its numerator minus the
  // published item scores leaves nothing to recover
  expect(d2.indicators_scored).toBe(items.filter((i) => !i.suppressed).length);
  expect(d2.indicators_total).toBe(items.length);
  expect(d2.indicators_scored).toBeLessThan(d2.indicators_total);
  const publishedSum = items.filter((i) => !i.suppressed).reduce((s, i) => s + i.weight * i.score!, 0);
  expect((d2.weighted_score_sum ?? 0) - publishedSum).toBeCloseTo(0, 8);
  expect(await hidden.all("select score from marts.district_scorecard_items_public where suppressed and score is not null")).toEqual([]);
  // the warehouse's scorecard keeps the item and the true score
  const truth = await hidden.one<{score: number}>("select score from marts.district_scorecard_items where indicator = 'special_visit_rate' and area_code = 'D2' and year = 2025");
  expect(truth!.score).toBeCloseTo(50);
  const trueCard = await hidden.one<{indicators_scored: number}>("select indicators_scored from marts.district_scorecard where area_code = 'D2' and year = 2025");
  expect(trueCard!.indicators_scored).toBe(d2.indicators_total);
  const publicScore = await hidden.one<{value: number}>("select value from marts.indicator_values_public where indicator = 'district_score' and area_code = 'D2' and year = 2025");
  expect(publicScore!.value).toBeCloseTo(d2.score, 8);
  hidden.close();
  const open = await make(0);
  expect(await open.all(published)).toEqual([{area_code: "CITY"}, {area_code: "D1"}, {area_code: "D2"}]);
  open.close();
});
