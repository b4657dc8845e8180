// One city's census population, on today's county-level units: the 2010 and 2020 census units of the shipped
// reference file (data/reference/census-county.parquet), matched to today's units by code or by the crosswalk
// (data/reference/census-crosswalk.csv). Small data (a city has at most a few dozen units): matched in JS.
import {existsSync} from "node:fs";
import {Db, literal} from "../db.ts";
import {
  BAND_LABELS,
  CENSUS_PARQUET,
  CENSUS_YEARS,
  CROSSWALK_CHANGES,
  CROSSWALK_CSV,
  bandLabel,
  type CrosswalkRow
} from "./reference.ts";

export interface TodayUnit {
  code: string;
  name: string;
}

/** A census unit as the reference file has it (the bands summed per sex and band label). */
export interface CensusRecord {
  year: number;
  row: number;
  code: string | null;
  name: string;
  city_code: string | null;
  total: number;
  share_65p: number | null;
  /** `${sex}|${band}` → persons */
  cells: Map<string, number>;
}

export interface PopulationRow {
  year: number;
  district: string;
  sex: "male" | "female";
  age: string;
  population: number;
}

/** A zone the 2020 table lists as a unit of its own (e.g. 370171 济南高新技术产业开发区) that today's boundaries lack. */
export interface ZoneRow {
  code: string;
  name: string;
  census_code: string | null;
}

export interface UnitMatch {
  year: number;
  census: {code: string | null; name: string; row: number; total: number};
  to: Array<{code: string; name: string; share: number; change: string; basis: string}>;
}

export interface CityCensusResult {
  city: {code: string; name2010: string | null; name2020: string | null; total2010: number | null; total2020: number | null};
  zones: ZoneRow[];
  population: PopulationRow[];
  matches: UnitMatch[];
  /** Census units that match no unit of today: reported by name and code, their persons are not in population. */
  unmatched: Array<{year: number; code: string | null; name: string; row: number; total: number; suggestion?: string}>;
  /** Census units (or parts) listed under this city that belong to another city today, by the crosswalk. */
  movedOut: Array<{year: number; code: string | null; name: string; to: string; persons: number}>;
  /** Today's units (and zones) with no census figures for a year. */
  missing: Array<{year: number; code: string; name: string}>;
  /** Today's units whose figures for a year were estimated from a split (share < 1). */
  estimated: Array<{year: number; code: string; name: string}>;
  /** The census's own 65+ share for units that are one census unit unchanged (no merge or split), by year. */
  published65: Array<{year: number; code: string; name: string; share_65p: number; total: number}>;
  /** Per year: persons written, persons of the city row, persons in unmatched units. */
  totals: Array<{year: number; written: number; cityRow: number | null; unmatched: number; movedOut: number}>;
}

export class CensusError extends Error {}

/** Reads and checks the crosswalk file: codes, shares in (0, 1], and each census unit's shares adding up to 1. */
export async function readCrosswalk(db: Db, file = CROSSWALK_CSV): Promise<CrosswalkRow[]> {
  const rows = await db.all<Omit<CrosswalkRow, "line"> & {line: number}>(
    `select (row_number() over () + 1)::integer as line, year::integer as year, census_code, census_name, code, name,
            share::double as share, change, basis
     from read_csv(${literal(file)}, header = true, quote = '"', columns = {
       'year': 'INTEGER', 'census_code': 'VARCHAR', 'census_name': 'VARCHAR', 'code': 'VARCHAR', 'name': 'VARCHAR',
       'share': 'DECIMAL(10,9)', 'change': 'VARCHAR', 'basis': 'VARCHAR'})`
  );
  const problems: string[] = [];
  const sums = new Map<string, number>();
  for (const r of rows) {
    const at = `${file} line ${r.line}`;
    if (!(CENSUS_YEARS as readonly number[]).includes(r.year)) problems.push(`${at}: year ${r.year} is not a census year`);
    if (!/^\d{6}$/.test(r.census_code ?? "")) problems.push(`${at}: census_code "${r.census_code}" is not a 6-digit code`);
    if (!/^[0-9A-Za-z]{6,12}$/.test(r.code ?? "")) problems.push(`${at}: code "${r.code}" is not 6–12 letters or digits`);
    if (!(r.share > 0 && r.share <= 1)) problems.push(`${at}: share ${r.share} is not in (0, 1]`);
    if (!(CROSSWALK_CHANGES as readonly string[]).includes(r.change)) problems.push(`${at}: change "${r.change}" is not one of ${CROSSWALK_CHANGES.join(", ")}`);
    if (!r.basis) problems.push(`${at}: no basis`);
    const key = `${r.year} ${r.census_code} ${r.census_name}`;
    sums.set(key, (sums.get(key) ?? 0) + r.share);
  }
  for (const [key, sum] of sums) if (Math.abs(sum - 1) > 1e-9) problems.push(`${file}: the shares of ${key} add up to ${sum}, not 1`);
  if (problems.length) throw new CensusError(`census crosswalk: ${problems.join("; ")}`);
  return rows;
}

/** The census units of a city's rows, plus any unit the crosswalk moves into the city. */
export async function readCensusRecords(db: Db, where: string): Promise<CensusRecord[]> {
  const rows = await db.all<{year: number; row: number; code: string | null; name: string; city_code: string | null; total: number; share_65p: number | null; sex: string; age_lo: number; age_hi: number | null; population: number}>(
    `select year::integer as year, row, code, name, city_code, total, share_65p::double as share_65p, sex,
            age_lo::integer as age_lo, age_hi::integer as age_hi, population
     from read_parquet(${literal(CENSUS_PARQUET)}) where ${where} order by year, row, sex desc, age_lo`
  );
  const byUnit = new Map<string, CensusRecord>();
  for (const r of rows) {
    const key = `${r.year}:${r.row}`;
    let u = byUnit.get(key);
    if (!u) {
      u = {year: r.year, row: r.row, code: r.code, name: r.name, city_code: r.city_code, total: r.total, share_65p: r.share_65p, cells: new Map()};
      byUnit.set(key, u);
    }
    u.cells.set(`${r.sex}|${bandLabel(r.age_lo, r.age_hi)}`, r.population);
  }
  return [...byUnit.values()];
}

/** A unit's name without its suffix (市 spelt 巿 read as 市): 望城县 and 望城区 share the stem 望城; a unit whose code was reused for another (500110 万盛区 → 綦江区) does not. */
export function nameStem(name: string): string {
  // the 2010 table writes a few 市 as 巿 (U+5DFF: 泊头巿, 九台巿)
  return name.replace(/巿/g, "市").replace(/(自治县|自治旗|县|市|区|旗)$/, "");
}

/** A unit the 2020 table lists apart that is a development or functional zone, not a county-level unit. */
export function isZoneName(name: string): boolean {
  return /(开发区|新区|示范区|园区|产业园|合作区|管理区|试验区|实验区|集聚区|风景名胜区|行委)$/.test(name) || !/(区|县|旗|市)$/.test(name);
}

/** Split `value` by `shares` into whole numbers that add up to `value` (largest remainder). */
export function apportion(value: number, shares: number[]): number[] {
  const exact = shares.map((s) => value * s);
  const out = exact.map(Math.floor);
  let left = value - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[order[k][1]]++;
  return out;
}

/**
 * The city's population by today's unit, census year, sex and band. `cityCode` is the prefecture-level city
 * (`xxxx00`) or municipality (`xx0000`); `today` its county-level units (from the boundary data).
 */
export async function cityCensus(cityCode: string, today: TodayUnit[], db?: Db): Promise<CityCensusResult> {
  if (!existsSync(CENSUS_PARQUET)) throw new CensusError(`${CENSUS_PARQUET} is missing: run npm run census-reference (needs the census workbooks)`);
  const own = db ?? (await Db.open());
  try {
    const crosswalk = await readCrosswalk(own);
    const todayCodes = new Map(today.map((u) => [u.code, u.name]));
    // crosswalk rows that lead into this city (units moved from another city, e.g. 371202 莱城区 → 370116 莱芜区)
    const into = crosswalk.filter((x) => todayCodes.has(x.code));
    const movedIn = [...new Set(into.map((x) => `(${x.year}, ${literal(x.census_code)})`))];
    const records = await readCensusRecords(
      own,
      `city_code = ${literal(cityCode)} or code = ${literal(cityCode)}${movedIn.length ? ` or (year, code) in (${movedIn.join(", ")})` : ""}`
    );
    const cityRows = new Map(records.filter((r) => r.code === cityCode).map((r) => [r.year, r]));
    const units = records.filter((r) => r.code !== cityCode && !(r.code ?? "").endsWith("00"));
    if (!units.length) {
      throw new CensusError(`${cityCode}: 普查县级表中没有该市的县级单位 / the census county tables list no county-level units for ${cityCode}`);
    }
    const byCensus = new Map<string, CrosswalkRow[]>();
    for (const x of crosswalk) byCensus.set(`${x.year}:${x.census_code}`, [...(byCensus.get(`${x.year}:${x.census_code}`) ?? []), x]);

    const zones: ZoneRow[] = [];
    const zoneCode = new Map<string, string>();
    const matches: UnitMatch[] = [];
    const unmatched: CityCensusResult["unmatched"] = [];
    const movedOut: CityCensusResult["movedOut"] = [];
    for (const u of units) {
      const census = {code: u.code, name: u.name, row: u.row, total: u.total};
      const xw = u.code ? byCensus.get(`${u.year}:${u.code}`) : undefined;
      if (xw) {
        for (const x of xw) {
          if (x.census_name !== u.name) throw new CensusError(`${CROSSWALK_CSV} line ${x.line}: census_name ${x.census_name}, but the ${x.year} table names ${x.census_code} ${u.name}`);
        }
        // a unit (or the part of one) that belongs to another city today (2010 512081 简阳市: 资阳 → 成都) is not this city's
        const here = xw.filter((x) => todayCodes.has(x.code));
        for (const x of xw.filter((x) => !todayCodes.has(x.code))) {
          movedOut.push({year: u.year, code: u.code, name: u.name, to: `${x.code} ${x.name}`, persons: Math.round(u.total * x.share)});
        }
        if (here.length) matches.push({year: u.year, census, to: here.map((x) => ({code: x.code, name: todayCodes.get(x.code)!, share: x.share, change: x.change, basis: x.basis}))});
      } else if (u.code && todayCodes.has(u.code) && nameStem(todayCodes.get(u.code)!) === nameStem(u.name)) {
        const name = todayCodes.get(u.code)!;
        matches.push({year: u.year, census, to: [{code: u.code, name, share: 1, change: name === u.name ? "same" : "renamed", basis: name === u.name ? "same code and name" : `same code; named ${u.name} in the ${u.year} table`}]});
      } else if (u.year === 2020 && isZoneName(u.name)) {
        // a zone listed apart in 2020: kept as a zone row of districts.csv with its code, or a local one
        let code = u.code ?? zoneCode.get(u.name);
        if (!code) code = `${cityCode}Z${String(zones.filter((z) => !z.census_code).length + 1).padStart(2, "0")}`;
        if (!zones.some((z) => z.code === code)) zones.push({code, name: u.name, census_code: u.code});
        zoneCode.set(u.name, code);
        matches.push({year: u.year, census, to: [{code, name: u.name, share: 1, change: "zone", basis: "listed apart in the 2020 table; no boundary"}]});
      } else {
        const same = today.filter((t) => nameStem(t.name) === nameStem(u.name));
        const suggestion = same.length === 1 ? `${u.year},${u.code ?? ""},${u.name},${same[0].code},${same[0].name},1,recoded,<what changed and when>` : undefined;
        unmatched.push({year: u.year, code: u.code, name: u.name, row: u.row, total: u.total, suggestion});
      }
    }

    // population by today's unit: each census cell apportioned by the shares, so that the parts add up to it
    const cells = new Map<string, number>(); // year|code|sex|band
    const sourcesOf = new Map<string, UnitMatch[]>();
    const recordOf = new Map(units.map((u) => [`${u.year}:${u.row}`, u]));
    for (const m of matches) {
      const u = recordOf.get(`${m.year}:${m.census.row}`)!;
      for (const sex of ["male", "female"] as const) {
        for (const band of BAND_LABELS) {
          const parts = apportion(u.cells.get(`${sex}|${band}`) ?? 0, m.to.map((t) => t.share));
          m.to.forEach((t, i) => {
            const key = `${m.year}|${t.code}|${sex}|${band}`;
            cells.set(key, (cells.get(key) ?? 0) + parts[i]);
          });
        }
      }
      for (const t of m.to) {
        const k = `${m.year}|${t.code}`;
        sourcesOf.set(k, [...(sourcesOf.get(k) ?? []), m]);
      }
    }
    const all: TodayUnit[] = [...today, ...zones];
    const population: PopulationRow[] = [];
    const missing: CityCensusResult["missing"] = [];
    const estimated: CityCensusResult["estimated"] = [];
    const published65: CityCensusResult["published65"] = [];
    for (const year of CENSUS_YEARS) {
      for (const unit of all) {
        const sources = sourcesOf.get(`${year}|${unit.code}`);
        if (!sources) {
          missing.push({year, code: unit.code, name: unit.name});
          continue;
        }
        if (sources.some((m) => m.to.some((t) => t.code === unit.code && t.share < 1))) estimated.push({year, code: unit.code, name: unit.name});
        if (sources.length === 1 && sources[0].to.length === 1) {
          const u = recordOf.get(`${year}:${sources[0].census.row}`)!;
          if (u.share_65p !== null) published65.push({year, code: unit.code, name: unit.name, share_65p: u.share_65p, total: u.total});
        }
        for (const sex of ["male", "female"] as const) {
          for (const band of BAND_LABELS) population.push({year, district: unit.code, sex, age: band, population: cells.get(`${year}|${unit.code}|${sex}|${band}`) ?? 0});
        }
      }
    }
    const without2020 = today.filter((u) => missing.some((m) => m.year === 2020 && m.code === u.code));
    if (without2020.length === today.length) {
      throw new CensusError(
        `${cityCode}: 今天的区县在2020年普查县级表中都找不到 / none of today's units (${today.map((u) => `${u.code} ${u.name}`).join(", ")}) is in the 2020 census county table` +
          ` (the table lists ${units.filter((u) => u.year === 2020).map((u) => `${u.code ?? "(no code)"} ${u.name}`).join(", ") || "no county-level unit"} for this city); add rows to ${CROSSWALK_CSV} if they are the same places`
      );
    }
    const totals = CENSUS_YEARS.map((year) => ({
      year,
      written: population.filter((p) => p.year === year).reduce((s, p) => s + p.population, 0),
      cityRow: cityRows.get(year)?.total ?? null,
      unmatched: unmatched.filter((u) => u.year === year).reduce((s, u) => s + u.total, 0),
      movedOut: movedOut.filter((u) => u.year === year).reduce((s, u) => s + u.persons, 0)
    }));
    return {
      city: {
        code: cityCode,
        name2010: cityRows.get(2010)?.name ?? null,
        name2020: cityRows.get(2020)?.name ?? null,
        total2010: cityRows.get(2010)?.total ?? null,
        total2020: cityRows.get(2020)?.total ?? null
      },
      zones,
      population,
      matches,
      unmatched,
      movedOut,
      missing,
      estimated,
      published65,
      totals
    };
  } finally {
    if (!db) own.close();
  }
}
