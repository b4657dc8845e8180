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

  test("no complementary cell where two or more districts are already hidden", async () => {
    const rows = await db.all<{area_code: string; value: number | null; suppressed: boolean}>(
      "select area_code, value, suppressed from marts.indicator_values_public where indicator = 'meal_orders' and year = 2024 order by area_code"
    );
    expect(rows).toEqual([
      {area_code: "CITY", value: 35, suppressed: false},
      {area_code: "D1", value: 30, suppressed: false},
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

  test("orders by month: small cells hidden, plus a complementary district", async () => {
    const meal = await db.all<{area_code: string; orders: number | null; subsidy_yuan: number | null; cancelled: number | null; suppressed: boolean}>(
      "select area_code, orders, subsidy_yuan, cancelled, suppressed from marts.orders_monthly_public where service = 'meal' order by area_code"
    );
    expect(meal).toEqual([
      // no cancellations: 0 is below k too, so the row counts as partly suppressed
      {area_code: "CITY", orders: 35, subsidy_yuan: 35 * 4, cancelled: null, suppressed: true},
      {area_code: "D1", orders: null, subsidy_yuan: null, cancelled: null, suppressed: true}, // complementary: 35 − 30 would give D3 away
      {area_code: "D3", orders: null, subsidy_yuan: null, cancelled: null, suppressed: true}
    ]);
    const cleaning = await db.all<{area_code: string; orders: number | null}>(
      "select area_code, orders from marts.orders_monthly_public where service = 'cleaning' order by area_code"
    );
    expect(cleaning).toEqual([
      {area_code: "CITY", orders: 30},
      {area_code: "D2", orders: null},
      {area_code: "D3", orders: null},
      {area_code: "D4", orders: 20}
    ]);
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

test("a record-level item too small to publish is left out of the district score", async () => {
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
  const items = "select area_code from marts.district_scorecard_items where indicator = 'special_visit_rate' and year = 2025 order by area_code";
  const hidden = await make(10);
  // D2 has 4 special elders (< k): its visit rate (2 / 4 = 50 %, target 100) must not move its published score
  expect(await hidden.all(items)).toEqual([{area_code: "CITY"}, {area_code: "D1"}]);
  hidden.close();
  const open = await make(0);
  expect(await open.all(items)).toEqual([{area_code: "CITY"}, {area_code: "D1"}, {area_code: "D2"}]);
  const d2 = await open.one<{score: number}>("select score from marts.district_scorecard_items where indicator = 'special_visit_rate' and area_code = 'D2' and year = 2025");
  expect(d2!.score).toBeCloseTo((2 / 4) * 100 / 100 * 100);
  open.close();
});
