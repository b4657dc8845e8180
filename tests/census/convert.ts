// Turns one prefecture-level city of the 2010 and 2020 census county tables into an input folder of the contract.
// The census files stay in ../shared/data/census (MIT, Lei Dong); nothing of them is written into the repository.
import {existsSync} from "node:fs";
import {mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const censusDir = path.resolve(repoRoot, "../shared/data/census");
export const censusFiles: Record<number, string> = {
  2010: path.join(censusDir, "census_county_2010_v1.xlsx"),
  2020: path.join(censusDir, "census_county_2020_v1.xlsx")
};

/**
 * 嘉兴市: its seven county-level units (2 区, 2 县, 3 县级市) kept their codes and names from 2010 to 2020, and they add
 * up to the city row in both censuses (太原市 also kept its codes, but its 2020 city row counts 258,826 persons in no county unit).
 */
export const CITY_CODE = "330400";

export function censusPresent(): boolean {
  return Object.values(censusFiles).every((file) => existsSync(file));
}

// The workbook reader is the product's (pipeline/census/xlsx.ts, used by scripts/census-reference.ts).
export {parseAgeSexHeader, readCensusTable, type CensusBand, type CensusUnit, type Sex} from "../../pipeline/census/xlsx.ts";
import {readCensusTable, type CensusBand, type CensusUnit} from "../../pipeline/census/xlsx.ts";
import {shared} from "../harness/index.ts";

/**
 * A census workbook as the product's reader reads it, read once per test run (tests/harness `shared`: about 4 s of
 * CPU a workbook; the reference test and the conversion below both need both years). Plain JSON, kept exactly.
 */
export function censusTable(year: number): Promise<CensusUnit[]> {
  return shared(`census-table-${year}`, () => readCensusTable(censusFiles[year]!, year));
}

export type DistrictKind = "district" | "county" | "county_city" | "zone";

export interface District {
  code: string;
  name: string;
  kind: DistrictKind;
}

export function districtKind(name: string): DistrictKind {
  if (/(开发区|新区|实验区|功能区|管理区)$/.test(name)) return "zone";
  if (name.endsWith("区")) return "district";
  if (name.endsWith("县") || name.endsWith("旗")) return "county";
  if (name.endsWith("市")) return "county_city";
  throw new Error(`no district kind for ${name}`);
}

/** A unit of a city in one census: always with a code ('CITY' for the city's own row) and a published 65+ share. */
export type CityUnit = CensusUnit & {code: string; share_65p: number};

function cityUnit(u: CensusUnit): CityUnit {
  if (u.code === null || u.share_65p === null) throw new Error(`census ${u.year} row ${u.row}: ${u.name} has no code or no 65+ share`);
  return {...u, code: u.code, share_65p: u.share_65p};
}

export interface CityCensus {
  city: {code: string; name: string};
  districts: District[];
  /** Every census unit of the city: the districts and, under code 'CITY', the city's own row. */
  units: CityUnit[];
}

/** The city's county-level units in both censuses; fails when their codes changed between the two. */
export async function readCityCensus(cityCode = CITY_CODE, years = [2010, 2020]): Promise<CityCensus> {
  const prefix = cityCode.slice(0, 4);
  const units: CityUnit[] = [];
  const codesByYear = new Map<number, string[]>();
  let cityName = "";
  for (const year of years) {
    const all = await censusTable(year);
    const city = all.find((u) => u.code === cityCode);
    if (!city) throw new Error(`census ${year}: no row for city ${cityCode}`);
    cityName = city.name;
    const districts = all.filter((u) => u.code !== null && u.code.startsWith(prefix) && !u.code.endsWith("00"));
    codesByYear.set(year, districts.map((u) => u.code!).sort());
    units.push(...[{...city, code: "CITY"}, ...districts].map(cityUnit));
  }
  const [first, ...rest] = years.map((y) => codesByYear.get(y)!.join(","));
  if (rest.some((codes) => codes !== first)) {
    throw new Error(`census: the county codes of ${cityCode} changed between ${years.join(" and ")}: ${years.map((y) => codesByYear.get(y)!.join(",")).join(" / ")}`);
  }
  const latest = units.filter((u) => u.year === years.at(-1) && u.code !== "CITY");
  return {
    city: {code: cityCode, name: cityName},
    districts: latest.map((u) => ({code: u.code!, name: u.name, kind: districtKind(u.name)})),
    units
  };
}

function ageLabel(b: CensusBand): string {
  if (b.age_hi === null) return `${b.age_lo}+`;
  return b.age_hi === b.age_lo ? String(b.age_lo) : `${b.age_lo}-${b.age_hi}`;
}

function csv(rows: Array<Array<string | number>>): string {
  return rows.map((row) => row.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(",")).join("\n") + "\n";
}

/**
 * Write the city as an input folder: districts.csv, population.csv (the census's own bands: 0, 1-4, 5-9 … 85+, by sex)
 * and facilities.csv (a required dataset the census has nothing for: one placeholder station with no beds per district,
 * since a required file with a header and no rows is refused).
 */
export async function writeInputFolder(census: CityCensus, dir: string): Promise<void> {
  await mkdir(dir, {recursive: true});
  await writeFile(path.join(dir, "districts.csv"), csv([["code", "name", "kind"], ...census.districts.map((d) => [d.code, d.name, d.kind])]));
  const population: Array<Array<string | number>> = [["year", "district", "sex", "age", "population"]];
  for (const unit of census.units) {
    if (unit.code === "CITY") continue;
    for (const b of unit.bands) population.push([unit.year, unit.code, b.sex, ageLabel(b), b.population]);
  }
  await writeFile(path.join(dir, "population.csv"), csv(population));
  await writeFile(
    path.join(dir, "facilities.csv"),
    csv([
      ["year", "facility_id", "name", "district", "type", "ownership", "beds", "nursing_beds", "residents", "star", "on_platform"],
      ...census.districts.map((d) => [2020, `PLACEHOLDER-${d.code}`, `${d.name}（占位，无床位）`, d.code, "station", "", 0, 0, 0, "", "no"])
    ])
  );
}
