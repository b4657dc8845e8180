// Cohort-component model of Demo City's population 2015–2025: ageing, deaths, births, migration; and the years
// 2010–2014 back-cast from 2015 by reversing the same survival and migration (so that a 10-year projection backtest,
// 2015 → 2025 from 2010–2015, has its base years). Deterministic (no random draws): the city is the same for every
// seed, the seed draws individuals.
import {DISTRICTS, type Profile} from "./city.ts";

export const FIRST_YEAR = 2015;
export const LAST_YEAR = 2025;
/** The population file also holds 2010–2014, back-cast from 2015 (written after the model years). */
export const BACKCAST_FIRST_YEAR = 2010;
export const MAX_AGE = 100; // index 100 holds 100+
export type Sex = "male" | "female";
export const SEXES: readonly Sex[] = ["male", "female"];

/** Five-year bands 0-4 … 95-99 and the open band 100+. */
export const BANDS: readonly {lo: number; hi: number | null}[] = [
  ...Array.from({length: 20}, (_, i) => ({lo: i * 5, hi: i * 5 + 4})),
  {lo: 100, hi: null},
];

/**
 * China's 2020 census by 5-year band (millions): the shape the city is drawn from.
 * Its 60+ share is 18.7 % and its 65+ share 13.5 %, the national figures.
 */
const CENSUS_2020 = [77.9, 90.2, 84.4, 72.7, 74.9, 91.9, 124.1, 99.0, 93.0, 114.2, 122.2, 101.4, 73.4, 74.0, 49.6, 31.2, 20.4, 10.6, 3.6, 0.8, 0.04];

/** Annual death probability by single year of age: Gompertz–Makeham, improving 1.5 % a year. */
export function deathProb(age: number, sex: Sex, year: number): number {
  if (age === 0) return 0.0055;
  const improve = Math.pow(0.985, year - 2020);
  const q = (0.0004 + 0.000034 * Math.exp(0.0935 * age)) * (sex === "female" ? 0.62 : 1) * improve;
  return Math.min(0.45, q);
}

/** Births per woman aged 15–49 in a year, following China's fall from 17.9 M births (2016) to 9.0 M (2023). */
const GFR: Record<number, number> = {2016: 0.0530, 2017: 0.0515, 2018: 0.0458, 2019: 0.0443, 2020: 0.0365, 2021: 0.0326, 2022: 0.0296, 2023: 0.0282, 2024: 0.0300, 2025: 0.0285};
const FERTILITY: Record<Profile, number> = {core: 0.82, suburb: 1.08, county: 1.18, county_city: 1.05, zone: 1.0};

/** Net migration, share of the age group per year, by profile: the young leave counties for suburbs and the zone. */
export function migrationRate(profile: Profile, age: number): number {
  const young = age >= 18 && age <= 39, child = age < 15, mid = age >= 40 && age < 60;
  switch (profile) {
    case "core": return young ? -0.006 : age >= 60 ? 0.001 : 0;
    case "suburb": return young ? 0.030 : child ? 0.018 : mid ? 0.006 : 0.002;
    case "zone": return young ? 0.060 : child ? 0.035 : mid ? 0.010 : 0.001;
    case "county": return young ? -0.040 : child ? -0.012 : mid ? -0.006 : -0.001;
    case "county_city": return young ? -0.010 : child ? -0.004 : 0;
  }
}

/** pop[district][sex][age] at each year-end, in persons (fractional inside the model). */
export interface PopulationModel {
  years: number[];
  /** byYear[y - FIRST_YEAR][districtIndex][sexIndex] → Float64Array(101) */
  byYear: Float64Array[][][];
  /** Deaths during the year, same layout, by age at the start of the year. */
  deaths: Float64Array[][][];
}

function initial(): Float64Array[][] {
  // Back-project the 2020 census shape to 2015 (one band younger, divided by 5-year survival),
  // then share each band among districts by size and age tilt so the city total keeps the shape.
  const bands = BANDS.map((_, b) => {
    if (b === BANDS.length - 1) return 0.03;
    if (b === BANDS.length - 2) return 0.26;
    const mid = b * 5 + 2;
    let s = 1;
    for (let k = 0; k < 5; k++) s *= 1 - (deathProb(mid + k, "male", 2017) + deathProb(mid + k, "female", 2017)) / 2;
    return CENSUS_2020[b + 1] / s;
  });
  const total = bands.reduce((a, b) => a + b, 0);
  const cityTotal = DISTRICTS.reduce((a, d) => a + d.pop2015, 0);
  const out = DISTRICTS.map(() => SEXES.map(() => new Float64Array(MAX_AGE + 1)));
  BANDS.forEach((band, b) => {
    const mid = band.hi === null ? 102 : (band.lo + band.hi) / 2;
    const weights = DISTRICTS.map((d) => d.pop2015 * Math.exp((d.tilt * (mid - 40)) / 30));
    const wsum = weights.reduce((a, c) => a + c, 0);
    const cityBand = (bands[b] / total) * cityTotal;
    // more women at old ages, a few more men when young (sex ratio at birth 1.12)
    const femaleShare = mid < 50 ? 0.485 : mid < 70 ? 0.5 : mid < 85 ? 0.55 : 0.64;
    DISTRICTS.forEach((_, d) => {
      const inDistrict = (cityBand * weights[d]) / wsum;
      const ages = band.hi === null ? [MAX_AGE] : [0, 1, 2, 3, 4].map((k) => band.lo + k);
      for (const a of ages) {
        out[d][0][a] += (inDistrict * (1 - femaleShare)) / ages.length;
        out[d][1][a] += (inDistrict * femaleShare) / ages.length;
      }
    });
  });
  return out;
}

export function runPopulation(): PopulationModel {
  const years: number[] = [];
  const byYear: Float64Array[][][] = [];
  const deaths: Float64Array[][][] = [];
  let current = initial();
  years.push(FIRST_YEAR);
  byYear.push(current);
  deaths.push(current.map((s) => s.map(() => new Float64Array(MAX_AGE + 1))));
  for (let year = FIRST_YEAR + 1; year <= LAST_YEAR; year++) {
    const next = DISTRICTS.map(() => SEXES.map(() => new Float64Array(MAX_AGE + 1)));
    const died = DISTRICTS.map(() => SEXES.map(() => new Float64Array(MAX_AGE + 1)));
    DISTRICTS.forEach((district, d) => {
      let women = 0;
      for (let a = 15; a <= 49; a++) women += current[d][1][a];
      const births = women * GFR[year] * FERTILITY[district.profile];
      SEXES.forEach((sex, s) => {
        const from = current[d][s], to = next[d][s];
        for (let a = 0; a <= MAX_AGE; a++) {
          const q = deathProb(a, sex, year);
          died[d][s][a] = from[a] * q;
          to[Math.min(a + 1, MAX_AGE)] += from[a] * (1 - q);
        }
        const boys = 1.11 / 2.11;
        to[0] = births * (s === 0 ? boys : 1 - boys) * (1 - deathProb(0, sex, year) / 2);
        for (let a = 0; a <= MAX_AGE; a++) to[a] *= 1 + migrationRate(district.profile, a);
      });
    });
    years.push(year);
    byYear.push(next);
    deaths.push(died);
    current = next;
  }
  return {years, byYear, deaths};
}

/**
 * The years BACKCAST_FIRST_YEAR … FIRST_YEAR − 1, each from the year after it by undoing that year's step:
 * the forward step gives to[a + 1] = from[a] · (1 − q(a)) · (1 + m(a + 1)) below the open age, so
 * from[a] = to[a + 1] / ((1 − q(a)) · (1 + m(a + 1))); ages 99 and 100+ both flow into 100+, and are split so that
 * 100+ / 99 stays what it is in the later year. Births are not needed: every age of the earlier year is a cohort
 * of the later one. Returns pop[district][sex][age] by year, oldest first.
 */
export function backcastPopulation(model: PopulationModel): {years: number[]; byYear: Float64Array[][][]} {
  const years: number[] = [];
  const byYear: Float64Array[][][] = [];
  let later = model.byYear[0];
  for (let year = FIRST_YEAR; year > BACKCAST_FIRST_YEAR; year--) {
    const earlier = DISTRICTS.map((district, d) =>
      SEXES.map((sex, s) => {
        const to = later[d][s], from = new Float64Array(MAX_AGE + 1);
        const q = (a: number) => deathProb(a, sex, year);
        const m = (a: number) => 1 + migrationRate(district.profile, a);
        for (let a = 0; a < MAX_AGE - 1; a++) from[a] = to[a + 1] / ((1 - q(a)) * m(a + 1));
        const ratio = to[MAX_AGE - 1] > 0 ? to[MAX_AGE] / to[MAX_AGE - 1] : 1;
        from[MAX_AGE - 1] = to[MAX_AGE] / m(MAX_AGE) / ((1 - q(MAX_AGE - 1)) + ratio * (1 - q(MAX_AGE)));
        from[MAX_AGE] = ratio * from[MAX_AGE - 1];
        return from;
      }),
    );
    years.unshift(year - 1);
    byYear.unshift(earlier);
    later = earlier;
  }
  return {years, byYear};
}

/** Integer band counts of every year the population file holds, back-cast years included: year → [district][sex][band]. */
export function bandCountsByYear(model: PopulationModel): Map<number, number[][][]> {
  const out = new Map<number, number[][][]>();
  const early = backcastPopulation(model);
  const toBands = (districts: Float64Array[][]) => districts.map((sexes) => sexes.map((v) => BANDS.map((b) => Math.round(sumAges(v, b.lo, b.hi)))));
  early.years.forEach((year, i) => out.set(year, toBands(early.byYear[i])));
  model.years.forEach((year, i) => out.set(year, toBands(model.byYear[i])));
  return out;
}

/** Sum of a district-sex age vector over [lo, hi] (hi null = open). */
export function sumAges(v: Float64Array, lo: number, hi: number | null): number {
  let s = 0;
  for (let a = lo; a <= (hi ?? MAX_AGE); a++) s += v[a];
  return s;
}

/** The integer band counts that are written to the population file: [year][district][sex][band]. */
export function bandCounts(model: PopulationModel): number[][][][] {
  return model.byYear.map((districts) =>
    districts.map((sexes) => sexes.map((v) => BANDS.map((b) => Math.round(sumAges(v, b.lo, b.hi))))),
  );
}

/** The one district whose file rows include 合计 (total) rows next to 男 and 女. */
export const TOTALS_DISTRICT = "990103";
export type PopSex = Sex | "total";

export interface PopRow {
  year: number;
  districtIndex: number;
  sex: PopSex;
  band: number;
  /** A stray extra row (a planted bad row) right after the real row of the same key. */
  extra?: boolean;
}

/**
 * Rows of the population file in the order they are written (line = index + 2): the model years 2015–2025, then
 * the back-cast years 2010–2014 (after them, so that the planted rows keep the lines they had before those years
 * were added).
 */
export function populationLayout(extraAfter?: {year: number; district: string; sex: PopSex; band: number}): PopRow[] {
  const rows: PopRow[] = [];
  const years = [...Array.from({length: LAST_YEAR - FIRST_YEAR + 1}, (_, i) => FIRST_YEAR + i), ...Array.from({length: FIRST_YEAR - BACKCAST_FIRST_YEAR}, (_, i) => BACKCAST_FIRST_YEAR + i)];
  for (const year of years) {
    DISTRICTS.forEach((d, districtIndex) => {
      const sexes: PopSex[] = d.code === TOTALS_DISTRICT ? ["male", "female", "total"] : ["male", "female"];
      for (const sex of sexes) {
        BANDS.forEach((_, band) => {
          rows.push({year, districtIndex, sex, band});
          if (extraAfter && extraAfter.year === year && extraAfter.district === d.code && extraAfter.sex === sex && extraAfter.band === band) rows.push({year, districtIndex, sex, band, extra: true});
        });
      }
    });
  }
  return rows;
}
