// Demo City's earlier population years (back-cast for a 10-year projection backtest), and what a pipeline run on a
// small Demo City gives for the v2 rules: register figures by year, partial 2025, controlled projections.
import {beforeAll, describe, expect, it} from "vitest";
import {DISTRICTS} from "../../pipeline/demo/city.ts";
import {backcastPopulation, BACKCAST_FIRST_YEAR, deathProb, FIRST_YEAR, MAX_AGE, migrationRate, runPopulation, SEXES} from "../../pipeline/demo/population.ts";
import {demoRun} from "../harness/index.ts";
import {query} from "../pipeline/helpers.ts";

describe("back-cast population 2010–2014", () => {
  const model = runPopulation();
  const early = backcastPopulation(model);

  it("covers 2010–2014, and one step forward from 2014 gives back 2015", () => {
    expect(early.years).toEqual([2010, 2011, 2012, 2013, 2014]);
    expect(BACKCAST_FIRST_YEAR).toBe(2010);
    const y2014 = early.byYear.at(-1)!;
    DISTRICTS.forEach((district, d) => {
      SEXES.forEach((sex, s) => {
        const from = y2014[d][s], to = new Float64Array(MAX_AGE + 1);
        for (let a = 0; a <= MAX_AGE; a++) to[Math.min(a + 1, MAX_AGE)] += from[a] * (1 - deathProb(a, sex, FIRST_YEAR));
        for (let a = 1; a <= MAX_AGE; a++) {
          const forward = to[a] * (1 + migrationRate(district.profile, a));
          expect(Math.abs(forward - model.byYear[0][d][s][a])).toBeLessThanOrEqual(1e-9 * model.byYear[0][d][s][a] + 1e-9);
        }
        for (const v of early.byYear[0][d][s]) expect(v).toBeGreaterThanOrEqual(0);
      });
    });
  });
});

describe("a pipeline run on Demo City (scale 0.02, as of 2025-10-31)", () => {
  let warehouse: string;
  beforeAll(async () => {
    // the harness's Demo City (seed 1, scale 0.02), run once per test run
    const demo = await demoRun();
    expect(demo.result.status).toBe("published");
    warehouse = demo.warehouse;
  }, 300_000);

  it("disabled_elders grows with the register (no back-cast of later registrations)", async () => {
    const rows = await query<{year: number; disabled: number; registered: number}>(warehouse, `
      select d.year, d.value as disabled, r.numerator as registered
      from marts.indicator_values as d
      join marts.indicator_values as r on r.area_code = d.area_code and r.year = d.year and r.indicator = 'platform_registration_rate'
      where d.indicator = 'disabled_elders' and d.area_code = 'CITY' order by d.year`);
    const byYear = new Map(rows.map((r) => [r.year, r]));
    // the register grows every year from 2016 to the as-of date (2025 is the stock at 2025-10-31), and so does the
    // count of disabled elders on it: the generator registers disabled elders at least as fast as they die
    expect([...byYear.keys()]).toEqual([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    for (let y = 2017; y <= 2025; y++) {
      expect(byYear.get(y)!.registered, `${y}`).toBeGreaterThan(byYear.get(y - 1)!.registered);
      expect(byYear.get(y)!.disabled, `${y}`).toBeGreaterThan(byYear.get(y - 1)!.disabled);
    }
    // never more disabled elders than registered elders in a year
    for (const r of rows) expect(r.disabled).toBeLessThanOrEqual(r.registered);
  });

  it("2025 is Jan–Oct, compared with Jan–Oct 2024", async () => {
    const [c] = await query<Record<string, unknown>>(warehouse, `
      select v.period, v.months, v.prior_value,
        (select count(*) from staging.service_orders where status = 'completed' and ordered_at >= '2024-01-01' and ordered_at < '2024-11-01') as jan_oct_2024
      from marts.indicator_values as v where indicator = 'orders_completed' and area_code = 'CITY' and year = 2025`);
    expect(c.period).toBe("ytd");
    expect(c.months).toBe(10);
    expect(c.prior_value).toBe(Number(c.jan_oct_2024));
    const [p] = await query<Record<string, unknown>>(warehouse, "select label_zh, label_en from marts.periods where year = 2025");
    expect(p).toEqual({label_zh: "1–10月", label_en: "Jan–Oct"});
  });

  it("projects from 2020–2025 with the districts summing to the city, backtested at 5 and 10 years", async () => {
    const horizons = await query<{horizon_years: number}>(warehouse, "select distinct horizon_years from marts.projection_accuracy order by 1");
    expect(horizons.map((h) => h.horizon_years)).toEqual([5, 10]);
    const gaps = await query<{year: number; city: number; districts: number}>(warehouse, `
      select c.year, c.population as city, sum(d.population) as districts
      from (select year, sum(population) as population from marts.projection_controlled where purpose = 'forecast' and district_code = 'CITY' group by year) as c
      join marts.population as d on d.year = c.year and d.projected
      group by c.year, c.population`);
    expect(gaps.map((g) => g.year)).toEqual(expect.arrayContaining([2030, 2035]));
    for (const g of gaps) expect(Math.abs(g.city - g.districts)).toBeLessThan(1e-6 * g.city);
    const intervals = await query<{n: number}>(warehouse, `
      select count(*) as n from marts.indicator_values
      where projected and indicator in ('pop_60p', 'share_65p') and year > 2025 and (pi_lower is null or pi_upper is null)`);
    expect(Number(intervals[0].n)).toBe(0);
  });

  it("every projected figure a page draws as a line or bar carries its interval, and lies within it: lower ≤ value ≤ upper (all but the categorical aging stage)", async () => {
    // a relative tolerance for the rounding of value and bounds to 8 decimals
    const rows = await query<{indicator: string; n: number; with_pi: number; bad: number}>(warehouse, `
      select indicator, count(*) as n, count(pi_lower) filter (where pi_upper is not null) as with_pi,
        count(*) filter (where pi_lower > pi_upper or pi_lower < 0
          or value < pi_lower - 1e-6 * greatest(1, abs(value)) or value > pi_upper + 1e-6 * greatest(1, abs(value))) as bad
      from marts.indicator_values_public where projected and not suppressed group by indicator order by indicator`);
    expect(rows.map((r) => r.indicator)).toEqual(expect.arrayContaining(["bed_gap", "old_age_dependency", "pop_60p", "pop_total", "share_60p", "share_65p"]));
    for (const r of rows) {
      if (r.indicator === "aging_stage") continue; // a category (stage 0–3), drawn on the map, not as a line
      expect(Number(r.with_pi), r.indicator).toBe(Number(r.n));
      expect(Number(r.bad), r.indicator).toBe(0);
    }
  });

  it("bed gaps are whole beds, and the city's gap (and its interval) is exactly the sum of the district bars in every year", async () => {
    const rows = await query<{indicator: string; year: number; fractional: number; city: number; districts: number; city_lo: number | null; lo: number | null; city_hi: number | null; hi: number | null}>(warehouse, `
      select indicator, year,
        count(*) filter (where value <> floor(value) or pi_lower <> floor(pi_lower) or pi_upper <> floor(pi_upper)) as fractional,
        max(value) filter (where area_code = 'CITY') as city, sum(value) filter (where area_code <> 'CITY') as districts,
        max(pi_lower) filter (where area_code = 'CITY') as city_lo, sum(pi_lower) filter (where area_code <> 'CITY') as lo,
        max(pi_upper) filter (where area_code = 'CITY') as city_hi, sum(pi_upper) filter (where area_code <> 'CITY') as hi
      from marts.indicator_values where indicator in ('bed_gap', 'nursing_bed_gap') group by all order by all`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const at = `${r.indicator} ${r.year}`;
      expect(Number(r.fractional), at).toBe(0);
      expect(Number(r.city), at).toBe(Number(r.districts));
      if (r.city_lo != null) expect([Number(r.city_lo), Number(r.city_hi)], at).toEqual([Number(r.lo), Number(r.hi)]);
    }
  });
});
