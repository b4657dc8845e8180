// The intruder's audit (LP, HiGHS) on crafted tables where a naive pattern fails, on the marts, and on the Demo City
// at scale 0.02 through the whole pipeline.
import {readFile} from "node:fs/promises";
import path from "node:path";
import {beforeAll, describe, expect, test} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {auditSystem, type AuditCell, type AuditTerm} from "../../pipeline/disclosure/audit.ts";
import {protect} from "../../pipeline/disclosure/protect.ts";
import {demoRun} from "../harness/index.ts";
import {query} from "../pipeline/helpers.ts";
import {build, emptyWarehouse, insert, type Row} from "./helpers.ts";

const K = 10;

/**
 * One month of orders by status in two districts and the city: orders = completed + cancelled + pending in each
 * row, and each measure's city cell is the districts' sum. Every district has fewer than k pending orders.
 */
const TABLE: Record<string, Record<string, number>> = {
  D1: {orders: 56, completed: 40, cancelled: 14, pending: 2},
  D2: {orders: 88, completed: 60, cancelled: 20, pending: 8},
  D3: {orders: 133, completed: 100, cancelled: 30, pending: 3},
  CITY: {orders: 277, completed: 200, cancelled: 64, pending: 13}
};

function crafted(): {cells: AuditCell[]; terms: AuditTerm[]} {
  const cells: AuditCell[] = [];
  const terms: AuditTerm[] = [];
  for (const [area, row] of Object.entries(TABLE)) {
    for (const [measure, value] of Object.entries(row)) {
      cells.push({cell_id: `${measure}:${area}`, family: "crafted", kind: "count", value, is_primary: value < K, hidden: value < K});
      terms.push({relation_id: `status:${area}`, op: "eq", cell_id: `${measure}:${area}`, coef: measure === "orders" ? -1 : 1});
      terms.push({relation_id: `area:${measure}`, op: "eq", cell_id: `${measure}:${area}`, coef: area === "CITY" ? -1 : 1});
    }
  }
  return {cells, terms};
}

describe("crafted: statuses within a total, districts within the city", () => {
  test("the naive pattern (cells below k, a second district only where one is hidden) lets pending be recovered by subtraction", async () => {
    const {cells, terms} = crafted();
    // naive: the three pending cells are hidden; with three districts hidden no complementary cell is added
    expect(cells.filter((c) => c.hidden).map((c) => c.cell_id)).toEqual(["pending:D1", "pending:D2", "pending:D3"]);
    const audit = await auditSystem(cells, terms, K);
    expect(audit.passed).toBe(false);
    // orders − completed − cancelled in each district's row
    const pendingD1 = audit.intervals.find((i) => i.cell_id === "pending:D1")!;
    expect(pendingD1.lo).toBeCloseTo(2, 6);
    expect(pendingD1.hi).toBeCloseTo(2, 6);
    expect(audit.failures.map((f) => f.cell_id)).toEqual(["pending:D1", "pending:D2", "pending:D3"]);
  });

  test("the routine's pattern holds every primary cell to an interval at least k wide", async () => {
    const {cells, terms} = crafted();
    const db = await Db.open(":memory:", {threads: 1});
    try {
      await db.run("create schema work; create schema meta;");
      await db.run("create table work.dc_cells (cell_id varchar, family varchar, kind varchar, value double, is_primary boolean)");
      await db.run("create table work.dc_members (row_id varchar, cell_id varchar)");
      await db.run("create table work.dc_terms (relation_id varchar, op varchar, cell_id varchar, coef double, role varchar)");
      await db.run(`insert into work.dc_cells values ${cells.map((c) => `('${c.cell_id}', 'crafted', 'count', ${c.value}, ${c.is_primary})`).join(", ")}`);
      await db.run(`insert into work.dc_terms values ${terms.map((t) => `('${t.relation_id}', 'eq', '${t.cell_id}', ${t.coef}, '${t.coef < 0 ? "total" : "part"}')`).join(", ")}`);
      const result = await protect(db, K);
      expect(result.audit.passed).toBe(true);
      for (const id of ["pending:D1", "pending:D2", "pending:D3"]) {
        const i = result.audit.intervals.find((x) => x.cell_id === id)!;
        expect(i.is_primary).toBe(true);
        expect(i.hi - i.lo).toBeGreaterThanOrEqual(K - 1e-6);
      }
      // the pattern published something: the totals of the districts stay
      const hidden = new Set(result.audit.intervals.map((i) => i.cell_id));
      expect(hidden.has("orders:CITY")).toBe(false);
      expect(hidden.has("orders:D1")).toBe(false);
    } finally {
      db.close();
    }
  });

  test("a block is solved on its own: unrelated hidden cells make separate LPs", async () => {
    const cells: AuditCell[] = [];
    const terms: AuditTerm[] = [];
    for (const block of ["a", "b"]) {
      for (const [id, value, hidden] of [["t", 30, false], ["x", 3, true], ["y", 12, true], ["z", 15, false]] as const) {
        cells.push({cell_id: `${block}${id}`, family: "crafted", kind: "count", value, is_primary: value < K, hidden});
        terms.push({relation_id: block, op: "eq", cell_id: `${block}${id}`, coef: id === "t" ? -1 : 1});
      }
    }
    const audit = await auditSystem(cells, terms, K);
    expect(audit.blocks).toBe(2);
    expect(audit.lps).toBe(8); // min and max of two hidden cells in each block
    expect(audit.intervals.find((i) => i.cell_id === "ax")).toMatchObject({lo: 0, hi: 15, safe: true});
  });
});

/** n completed app orders in January 2024 for one district and service, each for a different person. */
function orders(district: string, service: string, n: number): Row[] {
  return Array.from({length: n}, (_, i) => ({
    order_id: `${district}-${service}-${i}`, person_key: `${district}-${service}-${i}`, district_code: district, service, channel: "app",
    ordered_at: "2024-01-15 10:00", status: "completed", fee_yuan: 10, subsidy_yuan: 4, rating: 5
  }));
}

test("marts: persons served (published for the districts and the city) cannot pin a hidden district's orders", async () => {
  // D2's 3 orders: with D3's 12 persons served published, completed(D3) ≥ 12 and completed(D2) + completed(D3) = 15
  // would give completed(D2) ≤ 3, and persons served in the city, ≤ the districts' sum, completed(D2) ≥ 3
  const db = await emptyWarehouse(["D1", "D2", "D3", "D4"]);
  await insert(db, "staging.service_orders", [...orders("D1", "meal", 30), ...orders("D2", "cleaning", 3), ...orders("D3", "meal", 5), ...orders("D3", "cleaning", 7), ...orders("D4", "cleaning", 20)]);
  await build(db, {k: K});
  const summary = await db.one<{passed: boolean; hidden: number}>("select * from meta.disclosure_audit_summary");
  expect(summary?.passed).toBe(true);
  const served = await db.all("select area_code, suppressed from marts.indicator_values_public where indicator = 'served_elders' order by area_code");
  expect(served).toEqual([
    {area_code: "CITY", suppressed: false}, {area_code: "D1", suppressed: false}, {area_code: "D2", suppressed: true},
    {area_code: "D3", suppressed: true}, {area_code: "D4", suppressed: false}
  ]);
  const narrow = await db.all("select cell_id, width from meta.disclosure_audit where is_primary and kind = 'count' and width < ?", [K]);
  expect(narrow).toEqual([]);
  const completedD2 = await db.one<{lo: number; hi: number}>("select lo, hi from meta.disclosure_audit where cell_id = 'iv:completed:D2:2024'");
  expect(completedD2!.hi - completedD2!.lo).toBeGreaterThanOrEqual(K);
  db.close();
});

describe("Demo City at scale 0.02, the whole pipeline", () => {
  let dir: string;
  let warehouse: string;
  beforeAll(async () => {
    // the harness's Demo City (seed 1, scale 0.02, as of 2025-10-31), run once per test run
    const demo = await demoRun();
    expect(demo.result.status).toBe("published");
    warehouse = demo.warehouse;
    dir = path.dirname(path.dirname(warehouse));
  }, 300_000);

  test("the audit passed: every primary-suppressed count ranges over at least k; the run report has it", async () => {
    const [summary] = await query<{passed: boolean; primary_cells: number; blocks: number; lps: number}>(warehouse, "select * from meta.disclosure_audit_summary");
    expect(summary.passed).toBe(true);
    expect(summary.primary_cells).toBeGreaterThan(0);
    expect(summary.lps).toBeGreaterThan(0);
    const narrow = await query(warehouse, `select * from meta.disclosure_audit where is_primary and kind = 'count' and width < ${K}`);
    expect(narrow).toEqual([]);
    const report = JSON.parse(await readFile(path.join(dir, "out", "run-report.json"), "utf8"));
    expect(report.disclosure_audit.passed).toBe(true);
    expect(report.disclosure_audit.audit_seconds).toBeGreaterThan(0);
    expect(report.disclosure_audit.families.length).toBeGreaterThan(0);
  });

  test("recovery 1 fails: the public monthly orders carry no split by status, and no district rows", async () => {
    const columns = await query<{column_name: string}>(warehouse, "select column_name from information_schema.columns where table_name = 'orders_monthly_public'");
    expect(columns.map((c) => c.column_name)).not.toContain("pending");
    expect(columns.map((c) => c.column_name)).not.toContain("cancelled");
    expect(await query(warehouse, "select distinct area_code from marts.orders_monthly_public")).toEqual([{area_code: "CITY"}]);
  });

  test("recovery 2 fails: each public score is the weighted mean of its published items, and hidden items carry no score", async () => {
    const rows = await query<{area_code: string; year: number; gap: number | null; scored: number; total: number}>(warehouse, `
      select s.area_code, s.year, s.weighted_score_sum - coalesce(sum(i.weight * i.score) filter (where not i.suppressed), 0) as gap,
        s.indicators_scored as scored, s.indicators_total as total
      from marts.district_scorecard_public as s
      join marts.district_scorecard_items_public as i using (area_code, year)
      group by s.area_code, s.year, s.weighted_score_sum, s.indicators_scored, s.indicators_total`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) if (r.gap !== null) expect(Math.abs(r.gap)).toBeLessThan(1e-6);
    // at this scale some districts publish fewer items than the warehouse scores ("6 of 7")
    expect(rows.some((r) => r.scored < r.total)).toBe(true);
    expect(await query(warehouse, "select * from marts.district_scorecard_items_public where suppressed and (score is not null or value is not null)")).toEqual([]);
    // the non-public scorecard keeps the true score over every item
    const truth = await query<{n: number}>(warehouse, "select count(*)::integer as n from marts.district_scorecard where indicators_scored < indicators_total");
    expect(truth[0].n).toBe(0);
  });
});

test("marts: the same months of the year before (prior_value of a partial year) are protected like the year's own", async () => {
  const db = await emptyWarehouse(["D1", "D2", "D3"]);
  const at = (district: string, n: number, date: string, tag: string): Row[] => Array.from({length: n}, (_, i) => ({
    order_id: `${district}-${tag}-${i}`, person_key: `${district}-${tag}-${i}`, district_code: district, service: "meal", channel: "app",
    ordered_at: `${date} 10:00`, status: "completed", fee_yuan: 10, subsidy_yuan: 4, rating: 5
  }));
  await insert(db, "staging.service_orders", [
    // Jan–Oct 2024: D2 has 3 (below k); the whole of 2024 it has 33
    ...at("D1", 40, "2024-03-01", "a"), ...at("D2", 3, "2024-03-01", "a"), ...at("D3", 25, "2024-03-01", "a"),
    ...at("D2", 30, "2024-11-15", "b"),
    // Jan–Oct 2025, the partial year
    ...at("D1", 50, "2025-03-01", "c"), ...at("D2", 20, "2025-03-01", "c"), ...at("D3", 30, "2025-03-01", "c")
  ]);
  await build(db, {k: K, asOf: "2025-10-31"});
  const rows = await db.all<{area_code: string; value: number | null; prior_value: number | null; change: number | null}>(
    "select area_code, value, prior_value, change from marts.indicator_values_public where indicator = 'orders_completed' and year = 2025 order by area_code"
  );
  expect(rows.map((r) => r.value)).toEqual([100, 50, 20, 30]); // the partial year itself is published
  const prior = new Map(rows.map((r) => [r.area_code, r.prior_value]));
  expect(prior.get("CITY")).toBe(68);
  expect(prior.get("D2")).toBeNull(); // 3 orders in Jan–Oct 2024
  expect(prior.get("D3")).toBeNull(); // complementary: 68 − 40 − D3 would give D2
  expect(prior.get("D1")).toBe(40);
  expect(rows.find((r) => r.area_code === "D2")?.change).toBeNull();
  // the full year 2024 stays published (33 for D2)
  const full = await db.one<{value: number}>("select value from marts.indicator_values_public where indicator = 'orders_completed' and area_code = 'D2' and year = 2024");
  expect(full?.value).toBe(33);
  expect((await db.one<{passed: boolean}>("select passed from meta.disclosure_audit_summary"))?.passed).toBe(true);
  const d2 = await db.one<{lo: number; hi: number}>("select lo, hi from meta.disclosure_audit where cell_id = 'iv:completed:D2:2025:prior'");
  expect(d2!.hi - d2!.lo).toBeGreaterThanOrEqual(K);
  db.close();
});
