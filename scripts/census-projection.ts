// 2010 → 2020 → 2030 for one census city: Hamilton–Perry with 10-year steps, printed as a Markdown table.
// Usage: npx tsx scripts/census-projection.ts [--city 330400]   (reads ../shared/data/census; see docs/census-projection.md)
import {CITY_CODE, censusDir, censusPresent, readCityCensus, type CityCensus} from "../tests/census/convert.ts";
import {populationWarehouse, type PopRow} from "../tests/projection/helpers.ts";

export interface ProjectionRow {
  area_code: string;
  year: number;
  projected: boolean;
  pop_total: number;
  pop_60p: number;
  pop_65p: number;
  share_60p: number;
  share_65p: number;
}

export function parseArgs(argv: string[]): {city: string} {
  const i = argv.indexOf("--city");
  const city = i >= 0 ? argv[i + 1] : CITY_CODE;
  if (!/^\d{4}00$/.test(city ?? "")) throw new Error(`--city takes a prefecture-level code such as 330400, got ${city}`);
  return {city};
}

/** The city's observed 2010 and 2020 and its projected 2030, per district and for the city (from its own totals). */
export async function censusProjection(
  city: string,
  read: CityCensus | Promise<CityCensus> = readCityCensus(city)
): Promise<{name: string; names: Map<string, string>; rows: ProjectionRow[]}> {
  const census = await read;
  const population: PopRow[] = census.units
    .filter((u) => u.code !== "CITY")
    .flatMap((u) => u.bands.map((b): PopRow => [u.year, u.code, b.sex, b.age_lo, b.age_hi, b.population]));
  // two censuses ten years apart: n = 10, the same marts as the pipeline with 10-year steps
  const db = await populationWarehouse(population, {projection_step_years: "10", projection_horizon: "2030"});
  try {
    const rows = await db.all<ProjectionRow>(`
      with by_area as (
        select year, district_code as area_code, projected, age_lo, population from marts.population
        union all
        select year, 'CITY', projected, age_lo, population from marts.population
      ),
      totals as (
        select
          year, area_code, bool_or(projected) as projected,
          sum(population) as pop_total,
          sum(population) filter (where age_lo >= 60) as pop_60p,
          sum(population) filter (where age_lo >= 65) as pop_65p
        from by_area
        where year in (2010, 2020, 2030)
        group by year, area_code
      )
      select *, pop_60p / pop_total * 100 as share_60p, pop_65p / pop_total * 100 as share_65p
      from totals
      order by area_code = 'CITY', area_code, year`);
    return {name: census.city.name, names: new Map(census.districts.map((d) => [d.code, d.name])), rows};
  } finally {
    db.close();
  }
}

function markdown({name, names, rows}: Awaited<ReturnType<typeof censusProjection>>): string {
  const int = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    "| code | area | year | | population | 60+ | 65+ | 60+ share % | 65+ share % |",
    "|---|---|---|---|---:|---:|---:|---:|---:|"
  ];
  for (const r of rows) {
    const area = r.area_code === "CITY" ? `${name} (全市)` : names.get(r.area_code) ?? r.area_code;
    lines.push(
      `| ${r.area_code} | ${area} | ${r.year} | ${r.projected ? "projected" : "census"} | ${int(r.pop_total)} | ${int(r.pop_60p)} | ${int(r.pop_65p)} | ${r.share_60p.toFixed(2)} | ${r.share_65p.toFixed(2)} |`
    );
  }
  return lines.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!censusPresent()) {
    console.error(`census tables not found in ${censusDir}`);
    process.exit(1);
  }
  process.stdout.write(markdown(await censusProjection(parseArgs(process.argv.slice(2)).city)));
}
