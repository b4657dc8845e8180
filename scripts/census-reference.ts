// `npm run census-reference`: converts the two census county tables (../shared/data/census, MIT) once into the
// compact file the package ships, data/reference/census-county.parquet, read with DuckDB by `init-city --census`.
// Run it again only if the workbooks change; tests/census/reference.test.ts checks the file against them.
import {existsSync} from "node:fs";
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {Db, literal} from "../pipeline/db.ts";
import {readCensusTable, type CensusUnit} from "../pipeline/census/xlsx.ts";
import {CENSUS_PARQUET} from "../pipeline/census/reference.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CENSUS_DIR = path.resolve(ROOT, "../shared/data/census");
export const WORKBOOKS: Record<number, string> = {2010: "census_county_2010_v1.xlsx", 2020: "census_county_2020_v1.xlsx"};

function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The long table: one row per unit, sex and age band, with the unit's published total and 65+ share repeated. */
export function longRows(units: CensusUnit[]): string {
  const lines = ["year,row,code,name,city_code,total,share_65p,sex,age_lo,age_hi,population"];
  for (const u of units) {
    for (const b of u.bands) {
      lines.push([u.year, u.row, u.code, u.name, u.city_code, u.total, u.share_65p, b.sex, b.age_lo, b.age_hi, b.population].map(csvField).join(","));
    }
  }
  return lines.join("\n") + "\n";
}

export async function convert(censusDir = DEFAULT_CENSUS_DIR, out = CENSUS_PARQUET): Promise<{rows: number; units: number; bytes: number}> {
  const units: CensusUnit[] = [];
  for (const [year, file] of Object.entries(WORKBOOKS)) {
    const full = path.join(censusDir, file);
    if (!existsSync(full)) throw new Error(`${full} not found: the census county tables are read from ${censusDir}`);
    units.push(...(await readCensusTable(full, Number(year))));
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), "census-reference-"));
  const db = await Db.open();
  try {
    const csv = path.join(tmp, "census.csv");
    await writeFile(csv, longRows(units));
    await db.run(`copy (
        select * from read_csv(${literal(csv)}, header = true, nullstr = '', columns = {
          'year': 'SMALLINT', 'row': 'INTEGER', 'code': 'VARCHAR', 'name': 'VARCHAR', 'city_code': 'VARCHAR',
          'total': 'INTEGER', 'share_65p': 'DECIMAL(5,2)', 'sex': 'VARCHAR', 'age_lo': 'TINYINT', 'age_hi': 'TINYINT',
          'population': 'INTEGER'})
        order by year, row, sex desc, age_lo
      ) to ${literal(out)} (format parquet, compression zstd, compression_level 19)`);
    const {n, u} = (await db.one<{n: number; u: number}>(
      `select count(*)::integer as n, count(distinct (year, row))::integer as u from read_parquet(${literal(out)})`
    ))!;
    const {size} = await import("node:fs").then((fs) => fs.statSync(out));
    return {rows: n, units: u, bytes: size};
  } finally {
    db.close();
    await rm(tmp, {recursive: true, force: true});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? DEFAULT_CENSUS_DIR;
  const r = await convert(dir);
  console.log(`${path.relative(ROOT, CENSUS_PARQUET)}: ${r.units} units, ${r.rows} rows, ${(r.bytes / 1024).toFixed(0)} KB (from ${dir})`);
}
