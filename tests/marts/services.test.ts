// Service indicators by year of ordering, the monthly special visit rate, and informatization with its index.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {build, cell, emptyWarehouse, insert, oldBands, population, value, type Row} from "./helpers.ts";

function order(order_id: string, person_key: string, district_code: string, service: string, channel: string, ordered_at: string, status: string, subsidy_yuan: number, rating: number | null, completed_at: string | null = null): Row {
  return {order_id, person_key, district_code, service, channel, ordered_at, completed_at, status, fee_yuan: 2 * subsidy_yuan + 1, subsidy_yuan, rating};
}

describe("service orders", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2"]);
    await insert(db, "marts.population", [
      ...population(2024, "D1", "total", oldBands(100, 200, 200, 100)), // 60+ = 500
      ...population(2024, "D2", "total", oldBands(100, 1000, 800, 200)) // 60+ = 2000
    ]);
    await insert(db, "staging.service_orders", [
      order("O1", "P1", "D1", "meal", "app", "2024-01-05 10:00", "completed", 10, 5),
      order("O2", "P1", "D1", "cleaning", "phone", "2024-02-05 10:00", "completed", 0, 4),
      order("O3", "P2", "D1", "meal", "smart_device", "2024-03-05 10:00", "completed", 5, null),
      order("O4", "P3", "D1", "bathing", "onsite", "2024-03-06 10:00", "cancelled", 0, null),
      order("O5", "P3", "D1", "medical", "app", "2024-03-07 10:00", "pending", 0, null),
      order("O6", "P4", "D2", "meal", "phone", "2024-04-01 10:00", "completed", 8, 3),
      order("O7", "P1", "D2", "visit", "app", "2024-04-02 10:00", "completed", 0, 5), // P1 is served in both districts
      order("O8", "P2", "D1", "meal", "app", "2023-12-31 23:00", "completed", 1, 2, "2024-01-01 09:00") // counts in 2023, the year ordered
    ]);
    await build(db, {k: 0});
  });
  afterAll(() => db.close());

  test("completed orders by year of ordering", async () => {
    expect(await value(db, "orders_completed", "D1", 2024)).toBe(3);
    expect(await value(db, "orders_completed", "D2", 2024)).toBe(2);
    expect(await value(db, "orders_completed", "CITY", 2024)).toBe(5);
    expect(await value(db, "orders_completed", "D1", 2023)).toBe(1);
    expect(await value(db, "orders_completed", "D2", 2023)).toBe(0);
  });

  test("orders per 1,000 people aged 60+: the city's own ratio", async () => {
    expect(await value(db, "orders_per_1000_60p", "D1", 2024)).toBeCloseTo((3 / 500) * 1000);
    expect(await value(db, "orders_per_1000_60p", "D2", 2024)).toBeCloseTo((2 / 2000) * 1000);
    expect(await value(db, "orders_per_1000_60p", "CITY", 2024)).toBeCloseTo((5 / 2500) * 1000); // 2, not the mean 3.5
  });

  test("served elders are distinct persons; the city is not the sum of districts", async () => {
    expect(await value(db, "served_elders", "D1", 2024)).toBe(2); // P1, P2
    expect(await value(db, "served_elders", "D2", 2024)).toBe(2); // P4, P1
    expect(await value(db, "served_elders", "CITY", 2024)).toBe(3); // P1, P2, P4
  });

  test("meal orders, completion rate, rating and subsidies", async () => {
    expect(await value(db, "meal_orders", "D1", 2024)).toBe(2);
    expect(await value(db, "meal_orders", "CITY", 2024)).toBe(3);
    expect(await value(db, "completion_rate", "D1", 2024)).toBeCloseTo((3 / (3 + 1)) * 100); // pending left out
    expect(await value(db, "completion_rate", "CITY", 2024)).toBeCloseTo((5 / 6) * 100);
    expect(await value(db, "avg_rating", "D1", 2024)).toBeCloseTo((5 + 4) / 2); // the unrated order is left out
    expect(await value(db, "avg_rating", "CITY", 2024)).toBeCloseTo((5 + 4 + 3 + 5) / 4);
    expect(await value(db, "subsidy_total", "D1", 2024)).toBeCloseTo(10 + 0 + 5);
    expect(await value(db, "subsidy_total", "CITY", 2024)).toBeCloseTo(10 + 5 + 8);
  });

  test("online share of completed orders", async () => {
    expect(await value(db, "online_order_share", "D1", 2024)).toBeCloseTo((2 / 3) * 100);
    expect(await value(db, "online_order_share", "D2", 2024)).toBeCloseTo((1 / 2) * 100);
    expect(await value(db, "online_order_share", "CITY", 2024)).toBeCloseTo((3 / 5) * 100);
  });

  test("orders by month keep counts, money and ratings", async () => {
    const rows = await db.all("select * from marts.orders_monthly where area_code = 'CITY' and service = 'meal' and channel = 'app' order by month");
    expect(rows.map((r) => [r.year, r.orders, r.completed, r.subsidy_yuan, r.avg_rating])).toEqual([
      [2023, 1, 1, 1, 2],
      [2024, 1, 1, 10, 5]
    ]);
    const d1March = await db.all("select service, orders, completed, cancelled, pending from marts.orders_monthly where area_code = 'D1' and month = date '2024-03-01' order by service");
    expect(d1March).toEqual([
      {service: "bathing", orders: 1, completed: 0, cancelled: 1, pending: 0},
      {service: "meal", orders: 1, completed: 1, cancelled: 0, pending: 0},
      {service: "medical", orders: 1, completed: 0, cancelled: 0, pending: 1}
    ]);
  });
});

describe("monthly visits to elders in special hardship", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2"]);
    await insert(db, "staging.elders", [
      {person_key: "S1", district_code: "D1", special: "subsistence", registered_on: "2023-06-01", ability_level: 1},
      {person_key: "S2", district_code: "D1", special: "extreme_poverty", registered_on: "2024-02-15", ability_level: 1},
      {person_key: "S3", district_code: "D2", special: "low_income", registered_on: "2023-06-01", died_on: "2024-03-10", ability_level: 1},
      {person_key: "N1", district_code: "D1", special: "none", registered_on: "2023-06-01", ability_level: 1}
    ]);
    await insert(db, "staging.service_orders", [
      order("V1", "S1", "D1", "visit", "onsite", "2024-01-05 10:00", "completed", 0, null, "2024-01-05 11:00"),
      order("V2", "S1", "D2", "visit", "onsite", "2024-02-28 10:00", "completed", 0, null, "2024-03-01 11:00"), // counts in March
      order("V3", "S2", "D1", "visit", "onsite", "2024-02-20 10:00", "completed", 0, null, "2024-02-20 11:00"),
      order("V4", "S3", "D2", "visit", "onsite", "2024-01-09 10:00", "completed", 0, null, "2024-01-09 11:00"),
      order("V5", "N1", "D1", "visit", "onsite", "2024-01-09 10:00", "completed", 0, null, "2024-01-09 11:00"), // not special
      order("V6", "S2", "D1", "visit", "onsite", "2024-03-09 10:00", "cancelled", 0, null) // not completed
    ]);
    await build(db, {k: 0});
  });
  afterAll(() => db.close());

  test("monthly counts: on the books at month-end, visited in the month of completion", async () => {
    const rows = await db.all<{month: Date; area_code: string; special_elders: number; visited: number}>(
      "select month, area_code, special_elders, visited from marts.special_visits_monthly order by month, area_code"
    );
    expect(rows.map((r) => [r.month.toISOString().slice(0, 7), r.area_code, r.special_elders, r.visited])).toEqual([
      ["2024-01", "CITY", 2, 2],
      ["2024-01", "D1", 1, 1], // S2 registered in February
      ["2024-01", "D2", 1, 1],
      ["2024-02", "CITY", 3, 1],
      ["2024-02", "D1", 2, 1], // S1's visit was completed on 1 March
      ["2024-02", "D2", 1, 0],
      ["2024-03", "CITY", 2, 1],
      ["2024-03", "D1", 2, 1],
      ["2024-03", "D2", 0, 0] // S3 died on 10 March
    ]);
  });

  test("the annual rate is the mean of the monthly rates", async () => {
    expect(await value(db, "special_visit_rate", "D1", 2024)).toBeCloseTo((100 + 50 + 50) / 3);
    expect(await value(db, "special_visit_rate", "D2", 2024)).toBeCloseTo((100 + 0) / 2); // March has nobody to visit
    expect(await value(db, "special_visit_rate", "CITY", 2024)).toBeCloseTo((100 + (1 / 3) * 100 + 50) / 3);
    const d1 = await cell(db, "special_visit_rate", "D1", 2024);
    expect(d1?.numerator).toBeCloseTo((1 + 1 + 1) / 3);
    expect(d1?.denominator).toBeCloseTo((1 + 2 + 2) / 3);
  });
});

describe("informatization", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2", "D3"]);
    await insert(db, "marts.population", [
      ...population(2023, "D1", "total", oldBands(100, 20, 15, 5)), // 60+ = 40
      ...population(2023, "D2", "total", oldBands(100, 5, 4, 1)), // 60+ = 10
      ...population(2023, "D3", "total", oldBands(10, 1, 0, 0)) // 60+ = 1
    ]);
    const e = (person_key: string, district_code: string, registered_on: string, assessed_on: string | null, died_on: string | null = null): Row =>
      ({person_key, district_code, registered_on, assessed_on, died_on, special: "none", ability_level: 0});
    await insert(db, "staging.elders", [
      e("A1", "D1", "2023-05-01", "2023-06-01"),
      e("A2", "D1", "2023-07-01", null),
      e("A3", "D1", "2024-01-10", "2024-02-01"), // registered after 2023
      e("A4", "D1", "2023-01-01", "2023-01-02", "2023-10-01"), // died in 2023
      e("B1", "D2", "2023-03-01", "2023-03-02"),
      e("C1", "D3", "2023-03-01", null),
      e("C2", "D3", "2023-03-01", null) // D3 registers more elders than the census counts: 200 %
    ]);
    const f = (facility_id: string, district_code: string, on_platform: boolean): Row =>
      ({year: 2023, facility_id, name: facility_id, district_code, type: "station", beds: 0, nursing_beds: 0, residents: 0, star: 0, on_platform});
    await insert(db, "staging.facilities", [f("F1", "D1", true), f("F2", "D1", true), f("F3", "D1", true), f("F4", "D1", false), f("F5", "D2", false)]);
    await insert(db, "staging.service_orders", [
      order("O1", "A1", "D1", "meal", "app", "2023-05-01 10:00", "completed", 0, null),
      order("O2", "A1", "D1", "meal", "app", "2023-05-02 10:00", "completed", 0, null),
      order("O3", "A1", "D1", "meal", "phone", "2023-05-03 10:00", "completed", 0, null),
      order("O4", "A1", "D1", "meal", "onsite", "2023-05-04 10:00", "completed", 0, null),
      order("O5", "A1", "D1", "meal", "app", "2023-05-05 10:00", "cancelled", 0, null),
      order("O6", "B1", "D2", "meal", "smart_device", "2023-05-05 10:00", "completed", 0, null)
    ]);
    await build(db, {asOf: "2024-06-30", k: 0});
  });
  afterAll(() => db.close());

  test("registration and assessment: alive at year-end, over the population aged 60+", async () => {
    expect(await value(db, "platform_registration_rate", "D1", 2023)).toBeCloseTo((2 / 40) * 100); // A1, A2
    expect(await value(db, "assessment_coverage", "D1", 2023)).toBeCloseTo((1 / 40) * 100); // A1
    expect(await value(db, "platform_registration_rate", "D2", 2023)).toBeCloseTo((1 / 10) * 100);
    expect(await value(db, "platform_registration_rate", "CITY", 2023)).toBeCloseTo(((2 + 1 + 2) / 51) * 100);
    expect(await value(db, "assessment_coverage", "CITY", 2023)).toBeCloseTo((2 / 51) * 100);
    // 2024 has elders but no population: the numerator is there, the rate is not computable
    const d1 = await cell(db, "platform_registration_rate", "D1", 2024);
    expect([d1?.numerator, d1?.value]).toEqual([3, null]);
  });

  test("facilities on the platform and online orders", async () => {
    expect(await value(db, "facility_platform_rate", "D1", 2023)).toBeCloseTo((3 / 4) * 100);
    expect(await value(db, "facility_platform_rate", "CITY", 2023)).toBeCloseTo((3 / 5) * 100);
    expect(await value(db, "facility_platform_rate", "D3", 2023)).toBeNull(); // no facilities
    expect(await value(db, "online_order_share", "D1", 2023)).toBeCloseTo((2 / 4) * 100); // the cancelled app order is left out
    expect(await value(db, "online_order_share", "CITY", 2023)).toBeCloseTo((3 / 5) * 100);
  });

  test("the index is the mean of the available rates, each capped at 100", async () => {
    expect(await value(db, "informatization_index", "D1", 2023)).toBeCloseTo((5 + 2.5 + 75 + 50) / 4);
    expect(await value(db, "informatization_index", "D2", 2023)).toBeCloseTo((10 + 10 + 0 + 100) / 4);
    expect(await value(db, "informatization_index", "D3", 2023)).toBeCloseTo((100 + 0) / 2); // 200 % capped; no facilities, no orders
    expect(await value(db, "informatization_index", "CITY", 2023)).toBeCloseTo(((5 / 51) * 100 + (2 / 51) * 100 + 60 + 60) / 4);
  });
});

describe("periods (spec v2): a partial year is compared with the same months of the year before", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1"]);
    await insert(db, "marts.population", [
      ...population(2023, "D1", "total", oldBands(100, 200, 200, 100)),
      ...population(2024, "D1", "total", oldBands(100, 200, 200, 100))
    ]);
    const orders: Row[] = [];
    // 2023: one completed order a month, four more in November and December; 2024: two a month to the as-of date
    for (let m = 1; m <= 12; m++) orders.push(order(`A${m}`, "P1", "D1", "meal", "app", `2023-${String(m).padStart(2, "0")}-10 10:00`, "completed", 1, 5));
    for (const m of [11, 11, 12, 12]) orders.push(order(`B${m}-${orders.length}`, "P2", "D1", "meal", "phone", `2023-${m}-20 10:00`, "completed", 1, 5));
    for (let m = 1; m <= 10; m++) {
      for (const n of [1, 2]) orders.push(order(`C${m}-${n}`, `P${n}`, "D1", "meal", n === 1 ? "app" : "phone", `2024-${String(m).padStart(2, "0")}-0${n} 10:00`, "completed", 1, 5));
    }
    // ordered after the as-of date: not known at that date
    orders.push(order("LATE", "P9", "D1", "meal", "app", "2024-11-02 10:00", "completed", 1, 5));
    await insert(db, "staging.service_orders", orders);
    await insert(db, "staging.facilities", [
      {year: 2023, facility_id: "F1", name: "F1", district_code: "D1", type: "institution", ownership: "public", beds: 100, nursing_beds: 50, residents: 50, star: 1, on_platform: true},
      {year: 2024, facility_id: "F1", name: "F1", district_code: "D1", type: "institution", ownership: "public", beds: 120, nursing_beds: 50, residents: 50, star: 1, on_platform: true}
    ]);
    await build(db, {k: 0, asOf: "2024-10-31"});
  });
  afterAll(() => db.close());

  test("marts.periods: 2024 is Jan–Oct, 2023 a full year", async () => {
    const rows = await db.all("select year, period, months, strftime(period_end, '%Y-%m-%d') as period_end, strftime(prior_period_end, '%Y-%m-%d') as prior_end, prior_comparable, label_zh, label_en from marts.periods order by year");
    expect(rows).toEqual([
      {year: 2023, period: "year", months: 12, period_end: "2023-12-31", prior_end: "2022-12-31", prior_comparable: false, label_zh: "全年", label_en: "full year"},
      {year: 2024, period: "ytd", months: 10, period_end: "2024-10-31", prior_end: "2023-10-31", prior_comparable: true, label_zh: "1–10月", label_en: "Jan–Oct"}
    ]);
  });

  test("a flow in the partial year: its months only, compared with the same months of 2023, never the whole year", async () => {
    const c = await db.one<Record<string, unknown>>(
      "select value, period, months, strftime(period_end, '%Y-%m-%d') as period_end, prior_value, strftime(prior_period_end, '%Y-%m-%d') as prior_period_end, change, change_pct from marts.indicator_values where indicator = 'orders_completed' and area_code = 'D1' and year = 2024"
    );
    // 20 orders Jan–Oct 2024 (the November order is after the as-of date); 10 in Jan–Oct 2023, 16 in all of 2023
    expect(c).toEqual({value: 20, period: "ytd", months: 10, period_end: "2024-10-31", prior_value: 10, prior_period_end: "2023-10-31", change: 10, change_pct: 100});
    expect(await value(db, "orders_completed", "D1", 2023)).toBe(16);
    const share = await db.one<{value: number; prior_value: number}>("select value, prior_value from marts.indicator_values where indicator = 'online_order_share' and area_code = 'D1' and year = 2024");
    expect(share?.prior_value).toBeCloseTo(100); // Jan–Oct 2023: all by app; the phone orders came in Nov–Dec
    expect(share?.value).toBeCloseTo(50);
    const served = await db.one<{value: number; prior_value: number}>("select value, prior_value from marts.indicator_values where indicator = 'served_elders' and area_code = 'CITY' and year = 2024");
    expect([served?.value, served?.prior_value]).toEqual([2, 1]);
  });

  test("a stock in the partial year is the value at the as-of date, compared with the previous year-end", async () => {
    const c = await db.one<Record<string, unknown>>(
      "select value, period, months, strftime(period_end, '%Y-%m-%d') as period_end, prior_value, strftime(prior_period_end, '%Y-%m-%d') as prior_period_end from marts.indicator_values where indicator = 'beds_total' and area_code = 'D1' and year = 2024"
    );
    expect(c).toEqual({value: 120, period: "ytd", months: 10, period_end: "2024-10-31", prior_value: 100, prior_period_end: "2023-12-31"});
  });

  test("full years compare whole years; population figures are the year's own", async () => {
    const c = await db.one<Record<string, unknown>>("select period, months, prior_value from marts.indicator_values where indicator = 'orders_completed' and area_code = 'D1' and year = 2023");
    expect(c).toEqual({period: "year", months: 12, prior_value: null});
    const p = await db.one<Record<string, unknown>>("select period, months from marts.indicator_values where indicator = 'pop_60p' and area_code = 'D1' and year = 2024");
    expect(p).toEqual({period: "year", months: 12});
  });

  test("the public table gives a same-months comparison only where those months' own count reaches k", async () => {
    await build(db, {k: 15, asOf: "2024-10-31"});
    const sql = "select value, prior_value, change from {t} where indicator = 'orders_completed' and area_code = 'D1' and year = 2024";
    // the warehouse keeps the comparison (10 orders in Jan–Oct 2023); published, 10 < k would give it away
    expect(await db.one(sql.replace("{t}", "marts.indicator_values"))).toEqual({value: 20, prior_value: 10, change: 10});
    // (whether the year's own value stays published depends on the complementary cells the disclosure model picks)
    const published = await db.one<{prior_value: number | null; change: number | null}>(sql.replace("{t}", "marts.indicator_values_public"));
    expect([published?.prior_value, published?.change]).toEqual([null, null]);
  });
});
