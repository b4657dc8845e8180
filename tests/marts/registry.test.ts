// The registry: every code of the spec, sound targets, in the warehouse, computed by the marts, and documented.
import {readFile} from "node:fs/promises";
import {expect, test} from "vitest";
import {renderIndicatorDocs} from "../../pipeline/indicators/docs.ts";
import {INDICATORS, SCORE_TIERS} from "../../pipeline/indicators/registry.ts";
import {build, emptyWarehouse, insert, oldBands, population} from "./helpers.ts";

// the codes of /work/shared/spec/indicators.md (v1); outside checks query them
const SPEC_CODES = [
  "pop_total", "pop_60p", "pop_65p", "pop_80p", "share_60p", "share_65p", "share_80p_of_60p", "old_age_dependency", "aging_stage",
  "beds_total", "beds_per_1000_60p", "beds_per_1000_65p", "nursing_bed_share", "occupancy_rate", "facilities_count", "rated_share",
  "star3p_share", "disabled_elders", "nursing_bed_pressure", "bed_gap", "nursing_bed_gap",
  "orders_completed", "orders_per_1000_60p", "served_elders", "meal_orders", "completion_rate", "avg_rating", "subsidy_total", "special_visit_rate",
  "platform_registration_rate", "assessment_coverage", "facility_platform_rate", "online_order_share", "informatization_index",
  "district_score", "district_rank"
];

test("the registry holds exactly the spec's codes, once each", () => {
  expect(INDICATORS.map((i) => i.code).sort()).toEqual([...SPEC_CODES].sort());
});

test("default targets are the policy ones, each with its basis", () => {
  const targets = Object.fromEntries(INDICATORS.filter((i) => i.target).map((i) => [i.code, i.target]));
  expect(Object.keys(targets).sort()).toEqual(["beds_per_1000_60p", "nursing_bed_share", "special_visit_rate"]);
  expect(targets.nursing_bed_share).toMatchObject({value: 55, direction: "at_least", from_year: 2025});
  expect(targets.special_visit_rate).toMatchObject({value: 100, direction: "at_least"});
  expect(targets.beds_per_1000_60p).toMatchObject({value: 35, direction: "at_least"});
  for (const t of Object.values(targets)) expect(t!.basis_zh.length * t!.basis_en.length).toBeGreaterThan(0);
  for (const i of INDICATORS) for (const input of i.inputs ?? []) expect(SPEC_CODES).toContain(input);
  expect(SCORE_TIERS.at(-1)?.min_score).toBe(0); // every score has a tier
});

test("docs/indicators.md is what `npm run docs:indicators` generates", async () => {
  const onDisk = await readFile(new URL("../../docs/indicators.md", import.meta.url), "utf8");
  expect(onDisk, "docs/indicators.md is stale: run npm run docs:indicators").toBe(renderIndicatorDocs());
});

test("every indicator is in the warehouse registry and is computed for a small city", async () => {
  const db = await emptyWarehouse(["D1", "D2"]);
  await insert(db, "marts.population", [
    ...population(2024, "D1", "total", oldBands(500, 40, 30, 10, 300)),
    ...population(2024, "D2", "total", oldBands(500, 40, 30, 10, 300))
  ]);
  await insert(db, "staging.facilities", [
    {year: 2024, facility_id: "F1", name: "F1", district_code: "D1", type: "institution", beds: 10, nursing_beds: 5, residents: 8, star: 2, on_platform: true},
    {year: 2024, facility_id: "F2", name: "F2", district_code: "D2", type: "institution", beds: 10, nursing_beds: 5, residents: 8, star: 2, on_platform: true}
  ]);
  await insert(db, "staging.elders", [
    {person_key: "E1", district_code: "D1", ability_level: 3, special: "subsistence", registered_on: "2024-01-01", assessed_on: "2024-01-01"},
    {person_key: "E2", district_code: "D2", ability_level: 3, special: "subsistence", registered_on: "2024-01-01", assessed_on: "2024-01-01"}
  ]);
  await insert(db, "staging.service_orders", [
    {order_id: "O1", person_key: "E1", district_code: "D1", service: "visit", channel: "app", ordered_at: "2024-02-01 09:00", status: "completed", fee_yuan: 0, subsidy_yuan: 0, rating: 5},
    {order_id: "O2", person_key: "E2", district_code: "D2", service: "meal", channel: "phone", ordered_at: "2024-02-01 09:00", status: "completed", fee_yuan: 8, subsidy_yuan: 3, rating: 4}
  ]);
  await build(db);
  const registry = await db.all<{code: string}>("select code from marts.indicator_registry order by sort_order");
  expect(registry.map((r) => r.code)).toEqual(INDICATORS.map((i) => i.code));
  const computed = await db.all<{indicator: string}>("select distinct indicator from marts.indicator_values where value is not null");
  expect(computed.map((r) => r.indicator).sort()).toEqual([...SPEC_CODES].sort());
  const duplicates = await db.all("select indicator, area_code, year from marts.indicator_values group by all having count(*) > 1");
  expect(duplicates).toEqual([]);
  const workLeft = await db.all("select table_name from duckdb_tables() where schema_name = 'work'");
  expect(workLeft).toEqual([]);
  db.close();
});
