// marts.findings (what the pages and slides state once) and marts.labels (the input contract's labels for the site).
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {DATASETS} from "../../pipeline/datasets/contract.ts";
import {contractLabels, EN} from "../../pipeline/datasets/labels.ts";
import {build, emptyWarehouse, insert, population, type Row} from "./helpers.ts";

function institution(facility_id: string, district_code: string, beds: number, nursing_beds: number): Row {
  return {year: 2023, facility_id, name: `${facility_id}养老院`, district_code, type: "institution", ownership: "private", beds, nursing_beds, residents: 10, star: 1, on_platform: true, lon: 117.0, lat: 36.6};
}

describe("findings and labels marts", () => {
  let db: Db;
  beforeAll(async () => {
    db = await emptyWarehouse(["D1", "D2", "D3"]);
    await insert(db, "marts.population", [
      // 65+ shares 2023: D1 20 %, D2 40 % (the oldest), D3 40 % too (a tie: the lower code wins)
      ...population(2023, "D1", "total", [[0, 64, 80], [65, null, 20]]),
      ...population(2023, "D3", "total", [[0, 64, 60], [65, null, 40]]),
      ...population(2023, "D2", "total", [[0, 64, 60], [65, null, 40]]),
      // a projected year is never "the latest observed"
      ...population(2030, "D1", "total", [[0, 64, 10], [65, null, 90]], true)
    ]);
    // nursing-bed shares 2023: D1 30 %, D2 60 %, D3 50 %; the city's target 55 %: D1 and D3 miss it
    await insert(db, "staging.facilities", [institution("P1", "D1", 100, 30), institution("P2", "D2", 100, 60), institution("P3", "D3", 100, 50)]);
    await insert(db, "staging.targets", [{indicator: "nursing_bed_share", scope: "CITY", year: 2020, target: 55, direction: "at_least", basis: "测试"}]);
    // orders in March 2023 (k = 10): meals by app 12 (published), meals by phone 3 (suppressed), cleaning by app 10
    const orders: Row[] = [];
    const add = (n: number, service: string, channel: string) => {
      for (let i = 0; i < n; i++) orders.push({order_id: `${service}-${channel}-${i}`, person_key: `p${i}`, district_code: "D1", service, channel, ordered_at: "2023-03-05 10:00:00", status: "pending", fee_yuan: 0, subsidy_yuan: 0, rating: null});
    };
    add(12, "meal", "app");
    add(3, "meal", "phone");
    add(10, "cleaning", "app");
    await insert(db, "staging.service_orders", orders);
    await build(db, {asOf: "2023-12-31"});
  });
  afterAll(() => db.close());

  const finding = async (indicator: string) => (await db.all("select * from marts.findings where indicator = ?", [indicator]))[0] as Record<string, unknown>;

  test("the oldest district: highest 65+ share in the latest observed year, ties to the lower code", async () => {
    const f = await finding("share_65p");
    expect(f).toMatchObject({year: 2023, districts: 3, highest_area: "D2", highest_value: 40, lowest_area: "D1", lowest_value: 20});
  });

  test("districts missing their target, and the target they share", async () => {
    const f = await finding("nursing_bed_share");
    expect(f).toMatchObject({year: 2023, districts: 3, districts_met: 1, districts_not_met: 2, target: 55, lowest_area: "D1", highest_area: "D2"});
  });

  test("one row per indicator, none without a year (dbt-style unique / not_null)", async () => {
    expect(await db.all("select indicator from marts.findings group by indicator having count(*) > 1")).toEqual([]);
    expect(await db.all("select indicator from marts.findings where year is null or districts is null")).toEqual([]);
  });

  test("order totals sum the published cells only and count the suppressed ones", async () => {
    const monthly = await db.all(`select service, orders_published::integer as orders, suppressed_cells from marts.orders_service_monthly_public where month = date '2023-03-01' order by service`);
    // the city's meal cells: app 12 shown, phone 3 hidden (never taken as zero: counted instead)
    expect(monthly).toContainEqual({service: "meal", orders: 12, suppressed_cells: expect.any(Number)});
    const meal = monthly.find((r) => r.service === "meal") as {suppressed_cells: number};
    expect(meal.suppressed_cells).toBeGreaterThan(0);
    expect(monthly).toContainEqual({service: "cleaning", orders: 10, suppressed_cells: expect.any(Number)});
    const yearly = await db.all(`select service, orders_published::integer as orders, round(share_pct, 1) as share from marts.orders_service_yearly_public where year = 2023 order by service`);
    expect(yearly).toEqual([{service: "cleaning", orders: 10, share: 45.5}, {service: "meal", orders: 12, share: 54.5}]);
    const channels = await db.all(`select channel, orders_published::integer as orders from marts.orders_channel_yearly_public where year = 2023 order by channel`);
    // no row for a channel whose every cell is suppressed: its orders are not published, not zero
    expect(channels).toEqual([{channel: "app", orders: 22}]);
  });

  test("labels are the contract's: every dataset, column and enum value, in Chinese as the contract has it", async () => {
    const rows = await db.all<{kind: string; dataset: string; column: string | null; value: string | null; zh: string; en: string}>(`select * from marts.labels`);
    const elders = rows.find((r) => r.kind === "dataset" && r.dataset === "elders");
    expect(elders).toMatchObject({zh: "老年人信息", en: "Elders"});
    for (const d of DATASETS) {
      expect(rows.find((r) => r.kind === "dataset" && r.dataset === d.name)?.zh).toBe(d.zh);
      for (const c of d.columns) {
        expect(rows.find((r) => r.kind === "column" && r.dataset === d.name && r.column === c.key)?.zh).toBe(c.zh[0]);
        for (const [key, labels] of Object.entries(c.labels ?? {})) {
          const row = rows.find((r) => r.kind === "value" && r.dataset === d.name && r.column === c.key && r.value === key);
          expect(row?.zh, `${d.name}.${c.key} = ${key}`).toBe(labels[0]);
          expect(row?.en, `${d.name}.${c.key} = ${key}`).toBeTruthy();
        }
      }
    }
    expect(await db.all(`select kind, dataset, "column", value from marts.labels group by all having count(*) > 1`)).toEqual([]);
    expect(await db.all(`select * from marts.labels where zh is null or en is null or zh = '' or en = ''`)).toEqual([]);
    // the work table is gone: nothing but marts.labels is published
    expect(await db.all(`select table_name from information_schema.tables where table_schema = 'work' and table_name = 'contract_labels'`)).toEqual([]);
  });

  test("a dataset or enum value without an English label is an error naming it", () => {
    const saved = EN.values["service_orders.channel"]!.phone;
    delete EN.values["service_orders.channel"]!.phone;
    try {
      expect(() => contractLabels()).toThrow(/no English label for service_orders\.channel = phone/);
    } finally {
      EN.values["service_orders.channel"]!.phone = saved!;
    }
  });
});
