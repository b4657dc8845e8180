// `npm run census-crosswalk`: adds to data/reference/census-crosswalk.csv the rows it can derive safely — a census
// unit whose code is gone, matched to the one unit of today in the same city with the same name stem (望城县 →
// 望城区) whose code the same census does not list (so nothing was merged into it) — and lists what it cannot match.
// Hand-written rows (merges, splits, moves between cities, renames) are kept; generated rows are rewritten.
// tests/census/reference.test.ts checks every row.
import {readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {Db, literal} from "../pipeline/db.ts";
import {nameStem, readCrosswalk} from "../pipeline/census/city.ts";
import {CENSUS_PARQUET, CROSSWALK_CSV} from "../pipeline/census/reference.ts";
import {loadBoundaryData} from "../pipeline/init-city/boundaries.ts";
import {MUNICIPALITY_PREFIXES} from "../pipeline/census/xlsx.ts";

export const GENERATED = "generated (npm run census-crosswalk)";

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export async function generate(): Promise<{added: string[]; unmatched: string[]}> {
  const db = await Db.open();
  try {
    const data = await loadBoundaryData();
    const hand = (await readCrosswalk(db)).filter((x) => !x.basis.startsWith(GENERATED));
    const listed = new Set(hand.map((x) => `${x.year}:${x.census_code}`));
    const units = await db.all<{year: number; code: string; name: string; total: number}>(
      `select distinct year::integer as year, code, name, total from read_parquet(${literal(CENSUS_PARQUET)})
       where code is not null and code not like '%00' order by year, code`
    );
    const inTable = new Map<string, {name: string; total: number}>(units.map((u) => [`${u.year}:${u.code}`, u]));
    const today = new Map(data.units.map((u) => [u.code, u.name]));
    const added: string[] = [];
    const unmatched: string[] = [];
    for (const u of units) {
      if (listed.has(`${u.year}:${u.code}`)) continue;
      const now = today.get(u.code);
      if (now !== undefined && nameStem(now) === nameStem(u.name)) continue; // the same unit today
      if (/(开发区|新区|示范区|园区|产业园|合作区|管理区|试验区|实验区|集聚区|风景名胜区|行委|管委会)$/.test(u.name)) continue; // zones
      const prefix = MUNICIPALITY_PREFIXES.has(u.code.slice(0, 2)) ? u.code.slice(0, 2) : u.code.slice(0, 4);
      const same = data.units.filter((t) => t.code.startsWith(prefix) && t.code !== u.code && nameStem(t.name) === nameStem(u.name));
      const target = same.length === 1 ? same[0] : null;
      const why =
        same.length !== 1
          ? `${same.length} units of today in the city share the stem ${nameStem(u.name)}`
          : inTable.has(`${u.year}:${target!.code}`)
            ? `${target!.code} ${target!.name} is itself in the ${u.year} table (a merge?)`
            : null;
      const later = target && u.year === 2010 ? inTable.get(`2020:${target.code}`) : undefined;
      const ratio = later ? later.total / u.total : null;
      if (why || (ratio !== null && (ratio < 0.6 || ratio > 2.5))) {
        unmatched.push(`${u.year} ${u.code} ${u.name} (${u.total}): ${why ?? `2020/2010 = ${ratio!.toFixed(2)} (area changed?)`}`);
        continue;
      }
      added.push(
        [u.year, u.code, u.name, target!.code, target!.name, 1, "recoded", `${GENERATED}: same city and name stem, new code; the area is assumed unchanged`]
          .map(csvCell)
          .join(",")
      );
    }
    const text = await readFile(CROSSWALK_CSV, "utf8");
    const kept = text.split("\n").filter((l) => l && !l.includes(`,recoded,${GENERATED}`) && !l.includes(`,recoded,"${GENERATED}`));
    await writeFile(CROSSWALK_CSV, [...kept, ...added].join("\n") + "\n");
    return {added, unmatched};
  } finally {
    db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {added, unmatched} = await generate();
  console.log(`${path.relative(process.cwd(), CROSSWALK_CSV)}: ${added.length} generated rows`);
  console.log(`not matched (${unmatched.length}; add rows by hand where they are the same places):\n  ${unmatched.join("\n  ")}`);
}
