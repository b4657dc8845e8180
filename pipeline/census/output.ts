// The files `init-city --census` adds to a city's folder: population.csv (the contract's population dataset) and
// census.json (the census-start marker, with what was matched, estimated and left out), and their README text.
import {CENSUS_START_FILE} from "../datasets/contract.ts";
import type {CityCensusResult, PopulationRow} from "./city.ts";

export const CENSUS_SOURCE = {
  tables: "第六次、第七次全国人口普查分县资料 (2010 and 2020 census county tables): census_county_2010_v1.xlsx, census_county_2020_v1.xlsx",
  author: "Lei Dong",
  license: "MIT",
  shipped_as: "data/reference/census-county.parquet (npm run census-reference); crosswalk data/reference/census-crosswalk.csv",
  census_days: {2010: "2010-11-01", 2020: "2020-11-01"},
  population: "常住人口 (resident population) on the census day"
};

/** The contract's population file: year, district (code), sex, age band, persons. UTF-8 with a BOM, like districts.csv. */
export function populationCsv(rows: PopulationRow[]): string {
  const lines = ["year,district,sex,age,population", ...rows.map((r) => `${r.year},${r.district},${r.sex},${r.age},${r.population}`)];
  return `\uFEFF${lines.join("\n")}\n`;
}

export function censusJson(city: {code: string; name: string}, r: CityCensusResult, generatedOn: string): string {
  return (
    JSON.stringify(
      {
        kind: "census-start",
        about: `${CENSUS_START_FILE}: written by npm run init-city -- --code ${city.code} --census. While this file is in the folder, the pipeline runs without facilities (docs/init-city.md).`,
        city,
        generated_on: generatedOn,
        source: CENSUS_SOURCE,
        years: [2010, 2020],
        bands: "0, 1-4, 5-9 … 80-84, 85+ by sex (the bands both tables share)",
        totals: r.totals,
        zones: r.zones,
        unmatched: r.unmatched,
        moved_out: r.movedOut,
        missing: r.missing,
        estimated: r.estimated,
        matches: r.matches.filter((m) => m.to.some((t) => t.change !== "same")).map((m) => ({year: m.year, census_code: m.census.code, census_name: m.census.name, to: m.to}))
      },
      null,
      2
    ) + "\n"
  );
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** Lines for the README and the summary: what came from the census and what did not. */
export function censusLines(r: CityCensusResult): string[] {
  const lines = [
    "population.csv: 2010 和 2020 年人口普查常住人口，按区县、性别、年龄组（0、1-4、5-9 … 80-84、85+）",
    "  the 2010 and 2020 censuses (resident population on 1 November) by district, sex and age band (0, 1-4, 5-9 … 80-84, 85+):",
    ...r.totals.map((t) => `  ${t.year}: ${fmt(t.written)} persons written; the table's city row: ${t.cityRow === null ? "none" : fmt(t.cityRow)}${t.unmatched ? `; ${fmt(t.unmatched)} in units not matched (below)` : ""}${t.movedOut ? `; ${fmt(t.movedOut)} in units now in another city (below)` : ""}`)
  ];
  for (const m of r.movedOut) lines.push(`现属他市 / now in another city: ${m.year} ${m.code ?? "(no code)"} ${m.name} → ${m.to} (${fmt(m.persons)} persons, not counted here)`);
  const changed = r.matches.filter((m) => m.to.some((t) => t.change !== "same"));
  if (changed.length) {
    lines.push("区划调整 / units changed since the census (data/reference/census-crosswalk.csv):");
    for (const m of changed) {
      lines.push(`  ${m.year} ${m.census.code ?? "(no code)"} ${m.census.name} → ${m.to.map((t) => `${t.code} ${t.name}${t.share < 1 ? ` × ${t.share.toFixed(4)}` : ""} (${t.change})`).join(", ")}`);
    }
  }
  if (r.estimated.length) {
    lines.push("估算 / estimated: these units' figures are shares of a census unit that was split later (same age structure assumed):");
    lines.push(`  ${r.estimated.map((e) => `${e.year} ${e.code} ${e.name}`).join("; ")}`);
  }
  for (const z of r.zones) lines.push(`开发区 / zone listed apart in the 2020 table, added to districts.csv without a boundary: ${z.code} ${z.name}${z.census_code ? "" : " (no code in the table: local code)"}`);
  if (r.missing.length) lines.push(`无普查数据 / no census figures: ${r.missing.map((m) => `${m.year} ${m.code} ${m.name}`).join("; ")}`);
  if (r.unmatched.length) {
    lines.push("未匹配 / NOT MATCHED to any unit of today — their persons are NOT in population.csv; add a row to data/reference/census-crosswalk.csv:");
    for (const u of r.unmatched) lines.push(`  ${u.year} ${u.code ?? "(no code)"} ${u.name}: ${fmt(u.total)} persons (table row ${u.row})${u.suggestion ? `; perhaps: ${u.suggestion}` : ""}`);
  }
  return lines;
}
