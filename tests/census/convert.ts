// Turns one prefecture-level city of the 2010 and 2020 census county tables into an input folder of the contract.
// The census files stay in ../shared/data/census (MIT, Lei Dong); nothing of them is written into the repository.
import ExcelJS from "exceljs";
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

export type Sex = "male" | "female";

export interface CensusBand {
  sex: Sex;
  age_lo: number;
  age_hi: number | null; // null: the open band (85+)
  population: number;
}

/** One county-level unit (or the city itself) in one census. */
export interface CensusUnit {
  year: number;
  code: string;
  name: string;
  total: number; // 合计 / 人口数_合计
  share_65p: number; // the published 65岁及以上 share, %
  bands: CensusBand[];
}

export type DistrictKind = "district" | "county" | "county_city" | "zone";

export interface District {
  code: string;
  name: string;
  kind: DistrictKind;
}

/** A cell as text: rich text joined, numbers as they are. */
function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "richText" in value) return value.richText.map((part) => part.text).join("");
  if (typeof value === "object" && "result" in value) return String(value.result ?? "");
  return String(value);
}

function number(value: ExcelJS.CellValue): number | null {
  const t = text(value).replace(/,/g, "").trim();
  if (t === "" || t === "NA") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Header texts differ between the two tables: `45-49岁（女)`, `85岁及以上（男）` in 2010; `女_45到49岁`, `男_85岁以上` in 2020. */
export function parseAgeSexHeader(header: string): Omit<CensusBand, "population"> | null {
  const h = header.replace(/\s/g, "");
  let m = /^(\d+)(?:-(\d+))?岁(及以上|以上)?[（(](男|女)[）)]$/.exec(h);
  if (m) return band(m[4], m[1], m[2], m[3]);
  m = /^(男|女)_(\d+)(?:到(\d+))?岁(及以上|以上)?$/.exec(h);
  if (m) return band(m[1], m[2], m[3], m[4]);
  return null;
}

function band(sex: string, lo: string, hi: string | undefined, open: string | undefined): Omit<CensusBand, "population"> {
  const age_lo = Number(lo);
  return {sex: sex === "男" ? "male" : "female", age_lo, age_hi: open ? null : hi === undefined ? age_lo : Number(hi)};
}

/** The published share of persons aged 65+: `65岁及以上（%）` in 2010, `人口比重_65岁及以上` in 2020 (not 有65岁及以上老年人口的户数). */
function isShare65Header(header: string): boolean {
  return /^(人口比重_)?65岁及以上([（(]%[）)])?$/.test(header.replace(/\s/g, ""));
}

/** Every unit with a code in one census county table. */
export async function readCensusTable(file: string, year: number): Promise<CensusUnit[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  // the header row is the first that names 区划代码
  let headerRow = 0;
  for (let r = 1; r <= Math.min(sheet.rowCount, 20) && !headerRow; r++) {
    if ((sheet.getRow(r).values as ExcelJS.CellValue[]).some((v) => text(v).trim() === "区划代码")) headerRow = r;
  }
  if (!headerRow) throw new Error(`${file}: no header row naming 区划代码`);
  const headers = (sheet.getRow(headerRow).values as ExcelJS.CellValue[]).map((v) => text(v).trim());
  const column = (test: (h: string) => boolean, what: string): number => {
    const i = headers.findIndex((h) => h && test(h));
    if (i < 0) throw new Error(`${file}: no column ${what}`);
    return i;
  };
  const codeCol = column((h) => h === "区划代码", "区划代码");
  const nameCol = headers.includes("区县") ? column((h) => h === "区县", "区县") : column((h) => h === "地区", "地区");
  const totalCol = column((h) => h === "合计" || h === "人口数_合计", "合计");
  const shareCol = column(isShare65Header, "65岁及以上 share");
  const bandCols = headers.flatMap((h, i) => {
    const parsed = h ? parseAgeSexHeader(h) : null;
    return parsed ? [{i, ...parsed}] : [];
  });
  if (bandCols.length !== 38) throw new Error(`${file}: expected 38 age-by-sex columns, found ${bandCols.length}`);

  const units: CensusUnit[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as ExcelJS.CellValue[];
    const code = text(values[codeCol]).trim();
    // rows such as 市辖区 in 2010 carry no code, NA in 2020: not county-level units
    if (!/^\d{6}$/.test(code)) continue;
    const total = number(values[totalCol]);
    const share = number(values[shareCol]);
    if (total === null || share === null) throw new Error(`${file} row ${r}: ${code} has no total or 65+ share`);
    units.push({
      year,
      code,
      name: text(values[nameCol]).trim(),
      total,
      share_65p: share,
      bands: bandCols.map(({i, sex, age_lo, age_hi}) => ({sex, age_lo, age_hi, population: number(values[i]) ?? 0}))
    });
  }
  return units;
}

export function districtKind(name: string): DistrictKind {
  if (/(开发区|新区|实验区|功能区|管理区)$/.test(name)) return "zone";
  if (name.endsWith("区")) return "district";
  if (name.endsWith("县") || name.endsWith("旗")) return "county";
  if (name.endsWith("市")) return "county_city";
  throw new Error(`no district kind for ${name}`);
}

export interface CityCensus {
  city: {code: string; name: string};
  districts: District[];
  /** Every census unit of the city: the districts and, under code 'CITY', the city's own row. */
  units: CensusUnit[];
}

/** The city's county-level units in both censuses; fails when their codes changed between the two. */
export async function readCityCensus(cityCode = CITY_CODE, years = [2010, 2020]): Promise<CityCensus> {
  const prefix = cityCode.slice(0, 4);
  const units: CensusUnit[] = [];
  const codesByYear = new Map<number, string[]>();
  let cityName = "";
  for (const year of years) {
    const all = await readCensusTable(censusFiles[year], year);
    const city = all.find((u) => u.code === cityCode);
    if (!city) throw new Error(`census ${year}: no row for city ${cityCode}`);
    cityName = city.name;
    const districts = all.filter((u) => u.code.startsWith(prefix) && !u.code.endsWith("00"));
    codesByYear.set(year, districts.map((u) => u.code).sort());
    units.push({...city, code: "CITY"}, ...districts);
  }
  const [first, ...rest] = years.map((y) => codesByYear.get(y)!.join(","));
  if (rest.some((codes) => codes !== first)) {
    throw new Error(`census: the county codes of ${cityCode} changed between ${years.join(" and ")}: ${years.map((y) => codesByYear.get(y)!.join(",")).join(" / ")}`);
  }
  const latest = units.filter((u) => u.year === years.at(-1) && u.code !== "CITY");
  return {
    city: {code: cityCode, name: cityName},
    districts: latest.map((u) => ({code: u.code, name: u.name, kind: districtKind(u.name)})),
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
