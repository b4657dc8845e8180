// Hamilton–Perry projections in marts.population, checked against populations whose answer is known by hand.
import {afterEach, describe, expect, it} from "vitest";
import type {Db} from "../../pipeline/db.ts";
import {geometric, populationWarehouse, projectionAccuracy, projectionBacktest, type PopRow} from "./helpers.ts";

interface PopulationRow {
  year: number;
  district_code: string;
  sex: string;
  age_lo: number;
  age_hi: number | null;
  population: number;
  projected: boolean;
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function warehouse(rows: PopRow[], params: Record<string, string> = {}): Promise<Db> {
  db = await populationWarehouse(rows, params);
  return db;
}

async function population(d: Db, where = "true"): Promise<PopulationRow[]> {
  return d.all<PopulationRow>(`select * from marts.population where ${where} order by year, district_code, sex, age_lo`);
}

/** One projected band: marts.population row for (year, district, sex, age_lo). */
async function cell(d: Db, year: number, district: string, sex: string, ageLo: number): Promise<number> {
  const row = await d.one<{population: number}>(
    `select population from marts.population where projected and year = $1 and district_code = $2 and sex = $3 and age_lo = $4`,
    [year, district, sex, ageLo]
  );
  expect(row, `no projected row ${year} ${district} ${sex} ${ageLo}`).toBeDefined();
  return row!.population;
}

function expectClose(actual: number | null | undefined, expected: number, relative = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative + 1e-9);
}

/** The 2020 (base-year) value of band b in geometric({years: [2015, 2020], g: 3}): scale · 2^b · 3. */
const base2020 = (scale: number, b: number) => scale * 2 ** b * 3;

describe("marts.population", () => {
  it("has the schema the indicator marts read", async () => {
    const d = await warehouse(geometric({district: "D1", years: [2015, 2020], g: 3}));
    const columns = await d.all<{column_name: string; data_type: string}>(
      `select column_name, data_type from information_schema.columns
       where table_schema = 'marts' and table_name = 'population' order by ordinal_position`
    );
    expect(columns).toEqual([
      {column_name: "year", data_type: "INTEGER"},
      {column_name: "district_code", data_type: "VARCHAR"},
      {column_name: "sex", data_type: "VARCHAR"},
      {column_name: "age_lo", data_type: "INTEGER"},
      {column_name: "age_hi", data_type: "INTEGER"},
      {column_name: "population", data_type: "DOUBLE"},
      {column_name: "projected", data_type: "BOOLEAN"}
    ]);
  });

  it("uses male and female rows where both exist, total rows otherwise, never both", async () => {
    const d = await warehouse([
      // 2019: male, female and their total: the total is only a check
      [2019, "D1", "male", 0, null, 10],
      [2019, "D1", "female", 0, null, 12],
      [2019, "D1", "total", 0, null, 22],
      // 2020: totals only
      [2020, "D1", "total", 0, null, 30],
      // 2021: one sex and the total: the total is used
      [2021, "D1", "male", 0, null, 15],
      [2021, "D1", "total", 0, null, 31]
    ]);
    const rows = await population(d);
    expect(rows.map((r) => [r.year, r.sex, r.population, r.projected])).toEqual([
      [2019, "female", 12, false],
      [2019, "male", 10, false],
      [2020, "total", 30, false],
      [2021, "total", 31, false]
    ]);
  });
});

describe("Hamilton–Perry projection", () => {
  it("projects a population growing by a constant factor exactly, every year to the default horizon 2035", async () => {
    const d = await warehouse(geometric({district: "D1", years: [2015, 2020], g: 3}));
    const projected = await population(d, "projected");
    expect(new Set(projected.map((r) => r.year))).toEqual(new Set([2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]));
    // 15 years × 2 sexes × 18 bands
    expect(projected).toHaveLength(15 * 2 * 18);
    // steps: ×3 every 5 years; 0–4 (CWR), 40–44 (CCR), 85+ (open band) alike
    for (const [year, factor] of [[2025, 3], [2030, 9], [2035, 27]]) {
      for (const b of [0, 1, 8, 16, 17]) {
        expectClose(await cell(d, year, "D1", "female", 5 * b), base2020(1, b) * factor);
        expectClose(await cell(d, year, "D1", "male", 5 * b), base2020(2, b) * factor);
      }
    }
    // between steps (v2): linear, 2022 = 2020 + 2/5 of the way to 2025, 2033 = 2030 + 3/5 of the way to 2035
    expectClose(await cell(d, 2022, "D1", "female", 60), base2020(1, 12) * (1 + (3 - 1) * (2 / 5)));
    expectClose(await cell(d, 2033, "D1", "male", 85), base2020(2, 17) * (9 + (27 - 9) * (3 / 5)));
    // projected bands are 5-year bands with the open band last
    const bands = await d.all<{age_lo: number; age_hi: number | null}>(
      `select distinct age_lo, age_hi from marts.population where projected order by age_lo`
    );
    expect(bands[0]).toEqual({age_lo: 0, age_hi: 4});
    expect(bands.at(-1)).toEqual({age_lo: 85, age_hi: null});
    // the observed rows are untouched
    const observed = await population(d, "not projected");
    expect(observed).toHaveLength(2 * 2 * 18);
  });

  it("stops at meta.params projection_horizon, stepping past it when the horizon is not a whole step away", async () => {
    let d = await warehouse(geometric({district: "D1", years: [2015, 2020], g: 3}), {projection_horizon: "2030"});
    expect((await d.one<{y: number}>("select max(year) as y from marts.population"))!.y).toBe(2030);
    d.close();
    d = await warehouse(geometric({district: "D1", years: [2015, 2020], g: 3}), {projection_horizon: "2033"});
    expect((await d.one<{y: number}>("select max(year) as y from marts.population"))!.y).toBe(2033);
    // 2033 lies between the steps 2030 and 2035
    expectClose(await cell(d, 2033, "D1", "female", 0), base2020(1, 0) * (9 + (27 - 9) * (3 / 5)));
  });

  it("applies each formula as written, on an irregular population computed by hand", async () => {
    // 5-year bands 0–4 … 55–59 and the open band 60+ (band 12)
    const f2015 = [50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 200];
    const f2020 = [40, 55, 65, 75, 85, 95, 105, 115, 125, 135, 145, 155, 300];
    const m2015 = [52, 61, 72, 83, 94, 105, 116, 127, 138, 149, 160, 171, 150];
    const m2020 = [44, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 210];
    const rows: PopRow[] = [];
    for (const [year, sex, values] of [[2015, "female", f2015], [2020, "female", f2020], [2015, "male", m2015], [2020, "male", m2020]] as const) {
      values.forEach((p, b) => rows.push([year, "D1", sex, 5 * b, b === 12 ? null : 5 * b + 4, p]));
    }
    const d = await warehouse(rows, {projection_horizon: "2025"});

    // CCR(25–29) = P(25–29, 2020) / P(20–24, 2015) = 95 / 90; P(25–29, 2025) = CCR · P(20–24, 2020) = 95/90 · 85
    expectClose(await cell(d, 2025, "D1", "female", 25), (95 / 90) * 85);
    // male 55–59: 150 / 160 · 140
    expectClose(await cell(d, 2025, "D1", "male", 55), (150 / 160) * 140);
    // open band 60+: CCR_open = 300 / (160 + 200); P(60+, 2025) = CCR_open · (155 + 300)
    expectClose(await cell(d, 2025, "D1", "female", 60), (300 / (160 + 200)) * (155 + 300));
    expectClose(await cell(d, 2025, "D1", "male", 60), (210 / (171 + 150)) * (150 + 210));
    // 0–4: women 15–49 in 2020 = 75 + 85 + 95 + 105 + 115 + 125 + 135 = 735; in 2025 they are 15–19 … 45–49 projected
    const women2025 =
      (75 / 70) * 65 + (85 / 80) * 75 + (95 / 90) * 85 + (105 / 100) * 95 + (115 / 110) * 105 + (125 / 120) * 115 + (135 / 130) * 125;
    // each sex's 0–4 keeps its 2020 ratio to the women: the observed sex ratio at 0–4 splits the children
    expectClose(await cell(d, 2025, "D1", "female", 0), (40 / 735) * women2025);
    expectClose(await cell(d, 2025, "D1", "male", 0), (44 / 735) * women2025);
    // the ratios are kept for inspection
    const ratios = await d.all<{sex: string; band: number; ratio_kind: string; ratio: number}>(
      `select sex, band, ratio_kind, ratio from marts.projection_ratios where purpose = 'forecast' and district_code = 'D1' and band in (0, 5, 12) order by sex, band`
    );
    expect(ratios.map((r) => [r.sex, r.band, r.ratio_kind])).toEqual([
      ["female", 0, "cwr"], ["female", 5, "ccr"], ["female", 12, "ccr_open"],
      ["male", 0, "cwr"], ["male", 5, "ccr"], ["male", 12, "ccr_open"]
    ]);
    expectClose(ratios[1].ratio, 95 / 90);
  });

  it("adds single years up into 5-year bands and folds to the highest common open band", async () => {
    // 2015 in 5-year bands with 85+; 2020 in single years up to 99 and 100+: the common open band is 85+
    const rows = geometric({district: "D1", years: [2015, 2020], g: 3}).filter((r) => r[0] === 2015);
    for (const [sex, scale] of [["male", 2], ["female", 1]] as const) {
      for (let b = 0; b < 17; b++) {
        const v = base2020(scale, b);
        const k = Math.floor(v / 5);
        rows.push([2020, "D1", sex, 5 * b, 5 * b, v - 4 * k]);
        for (let a = 1; a < 5; a++) rows.push([2020, "D1", sex, 5 * b + a, 5 * b + a, k]);
      }
      const open = base2020(scale, 17);
      const k = Math.floor(open / 16);
      rows.push([2020, "D1", sex, 85, 85, open - 15 * k]);
      for (let a = 86; a < 100; a++) rows.push([2020, "D1", sex, a, a, k]);
      rows.push([2020, "D1", sex, 100, null, k]);
    }
    const d = await warehouse(rows);
    for (const b of [0, 3, 12, 16, 17]) {
      expectClose(await cell(d, 2025, "D1", "female", 5 * b), base2020(1, b) * 3);
      expectClose(await cell(d, 2035, "D1", "male", 5 * b), base2020(2, b) * 27);
    }
    const open = await d.one<{age_lo: number; age_hi: number | null}>(
      "select max(age_lo) as age_lo, any_value(age_hi) filter (where age_lo = 85) as age_hi from marts.population where projected"
    );
    expect(open).toEqual({age_lo: 85, age_hi: null});
    // observed single years stay as given
    expect((await population(d, "year = 2020 and not projected")).length).toBe(2 * (85 + 16));
  });

  it("projects totals where only totals exist, with the child–woman ratio on persons 15–49", async () => {
    const d = await warehouse([
      ...geometric({district: "T1", years: [2015, 2020], g: 3, sexes: [["total", 3]]}),
      // 2015 totals only, 2020 by sex (with a total row beside): projected as totals
      ...geometric({district: "T2", years: [2015], g: 3, sexes: [["total", 3]]}),
      ...geometric({district: "T2", years: [2015, 2020], g: 3, sexes: [["male", 2], ["female", 1], ["total", 3]]}).filter((r) => r[0] === 2020)
    ]);
    const sexes = await d.all<{district_code: string; sex: string}>(
      "select distinct district_code, sex from marts.population where projected order by all"
    );
    expect(sexes).toEqual([{district_code: "T1", sex: "total"}, {district_code: "T2", sex: "total"}]);
    for (const district of ["T1", "T2"]) {
      for (const b of [0, 1, 9, 17]) {
        expectClose(await cell(d, 2030, district, "total", 5 * b), base2020(3, b) * 9);
      }
    }
    // CWR = P(0–4, 2020) / P(15–49, 2020), persons
    const cwr = await d.one<{ratio: number}>(
      "select ratio from marts.projection_ratios where purpose = 'forecast' and district_code = 'T1' and band = 0"
    );
    const persons15to49 = [3, 4, 5, 6, 7, 8, 9].reduce((s, b) => s + base2020(3, b), 0);
    expectClose(cwr!.ratio, base2020(3, 0) / persons15to49);
  });

  it("guards zero denominators: CCR 1 (the cohort carried forward), CWR 0; interpolates linearly next to a 0", async () => {
    const rows = geometric({district: "D1", years: [2015, 2020], g: 3}).map((r): PopRow => {
      // female 40–44 in 2015 is empty: CCR(45–49) has a 0 denominator
      if (r[0] === 2015 && r[2] === "female" && r[3] === 40) return [...r.slice(0, 5), 0] as PopRow;
      // female 70–74 in 2020 is empty: CCR(70–74) = 0, so 75–79 is 0 in 2025
      if (r[0] === 2020 && r[2] === "female" && r[3] === 70) return [...r.slice(0, 5), 0] as PopRow;
      return r;
    });
    // Z1 has no women 15–49 at all
    for (const year of [2015, 2020]) {
      for (const [lo, hi, p] of [[0, 4, 10], [5, 14, 0], [15, 49, 0], [50, 59, 40], [60, 84, 30], [85, null, 5]] as const) {
        for (let a = lo; a <= (hi ?? lo); a += hi === null ? 1 : 5) {
          rows.push([year, "Z1", "female", a, hi === null ? null : a + 4, p]);
          rows.push([year, "Z1", "male", a, hi === null ? null : a + 4, p]);
        }
      }
    }
    const d = await warehouse(rows, {projection_horizon: "2025"});
    const ccr = await d.one<{ratio: number; denominator: number}>(
      "select ratio, denominator from marts.projection_ratios where purpose = 'forecast' and district_code = 'D1' and sex = 'female' and band = 9"
    );
    expect(ccr).toEqual({ratio: 1, denominator: 0});
    expectClose(await cell(d, 2025, "D1", "female", 45), base2020(1, 8));
    expect(await cell(d, 2025, "D1", "female", 75)).toBe(0);
    // 75–79 goes from 2020's value to 0: linear, 2021 keeps 4/5 of it
    expectClose(await cell(d, 2021, "D1", "female", 75), base2020(1, 15) * 0.8);
    // no women 15–49: CWR 0, no children projected
    expect(await cell(d, 2025, "Z1", "male", 0)).toBe(0);
    const cwr = await d.one<{ratio: number}>(
      "select ratio from marts.projection_ratios where purpose = 'forecast' and district_code = 'Z1' and sex = 'male' and band = 0"
    );
    expect(cwr!.ratio).toBe(0);
  });

  it("skips a district whose bands cannot be added up into 5-year bands, and says why", async () => {
    const rows: PopRow[] = [...geometric({district: "D1", years: [2015, 2020], g: 3})];
    for (const year of [2015, 2020]) {
      rows.push([year, "W1", "total", 0, 14, 100], [year, "W1", "total", 15, 59, 500], [year, "W1", "total", 60, 79, 80], [year, "W1", "total", 80, null, 20]);
    }
    const d = await warehouse(rows);
    const bases = await d.all<{district_code: string; status: string}>(
      "select district_code, status from marts.projection_bases where purpose = 'forecast' order by district_code"
    );
    // the city sums W1's bands, so it cannot be projected either: D1 keeps its own projection, uncontrolled
    expect(bases).toEqual([
      {district_code: "CITY", status: "bands_not_5_year"},
      {district_code: "D1", status: "ok"},
      {district_code: "W1", status: "bands_not_5_year"}
    ]);
    expect(await population(d, "projected and district_code = 'W1'")).toEqual([]);
    expect((await population(d, "projected and district_code = 'D1'")).length).toBeGreaterThan(0);
  });

  it("uses 10-year steps with 10-year ratios when projection_step_years is 10 (two censuses)", async () => {
    const d = await warehouse(geometric({district: "D1", years: [2010, 2020], n: 10, g: 3}), {
      projection_step_years: "10",
      projection_horizon: "2030"
    });
    // the bands under n = 10 (0–4 and 5–9) come from the child–woman ratio
    const kinds = await d.all<{band: number; ratio_kind: string}>(
      "select distinct band, ratio_kind from marts.projection_ratios where district_code = 'D1' and band in (0, 1, 2, 17) order by band"
    );
    expect(kinds).toEqual([
      {band: 0, ratio_kind: "cwr"},
      {band: 1, ratio_kind: "cwr"},
      {band: 2, ratio_kind: "ccr"},
      {band: 17, ratio_kind: "ccr_open"}
    ]);
    // CCR(10–14) = P(10–14, 2020) / P(0–4, 2010) = 3·4/1 = 12; open: 3·2^17 / (2^15 + 2^16 + 2^17) = 12/7
    const ccr = await d.all<{band: number; ratio: number}>(
      "select band, ratio from marts.projection_ratios where district_code = 'D1' and sex = 'female' and band in (2, 17) order by band"
    );
    expectClose(ccr[0].ratio, 12);
    expectClose(ccr[1].ratio, 12 / 7);
    for (const b of [0, 1, 2, 12, 17]) {
      expectClose(await cell(d, 2030, "D1", "female", 5 * b), base2020(1, b) * 3);
    }
    // halfway between the steps (linear): 2025 = 2020 + (2030 − 2020) / 2 = 2 × 2020
    expectClose(await cell(d, 2025, "D1", "male", 65), base2020(2, 13) * 2);
  });
});

describe("projection backtest", () => {
  it("projects the latest year from the two before it and reports the absolute percentage error", async () => {
    const years = [2010, 2015, 2020];
    const exact = geometric({district: "A1", years, g: 3});
    // B1 is the same population, but 2020 observed 1,000 more women aged 60–64 than the projection can know
    const perturbed = geometric({district: "B1", years, g: 3}).map((r): PopRow =>
      r[0] === 2020 && r[2] === "female" && r[3] === 60 ? [...r.slice(0, 5), r[5] + 1000] as PopRow : r
    );
    const d = await warehouse([...exact, ...perturbed]);
    const rows = (await projectionBacktest(d)).filter((r) => r.indicator === "pop_60p" || r.indicator === "share_65p");
    expect(rows.map((r) => [r.district_code, r.indicator, r.base_years, r.target_year])).toEqual([
      ["A1", "pop_60p", "2010,2015", 2020],
      ["A1", "share_65p", "2010,2015", 2020],
      ["B1", "pop_60p", "2010,2015", 2020],
      ["B1", "share_65p", "2010,2015", 2020],
      ["CITY", "pop_60p", "2010,2015", 2020],
      ["CITY", "share_65p", "2010,2015", 2020]
    ]);
    // 2020 = 9 × 2010; pop_60p = 9 · (2 + 1) · (2^12 + … + 2^17) = 27 · (2^18 − 2^12)
    const pop60 = 27 * (2 ** 18 - 2 ** 12);
    const total = 27 * (2 ** 18 - 1);
    const pop65 = 27 * (2 ** 18 - 2 ** 13);
    const byKey = new Map(rows.map((r) => [`${r.district_code}/${r.indicator}`, r]));
    expectClose(byKey.get("A1/pop_60p")!.projected, pop60);
    expectClose(byKey.get("A1/pop_60p")!.observed, pop60);
    expect(byKey.get("A1/pop_60p")!.ape).toBeLessThan(1e-9);
    expect(byKey.get("A1/share_65p")!.ape).toBeLessThan(1e-9);
    expectClose(byKey.get("B1/pop_60p")!.observed, pop60 + 1000);
    expectClose(byKey.get("B1/pop_60p")!.ape, (1000 / (pop60 + 1000)) * 100);
    const shareObserved = (pop65 / (total + 1000)) * 100;
    const shareProjected = (pop65 / total) * 100;
    expectClose(byKey.get("B1/share_65p")!.observed, shareObserved);
    expectClose(byKey.get("B1/share_65p")!.ape, (Math.abs(shareProjected - shareObserved) / shareObserved) * 100);
    // the city from its own totals
    expectClose(byKey.get("CITY/pop_60p")!.observed, 2 * pop60 + 1000);
    expectClose(byKey.get("CITY/pop_60p")!.ape, (1000 / (2 * pop60 + 1000)) * 100);
  });

  it("has no rows when the earlier years are missing", async () => {
    const d = await warehouse(geometric({district: "A1", years: [2015, 2020], g: 3}));
    expect(await projectionBacktest(d)).toEqual([]);
  });
});

describe("v2: the city controls the districts, totals have no dips, backtests at 5 and 10 years give intervals", () => {
  it("projects the city from its own totals and rakes the districts to it by band and sex, every year", async () => {
    const d = await warehouse([
      ...geometric({district: "A1", years: [2015, 2020], g: 3}),
      ...geometric({district: "B1", years: [2015, 2020], g: 1.5, sexes: [["male", 5], ["female", 7]]})
    ]);
    const city = await d.all<{year: number; sex: string; band: number; population: number}>(
      "select year, sex, band, population from marts.projection_controlled where purpose = 'forecast' and district_code = 'CITY' and step > 0 order by all"
    );
    expect(city.length).toBe(3 * 2 * 18); // 2025, 2030, 2035
    const sums = new Map(
      (await d.all<{year: number; sex: string; age_lo: number; population: number}>(
        "select year, sex, age_lo, sum(population) as population from marts.population where projected group by all"
      )).map((r) => [`${r.year}/${r.sex}/${r.age_lo}`, r.population])
    );
    for (const c of city) expectClose(sums.get(`${c.year}/${c.sex}/${c.band * 5}`), c.population, 1e-9);
    // the city's own ratios are not the districts' (a mix of ×3 and ×1.5 cohorts): the control moves the districts
    const factors = await d.all<{factor: number}>("select factor from marts.projection_controlled where purpose = 'forecast' and district_code <> 'CITY' and step = 2");
    expect(Math.max(...factors.map((f) => Math.abs(f.factor - 1)))).toBeGreaterThan(1e-3);
    // years between the steps: the districts still add up to the city, which lies on the line between its steps
    const cityTotal = (year: number) => city.filter((c) => c.year === year).reduce((s, c) => s + c.population, 0);
    const total2027 = [...sums].filter(([k]) => k.startsWith("2027/")).reduce((s, [, v]) => s + v, 0);
    expectClose(total2027, cityTotal(2025) + (cityTotal(2030) - cityTotal(2025)) * (2 / 5), 1e-9);
  });

  it("keeps every year's total between the totals of the steps around it, where per-band geometric interpolation dipped", async () => {
    // bands moving hard in opposite directions: from 2020 to 2025 the even bands fall from 1,000 to 1 (CCR 0.1 on
    // the odd bands' 10) while the odd bands rise from 10 to 1,200 (CCR 1.2 on the even bands' 1,000)
    const rows: PopRow[] = [];
    for (const year of [2015, 2020]) {
      for (const sex of ["male", "female"]) {
        for (let b = 0; b <= 17; b++) {
          const p = year === 2015 ? (b % 2 ? 10000 : 10 / 1.2) : b % 2 ? 10 : 1000;
          rows.push([year, "D1", sex, 5 * b, b === 17 ? null : 5 * b + 4, p]);
        }
      }
    }
    const d = await warehouse(rows);
    const totals = new Map(
      (await d.all<{year: number; total: number}>("select year, sum(population) as total from marts.population where year >= 2020 group by year")).map((r) => [r.year, r.total])
    );
    const steps = [2020, 2025, 2030, 2035];
    for (let y = 2021; y <= 2035; y++) {
      const s = steps.filter((t) => t < y).at(-1)!, e = steps.find((t) => t >= y)!;
      const [lo, hi] = [Math.min(totals.get(s)!, totals.get(e)!), Math.max(totals.get(s)!, totals.get(e)!)];
      expect(totals.get(y)!, `${y}`).toBeGreaterThanOrEqual(lo - 1e-6);
      expect(totals.get(y)!, `${y}`).toBeLessThanOrEqual(hi + 1e-6);
    }
    // the v1 interpolation (geometric per band) on the same steps goes outside them: this test can fail
    const bands = await d.all<{step: number; population: number}>(
      "select step, population from marts.projection_controlled where purpose = 'forecast' and district_code = 'D1' order by sex, band, step"
    );
    const geometricTotal = (from: number, w: number) => {
      let t = 0;
      for (let i = 0; i < bands.length; i += 4) {
        const a = bands[i + from].population, b = bands[i + from + 1].population;
        t += a > 0 && b > 0 ? a * (b / a) ** w : a + (b - a) * w;
      }
      return t;
    };
    const outside = [0, 1, 2].some((from) => [0.2, 0.4, 0.6, 0.8].some((w) => {
      const t = geometricTotal(from, w), a = totals.get(steps[from])!, b = totals.get(steps[from + 1])!;
      return t < Math.min(a, b) - 1e-6 || t > Math.max(a, b) + 1e-6;
    }));
    expect(outside).toBe(true);
  });

  it("backtests at 5 and 10 years, reports MAPE and MALPE per area and over districts, and builds intervals from the errors", async () => {
    const years = [2005, 2010, 2015, 2020];
    const exact = geometric({district: "A1", years, g: 3});
    // B1 observed 1,000 more women aged 60–64 in 2020 than any projection can know
    const perturbed = geometric({district: "B1", years, g: 3}).map((r): PopRow =>
      r[0] === 2020 && r[2] === "female" && r[3] === 60 ? [...r.slice(0, 5), r[5] + 1000] as PopRow : r
    );
    const d = await warehouse([...exact, ...perturbed]);
    const rows = (await projectionBacktest(d)).filter((r) => r.indicator === "pop_60p");
    expect(rows.map((r) => [r.horizon_years, r.district_code, r.base_years])).toEqual([
      [5, "A1", "2010,2015"], [5, "B1", "2010,2015"], [5, "CITY", "2010,2015"],
      [10, "A1", "2005,2010"], [10, "B1", "2005,2010"], [10, "CITY", "2005,2010"]
    ]);
    // 2020 = 27 × 2005: pop_60p = 27 · (2 + 1) · (2^12 + … + 2^17)
    const pop60 = 81 * (2 ** 18 - 2 ** 12);
    const peB = (-1000 / (pop60 + 1000)) * 100;
    for (const h of [5, 10]) {
      const b = rows.find((r) => r.horizon_years === h && r.district_code === "B1")!;
      expectClose(b.pe, peB);
      expectClose(b.ape, -peB);
      expect(b.controlled).toBe(true);
    }
    const accuracy = await projectionAccuracy(d);
    const districts = accuracy.find((r) => r.area_code === "DISTRICTS" && r.horizon_years === 10 && r.indicator === "pop_60p")!;
    expect(districts.n).toBe(2);
    expectClose(districts.mape, -peB / 2);
    expectClose(districts.malpe, peB / 2);
    // intervals: 10th and 90th percentiles of the two districts' errors (0 and peB), linear in between horizons
    const intervals = await d.all<{horizon_years: number; pe_p10: number; pe_p90: number; ape_p90: number; basis: string}>(
      "select horizon_years, pe_p10, pe_p90, ape_p90, basis from marts.projection_intervals where indicator = 'pop_60p' order by horizon_years"
    );
    expect(intervals.map((i) => i.horizon_years)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const at = (h: number) => intervals.find((i) => i.horizon_years === h)!;
    expectClose(at(5).pe_p10, 0.9 * peB);
    expectClose(at(5).pe_p90, 0.1 * peB);
    expect(at(5).basis).toBe("backtest");
    expectClose(at(3).pe_p10, 0.6 * 0.9 * peB);
    expect(at(3).basis).toBe("interpolated");
    expectClose(at(15).pe_p10, 1.5 * 0.9 * peB);
    expect(at(15).basis).toBe("extrapolated");
    // the interval's half-width: the 90th percentile of the absolute errors (0 and |peB|), interpolated the same way
    expectClose(at(5).ape_p90, -0.9 * peB);
    expectClose(at(3).ape_p90, -0.6 * 0.9 * peB);
    expectClose(at(15).ape_p90, -1.5 * 0.9 * peB);
  });
});
