// Reads the county tables of the 2010 and 2020 censuses (census_county_2010_v1.xlsx, census_county_2020_v1.xlsx; MIT,
// Lei Dong). Used once by scripts/census-reference.ts to write data/reference/census-county.parquet, and by the tests
// that check that file against the workbooks. The product itself reads only the Parquet file.
import ExcelJS from "exceljs";

export type Sex = "male" | "female";

export interface CensusBand {
  sex: Sex;
  age_lo: number;
  age_hi: number | null; // null: the open band (85+)
  population: number;
}

/** One row of a census county table: a county-level unit, a city, a province, or a unit with no code (a zone). */
export interface CensusUnit {
  year: number;
  /** The sheet row, for messages that point back at the workbook. */
  row: number;
  /** 6-digit division code; null for the 2010 rows and 2020 zones that have none (e.g. 吉林高新技术产业开发区). */
  code: string | null;
  name: string;
  /**
   * The prefecture-level city of the row: `xxxx00` from its code (the city's own row included); a municipality's units
   * (and its 2020 `市辖区` row) get the municipality's code `xx0000`; a row without a code gets the city of the row
   * above it. Null for provinces and for county-level units directly under a province (省直辖, `xx90xx`).
   */
  city_code: string | null;
  total: number; // 合计 / 人口数_合计
  share_65p: number | null; // the published 65岁及以上 share, % (null only where the table leaves it empty)
  bands: CensusBand[];
}

/** Municipalities directly under the central government (直辖市): their units sit under the province code. */
export const MUNICIPALITY_PREFIXES = new Set(["11", "12", "31", "50"]);

/** A cell as text: rich text joined, numbers as they are. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && "richText" in value) return value.richText.map((part) => part.text).join("");
  if (typeof value === "object" && "result" in value) return String(value.result ?? "");
  return String(value);
}

function cellNumber(value: ExcelJS.CellValue): number | null {
  const t = cellText(value).replace(/,/g, "").trim();
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

/**
 * Rows that only sum other rows and carry no code of their own: 2010's `市辖区`, `县` and `省直辖县级行政区划`
 * headings, 2020's national total. They are left out; every other row with figures is kept.
 */
const AGGREGATE_NAMES = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "全国"]);

/** Every row with figures in one census county table. */
export async function readCensusTable(file: string, year: number): Promise<CensusUnit[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  // the header row is the first that names 区划代码
  let headerRow = 0;
  for (let r = 1; r <= Math.min(sheet.rowCount, 20) && !headerRow; r++) {
    if ((sheet.getRow(r).values as ExcelJS.CellValue[]).some((v) => cellText(v).trim() === "区划代码")) headerRow = r;
  }
  if (!headerRow) throw new Error(`${file}: no header row naming 区划代码`);
  const headers = (sheet.getRow(headerRow).values as ExcelJS.CellValue[]).map((v) => cellText(v).trim());
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
  let city: string | null = null; // the city of the last row with a code
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as ExcelJS.CellValue[];
    const rawCode = cellText(values[codeCol]).trim();
    const code = /^\d{6}$/.test(rawCode) ? rawCode : null;
    const name = cellText(values[nameCol]).trim();
    const total = cellNumber(values[totalCol]);
    if (code === null && /直辖县级行政区划$/.test(name)) city = null; // 2010: county-level units under the province
    if (code === null && (AGGREGATE_NAMES.has(name) || total === null)) continue; // headings, blank and note rows
    if (!name) throw new Error(`${file} row ${r}: code ${code} has no name`);
    if (total === null) throw new Error(`${file} row ${r}: ${code} ${name} has no total`);
    let cityCode: string | null;
    if (code === null) cityCode = city; // a unit without a code: the city whose rows it sits among
    else if (MUNICIPALITY_PREFIXES.has(code.slice(0, 2))) cityCode = code.endsWith("0000") ? null : `${code.slice(0, 2)}0000`;
    else if (code.endsWith("0000") || code.slice(2, 4) === "90") cityCode = null; // a province; 省直辖 units
    else cityCode = `${code.slice(0, 4)}00`;
    if (code !== null) city = cityCode;
    units.push({
      year,
      row: r,
      code,
      name,
      city_code: cityCode,
      total,
      share_65p: cellNumber(values[shareCol]),
      bands: bandCols.map(({i, sex, age_lo, age_hi}) => ({sex, age_lo, age_hi, population: cellNumber(values[i]) ?? 0}))
    });
  }
  return units;
}
