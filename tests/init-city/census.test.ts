// `init-city --census` for six real cities: each folder is accepted by the pipeline (a census start, no facilities),
// and each district's 2020 share aged 65+ in the warehouse equals the census table's own figure.
import {mkdtemp, readFile, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {loadBoundaryData, type BoundaryData} from "../../pipeline/init-city/boundaries.ts";
import {InitCityError, initCity, type InitCityResult} from "../../pipeline/init-city/init.ts";
import {createProgress} from "../../pipeline/progress.ts";
import {run} from "../../pipeline/run.ts";
import {CENSUS_START_FILE} from "../../pipeline/datasets/contract.ts";
import {TEST_KEY} from "../harness/index.ts";

/** The published shares have two decimals; the brief allows 0.05 percentage points. */
const TOLERANCE = 0.05;

// 北京 (崇文/宣武 merged in 2010, 密云/延庆 recoded), 上海 (卢湾/闸北 merged, 崇明 recoded), 济南 (莱芜's two
// districts moved in, a 2020 zone), 杭州 (2021 split after the census), 成都 (简阳 moved in, 郫县 renamed),
// 深圳 (2010 units split since).
const CITIES: Array<[string, string, number]> = [
  ["110000", "北京市", 16],
  ["310000", "上海市", 16],
  ["370100", "济南市", 13],
  ["330100", "杭州市", 13],
  ["510100", "成都市", 20],
  ["440300", "深圳市", 9]
];

describe("init-city --census → pipeline (six cities)", () => {
  let dir: string;
  let data: BoundaryData;
  const results = new Map<string, InitCityResult>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "init-city-census-"));
    data = await loadBoundaryData();
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it.each(CITIES)("%s %s: a folder the pipeline accepts, 65+ shares as published", async (code, name, units) => {
    const out = path.join(dir, code);
    const r = await initCity({code, out, maxKb: 200, census: true, data, today: "2026-01-01"});
    results.set(code, r);
    expect(r.city.name).toBe(name);
    expect(r.rows).toHaveLength(units);
    expect(r.census!.unmatched).toEqual([]);
    const marker = JSON.parse(await readFile(path.join(out, CENSUS_START_FILE), "utf8"));
    expect(marker).toMatchObject({kind: "census-start", city: {code, name}, years: [2010, 2020]});
    const readme = await readFile(path.join(out, "README.txt"), "utf8");
    expect(readme).toContain("census start");
    expect(readme).toContain("MIT");

    const warehouse = path.join(dir, `${code}.duckdb`);
    const result = await run({input: out, warehouse, quiet: true, key: TEST_KEY}, createProgress({quiet: true}));
    expect(result.error?.message).toBeUndefined();
    expect(result.status).toBe("published");
    expect(result.datasets.find((d) => d.dataset === "facilities")?.status).toBe("absent");
    expect(result.datasets.find((d) => d.dataset === "population")).toMatchObject({status: "loaded", rowsRejected: 0});

    const db = await Db.open(warehouse, {readOnly: true});
    try {
      const shares = await db.all<{district_code: string; pop: number; share_65p: number}>(`
        select district_code, sum(population)::bigint::integer as pop, sum(population) filter (where age_lo >= 65) / sum(population) * 100 as share_65p
        from marts.population where year = 2020 and not projected group by all`);
      const published = r.census!.published65.filter((p) => p.year === 2020);
      // every unit that is one 2020 census unit unchanged has the table's own figure; the rest are merged or split
      const changed = new Set(r.census!.matches.filter((m) => m.year === 2020 && m.to.some((t) => t.share < 1 || t.change === "merged")).flatMap((m) => m.to.map((t) => t.code)));
      expect(published.length + changed.size).toBe(units);
      let worst = 0;
      for (const p of published) {
        const s = shares.find((x) => x.district_code === p.code);
        expect(s, `${p.code} ${p.name}`).toBeDefined();
        expect(s!.pop, `${p.code} ${p.name} persons`).toBe(p.total);
        const diff = Math.abs(s!.share_65p - p.share_65p);
        worst = Math.max(worst, diff);
        expect(diff, `${p.code} ${p.name}: ${s!.share_65p.toFixed(4)} vs the table's ${p.share_65p}`).toBeLessThanOrEqual(TOLERANCE);
      }
      console.info(`${code} ${name}: ${published.length} districts, 65+ share in 2020 vs the census table, worst difference ${worst.toFixed(4)} points`);
      // projected in 10-year steps from 2010 and 2020, to 2035, for units with both censuses
      const projected = await db.one<{first: number; last: number; step: string}>(
        `select min(year) as first, max(year) as last, (select value from meta.params where key = 'projection_step_years') as step from marts.population where projected`
      );
      expect(projected).toEqual({first: 2021, last: 2035, step: "10"});
      expect((await db.one<{v: string}>(`select value as v from meta.params where key = 'census_start'`))!.v).toBe("true");
    } finally {
      db.close();
    }
  }, 120_000);

  it("refuses a city whose units the census tables do not have, with a clear error", async () => {
    // 三沙市 (460300, founded 2012): its districts 西沙区 and 南沙区 (2020) are in neither table; 2020 lists only the islands
    const err = await initCity({code: "460300", out: path.join(dir, "460300"), maxKb: 200, census: true, data}).catch((e) => e);
    expect(err).toBeInstanceOf(InitCityError);
    expect(err.message).toMatch(/460321 西沙区, 460322 南沙区\) is in the 2020 census county table/);
    expect(err.exitCode).toBe(1);
  });
});
