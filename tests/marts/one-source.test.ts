// One source per figure: run the site's data loaders on the Demo City (scale 0.02) and find any figure that two of
// them hand to pages with different values (targets, facility counts, scorecard items against the indicator table).
import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";
import {tableFromIPC} from "apache-arrow";
import {beforeAll, expect, test} from "vitest";
import {demoRun} from "../harness/index.ts";
import {query} from "../pipeline/helpers.ts";
import {PAGE_INDICATORS} from "../../src/components/page-indicators.js";

const run = promisify(execFile);
type Rec = Record<string, unknown>;

let warehouse: string;
const loaded = new Map<string, Rec[]>();
const LOADERS = ["registry", "methods-registry", "facilities", "facilities-by-type", "providers", "scorecard", "scorecard-items"];
// each page's indicator values (src/data/indicators/[page].arrow.ts; the methods page's has no values)
const PAGES = Object.keys(PAGE_INDICATORS).filter((p) => PAGE_INDICATORS[p]!.columns?.includes("value") ?? true);

async function loader(name: string, args: string[] = []): Promise<Rec[]> {
  // as the test builds run loaders: bundled, without tsx's loader hooks (tests/harness/run-loader.mjs)
  const {stdout} = await run(process.execPath, [path.resolve("tests/harness/run-loader.mjs"), path.resolve(`src/data/${name}.arrow.ts`), ...args], {
    env: {...process.env, AGING_WAREHOUSE: warehouse},
    encoding: "buffer",
    maxBuffer: 256 * 1024 * 1024
  });
  return tableFromIPC(stdout).toArray().map((r) => r.toJSON() as Rec);
}

beforeAll(async () => {
  // the harness's Demo City (scale 0.02, as of 2025-10-31), run once per test run
  const demo = await demoRun();
  expect(demo.result.status).toBe("published");
  warehouse = demo.warehouse;
  for (const name of LOADERS) loaded.set(name, await loader(name));
  for (const page of PAGES) loaded.set(`indicators/${page}`, await loader("indicators/[page]", [`--page=${page}`]));
}, 600_000);

/** figure key → loader → value; a figure two loaders give differently is a finding. */
function figures(): Map<string, Map<string, number | null>> {
  const out = new Map<string, Map<string, number | null>>();
  const put = (key: string, source: string, value: unknown) => {
    const m = out.get(key) ?? new Map<string, number | null>();
    m.set(source, value == null ? null : Number(value));
    out.set(key, m);
  };
  const asOfYear = 2025;
  // (each page's file a source of its own: two pages showing one figure must agree too)
  const indicators = PAGES.flatMap((page) => loaded.get(`indicators/${page}`)!);
  for (const page of PAGES) {
    for (const r of loaded.get(`indicators/${page}`)!) {
      if (r.projected) continue;
      put(`${r.indicator} ${r.area_code} ${r.year}`, `indicators/${page}`, r.value);
      if (r.area_code === "CITY" && r.year === asOfYear) put(`target ${r.indicator}`, `indicators/${page}`, r.target);
    }
  }
  for (const name of ["registry", "methods-registry"]) {
    for (const r of loaded.get(name)!) {
      // an indicator with no city row in the as-of year has nothing to compare against
      if (indicators.some((i) => i.indicator === r.code && i.area_code === "CITY" && i.year === asOfYear && !i.projected)) put(`target ${r.code}`, name, r.target_value);
    }
  }
  for (const r of loaded.get("scorecard-items")!) put(`${r.indicator} ${r.area_code} ${r.year}`, "scorecard-items", r.value);
  // facilities: the map's points, the counts by type, the institutions under supervision, the facility indicator
  const facilities = loaded.get("facilities")!;
  const year = Number(facilities[0]?.year);
  put(`facilities_count CITY ${year}`, "facilities", facilities.length);
  put(`institutions CITY ${year}`, "facilities", facilities.filter((f) => f.type === "institution").length);
  const byType = loaded.get("facilities-by-type")!.filter((r) => r.area_code === "CITY" && Number(r.year) === year);
  put(`facilities_count CITY ${year}`, "facilities-by-type", byType.reduce((s, r) => s + Number(r.facilities), 0));
  put(`institutions CITY ${year}`, "facilities-by-type", Number(byType.find((r) => r.type === "institution")?.facilities ?? 0));
  put(`institutions CITY ${year}`, "providers", loaded.get("providers")!.filter((p) => Number(p.year) === year).length);
  for (const r of loaded.get("scorecard")!) put(`district_score ${r.area_code} ${r.year}`, "scorecard", r.score);
  return out;
}

test("no figure is handed to pages with two different values", async () => {
  const found: string[] = [];
  let compared = 0;
  for (const [key, sources] of figures()) {
    if (sources.size < 2) continue;
    compared++;
    const values = [...sources.values()];
    const same = values.every((v) => (v === null && values[0] === null) || (v !== null && values[0] !== null && Math.abs(v - values[0]) <= 1e-9 * Math.max(1, Math.abs(v))));
    if (!same) found.push(`${key}: ${[...sources].map(([s, v]) => `${s} ${v}`).join(", ")}`);
  }
  expect(found).toEqual([]);
  // the comparison covers the targets, the facility counts and the scorecard items
  expect(compared).toBeGreaterThan(50);
});

test("the bed target is the one in force (36 from the Demo City's plan in 2025), not the registry's default 35", () => {
  const beds = loaded.get("methods-registry")!.find((r) => r.code === "beds_per_1000_60p")!;
  expect([beds.target_value, beds.target_source, beds.target_from_year]).toEqual([36, "city", 2025]);
});

test("the district scores the scorecard shows are the public ones", async () => {
  const rows = await query<{area_code: string; year: number; value: number | null}>(warehouse, "select area_code, year, value from marts.indicator_values_public where indicator = 'district_score'");
  const shown = new Map(loaded.get("scorecard")!.map((r) => [`${r.area_code} ${r.year}`, r.score == null ? null : Number(r.score)]));
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const v = shown.get(`${r.area_code} ${r.year}`);
    if (r.value === null) expect(v).toBeNull();
    else expect(v).toBeCloseTo(r.value, 6);
  }
});
