// The deliberately bad rows and warning rows planted in the Demo City input, as data.
// Their positions depend only on the fixed city (layout, roster), never on --seed or --scale,
// so this list holds for every generated folder (record-level ones need scale ≥ MIN_SCALE_FOR_ALL_ISSUES).
import {DISTRICTS} from "./city.ts";
import {buildRoster, rowOrder} from "./facilities.ts";
import {idCheckChar} from "../lib/idnumber.ts";
import {BANDS, bandCounts, populationLayout, runPopulation, TOTALS_DISTRICT} from "./population.ts";

export interface KnownRow {
  dataset: string;
  file: string;
  /** Line as a user sees it: CSV header = 1; XLSX the sheet row number. */
  line: number | null;
  /** The contract's English column key. */
  column: string;
  /** The cell exactly as written. */
  value: string;
  reason: string;
}

export const FILES = {
  districts: "districts.csv",
  shapes: "districts.geojson",
  population: "人口.csv",
  facilities: "养老服务设施.xlsx",
  elders: "elders.csv",
  service_orders: "service_orders.csv",
  targets: "targets.csv",
  tasks: "年度重点任务.xlsx",
  task_progress: "task_progress.csv",
  readme: "README.txt",
} as const;

/** Sheet row of the facilities header (two title rows above it). */
export const FACILITY_HEADER_ROW = 3;
export const TASK_HEADER_ROW = 3;
/** Below this scale the record streams may be too short to reach every planted row. */
export const MIN_SCALE_FOR_ALL_ISSUES = 0.01;

const badFirst17 = "99012319500418002";
const badCheck = idCheckChar(badFirst17) === "7" ? "8" : "7";

/** Where and what to plant. Writers read this; the lists below are derived from it. */
export const PLAN = {
  population: {
    // an extra row after the real one: rejecting it leaves the group's bands complete
    negative: {year: 2016, district: "990123", sex: "female" as const, band: BANDS.length - 1, value: -3},
    totalMismatch: {year: 2018, district: TOTALS_DISTRICT, band: 14, delta: 100},
  },
  facilities: {
    nursingOverBeds: {year: 2015, nthInstitution: 3, beds: 80, nursingBeds: 110},
    unknownDistrict: {year: 2015, nthCanteen: 1, district: "东港区"},
    residentsOverBeds: {year: 2021, nthCommunity: 2, beds: 30, nursingBeds: 6, residents: 34},
  },
  elders: {
    badChecksum: {
      line: 1201,
      row: [badFirst17 + badCheck, "1950-04-18", "female", "石桥县", "1", "2023-05-10", "empty_nest", "none", "2019-08-21", ""],
    },
  },
  service_orders: {
    subsidyOverFee: {line: 2345, fee: "20.00", subsidy: "26.00"},
    completedBeforeOrdered: {line: 4567, orderedAt: "2022-03-08 14:30:00", completedAt: "2022-03-08 11:10:00"},
    duplicateId: {line: 6789, copiesLine: 6700},
  },
};

/** Order ids are GD + a 9-digit running number: the row on line L (header = 1) carries L − 1. */
export const orderId = (n: number) => `GD${String(n).padStart(9, "0")}`;

function computeKnown(): {bad: KnownRow[]; warnings: KnownRow[]} {
  const model = runPopulation();
  const counts = bandCounts(model);
  const layout = populationLayout(PLAN.population.negative);
  const popLine = (year: number, code: string, sex: string, band: number, extra = false) =>
    layout.findIndex((r) => r.year === year && DISTRICTS[r.districtIndex].code === code && r.sex === sex && r.band === band && !!r.extra === extra) + 2;
  const pop60 = counts.map((y) => y.map((d) => d.reduce((a, bs) => a + bs.reduce((x, v, b) => x + (BANDS[b].lo >= 60 ? v : 0), 0), 0)));
  const rows = rowOrder(buildRoster(pop60));
  const facLine = (year: number, type: string, nth: number) => {
    const i = rows.filter((r) => r.year <= year).findIndex((r) => r.year === year && r.entry.type === type && --nth === 0);
    return i + FACILITY_HEADER_ROW + 1;
  };
  const p = PLAN.population, f = PLAN.facilities, e = PLAN.elders, o = PLAN.service_orders;
  const tm = p.totalMismatch;
  const tmDistrict = DISTRICTS.findIndex((d) => d.code === tm.district);
  const tmYear = counts[tm.year - 2015][tmDistrict];
  const bad: KnownRow[] = [
    {dataset: "population", file: FILES.population, line: popLine(p.negative.year, p.negative.district, p.negative.sex, p.negative.band, true), column: "population", value: String(p.negative.value), reason: "negative population"},
    {dataset: "facilities", file: FILES.facilities, line: facLine(f.nursingOverBeds.year, "institution", f.nursingOverBeds.nthInstitution), column: "nursing_beds", value: String(f.nursingOverBeds.nursingBeds), reason: "nursing_beds greater than beds"},
    {dataset: "facilities", file: FILES.facilities, line: facLine(f.unknownDistrict.year, "canteen", f.unknownDistrict.nthCanteen), column: "district", value: f.unknownDistrict.district, reason: "unknown district"},
    {dataset: "elders", file: FILES.elders, line: e.badChecksum.line, column: "id_number", value: e.badChecksum.row[0], reason: "ID number checksum invalid"},
    {dataset: "service_orders", file: FILES.service_orders, line: o.subsidyOverFee.line, column: "subsidy", value: o.subsidyOverFee.subsidy, reason: "subsidy greater than fee"},
    {dataset: "service_orders", file: FILES.service_orders, line: o.completedBeforeOrdered.line, column: "completed_at", value: o.completedBeforeOrdered.completedAt, reason: "completed_at before ordered_at"},
    {dataset: "service_orders", file: FILES.service_orders, line: o.duplicateId.line, column: "order_id", value: orderId(o.duplicateId.copiesLine - 1), reason: `duplicate order_id (first on line ${o.duplicateId.copiesLine})`},
  ];
  const warnings: KnownRow[] = [
    {dataset: "population", file: FILES.population, line: popLine(tm.year, tm.district, "total", tm.band), column: "population", value: String(tmYear[0][tm.band] + tmYear[1][tm.band] + tm.delta), reason: `total differs from male + female (${tmYear[0][tm.band]} + ${tmYear[1][tm.band]})`},
    {dataset: "facilities", file: FILES.facilities, line: facLine(f.residentsOverBeds.year, "community", f.residentsOverBeds.nthCommunity), column: "residents", value: String(f.residentsOverBeds.residents), reason: `residents above beds (${f.residentsOverBeds.beds})`},
  ];
  return {bad, warnings};
}

const known = computeKnown();
export const KNOWN_BAD_ROWS: KnownRow[] = known.bad;
export const KNOWN_WARNINGS: KnownRow[] = known.warnings;
