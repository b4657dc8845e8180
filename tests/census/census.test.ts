// The real census (嘉兴市, 2010 and 2020): converted into an input folder, its 65+ shares must match the published ones.
import {execFile} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdtemp, readFile, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {populationWarehouse, type PopRow} from "../projection/helpers.ts";
import {censusProjection, parseArgs} from "../../scripts/census-projection.ts";
import {CI, bundled} from "../harness/index.ts";
import {CITY_CODE, censusDir, censusPresent, readCityCensus, repoRoot, writeInputFolder, type CityCensus} from "./convert.ts";

const present = censusPresent();
// The workbooks are not in git: absent, the tests skip with this message, except in CI (CI=true), where they fail.
if (!present && !CI) console.warn(`census tests skipped: the census county tables are not in ${censusDir}`);

if (!present && CI) {
  describe("census workbooks in CI", () => {
    it("are present", () => {
      expect.fail(`CI is set and the census county tables are not in ${censusDir}: put the workbooks there (../shared/data/census)`);
    });
  });
}

/** Published shares are rounded to 2 decimals; the brief allows 0.01. */
const TOLERANCE = 0.01;

/** Reads the written population.csv back the way the contract defines it (standing in for the loader). */
async function readPopulationCsv(dir: string): Promise<PopRow[]> {
  const lines = (await readFile(path.join(dir, "population.csv"), "utf8")).trim().split("\n");
  expect(lines[0]).toBe("year,district,sex,age,population");
  return lines.slice(1).map((line) => {
    const [year, district, sex, age, population] = line.split(",");
    const open = /^(\d+)\+$/.exec(age);
    const band = /^(\d+)(?:-(\d+))?$/.exec(age);
    if (!open && !band) throw new Error(`age ${age}`);
    const lo = Number(open ? open[1] : band![1]);
    const hi = open ? null : Number(band![2] ?? band![1]);
    return [Number(year), district, sex, lo, hi, Number(population)];
  });
}

describe.skipIf(!present)(`census ${CITY_CODE} (skipped when ${censusDir} is absent)`, () => {
  let census: CityCensus;
  let dir: string;

  beforeAll(async () => {
    census = await readCityCensus();
    dir = await mkdtemp(path.join(os.tmpdir(), "census-"));
    await writeInputFolder(census, path.join(dir, "input"));
  });

  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true});
  });

  it("converts the city's seven county-level units into the input contract", async () => {
    expect(census.city).toEqual({code: "330400", name: "嘉兴市"});
    expect(census.districts.map((d) => `${d.code} ${d.name} ${d.kind}`)).toEqual([
      "330402 南湖区 district",
      "330411 秀洲区 district",
      "330421 嘉善县 county",
      "330424 海盐县 county",
      "330481 海宁市 county_city",
      "330482 平湖市 county_city",
      "330483 桐乡市 county_city"
    ]);
    const districtsCsv = await readFile(path.join(dir, "input", "districts.csv"), "utf8");
    expect(districtsCsv.split("\n")[0]).toBe("code,name,kind");
    const rows = await readPopulationCsv(path.join(dir, "input"));
    // 2 censuses × 7 units × 2 sexes × 19 bands (0, 1-4, 5-9 … 80-84, 85+)
    expect(rows).toHaveLength(2 * 7 * 2 * 19);
    // the bands add up to each unit's published total, and the districts to the city's
    for (const unit of census.units) {
      const sum = rows.filter((r) => r[0] === unit.year && (unit.code === "CITY" || r[1] === unit.code)).reduce((s, r) => s + r[5], 0);
      expect(sum, `${unit.year} ${unit.code}`).toBe(unit.total);
    }
    const facilities = await readFile(path.join(dir, "input", "facilities.csv"), "utf8");
    expect(facilities.trim().split("\n")).toHaveLength(1 + 7); // header + one placeholder station per unit
  });

  it("gives each district's share aged 65+ (from marts.population) within 0.01 of the published share", async () => {
    const db = await populationWarehouse(await readPopulationCsv(path.join(dir, "input")));
    try {
      const shares = await db.all<{year: number; area_code: string; share_65p: number}>(`
        with by_area as (
          select year, district_code as area_code, population, age_lo from marts.population where not projected
          union all
          select year, 'CITY', population, age_lo from marts.population where not projected
        )
        select year, area_code, sum(population) filter (where age_lo >= 65) / sum(population) * 100 as share_65p
        from by_area group by all order by all`);
      // 2010 and 2020 are ten years apart: no 5-year pair, so the default run projects nothing for them
      expect((await db.one<{n: number}>("select count(*)::integer as n from marts.population where projected"))!.n).toBe(0);
      expect(shares).toHaveLength(2 * 8);
      let worst = 0;
      for (const unit of census.units) {
        const computed = shares.find((s) => s.year === unit.year && s.area_code === unit.code);
        expect(computed, `${unit.year} ${unit.code}`).toBeDefined();
        const diff = Math.abs(computed!.share_65p - unit.share_65p);
        worst = Math.max(worst, diff);
        expect(diff, `${unit.year} ${unit.code} ${unit.name}: ${computed!.share_65p} vs published ${unit.share_65p}`).toBeLessThanOrEqual(TOLERANCE);
      }
      console.info(`census ${CITY_CODE}: share_65p from marts.population vs published, worst difference ${worst.toFixed(4)} points`);
    } finally {
      db.close();
    }
  });

  it("projects 2030 from 2010 and 2020 with 10-year steps (scripts/census-projection.ts)", async () => {
    expect(parseArgs([])).toEqual({city: CITY_CODE});
    expect(parseArgs(["--city", "420100"])).toEqual({city: "420100"});
    expect(() => parseArgs(["--city", "420102"])).toThrow(/prefecture-level/);
    const {rows} = await censusProjection(CITY_CODE, census);
    expect(rows).toHaveLength(8 * 3);
    for (const unit of census.units) {
      const row = rows.find((r) => r.year === unit.year && r.area_code === unit.code)!;
      expect(row.projected).toBe(false);
      expect(row.pop_total).toBe(unit.total);
      expect(Math.abs(row.share_65p - unit.share_65p)).toBeLessThanOrEqual(TOLERANCE);
    }
    const y2030 = rows.filter((r) => r.year === 2030);
    expect(y2030.every((r) => r.projected)).toBe(true);
    // the city is the sum of its districts, also when projected
    const city = y2030.find((r) => r.area_code === "CITY")!;
    const districts = y2030.filter((r) => r.area_code !== "CITY");
    expect(Math.abs(city.pop_65p - districts.reduce((s, r) => s + r.pop_65p, 0))).toBeLessThan(1e-6);
    // the cohorts aged 55+ in 2020 are the 65+ of 2030: it can only grow where the old survive and few leave
    const city2020 = rows.find((r) => r.area_code === "CITY" && r.year === 2020)!;
    expect(city.share_65p).toBeGreaterThan(city2020.share_65p);
  });

  // The full pipeline: the loader reads the folder, buildMarts runs the population and indicator marts.
  it("runs the pipeline CLI on the folder and publishes share_65p within 0.01", async () => {
    const warehouse = path.join(dir, "w.duckdb");
    // the CLI bundled once per test run (tests/harness `bundled`): the same code without tsx's loader at its start
    await promisify(execFile)(process.execPath, [...(await bundled("pipeline/cli.ts")), "--input", path.join(dir, "input"), "--warehouse", warehouse], {
      cwd: repoRoot,
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024
    });
    const db = await Db.open(warehouse, {readOnly: true});
    try {
      const values = await db.all<{area_code: string; year: number; value: number | null}>(
        "select area_code, year, value from marts.indicator_values where indicator = 'share_65p' and year in (2010, 2020) order by all"
      );
      for (const unit of census.units) {
        const row = values.find((v) => v.year === unit.year && v.area_code === unit.code);
        expect(row, `indicator_values share_65p ${unit.year} ${unit.code}`).toBeDefined();
        expect(Math.abs(row!.value! - unit.share_65p), `${unit.year} ${unit.code} ${unit.name}: ${row!.value} vs published ${unit.share_65p}`).toBeLessThanOrEqual(TOLERANCE);
      }
    } finally {
      db.close();
    }
  });
});
