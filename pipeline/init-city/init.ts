// `init-city`: a city's county-level units and their simplified boundaries, written as an input folder's districts files.
import {access, mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {kindOf, loadBoundaryData, resolveCity, type BoundaryData, type City} from "./boundaries.ts";
import {simplifyShared, type Simplified} from "./geometry.ts";
import {districtsCsv, districtsGeoJson, readmeText, validateOutput, type DistrictRow} from "./output.ts";
import {CensusError, cityCensus, type CityCensusResult} from "../census/city.ts";
import {censusJson, censusLines, populationCsv} from "../census/output.ts";
import {CENSUS_START_FILE} from "../datasets/contract.ts";

export class InitCityError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2
  ) {
    super(message);
  }
}

export interface InitCityOptions {
  code: string;
  out: string;
  maxKb: number;
  force?: boolean;
  /** Also write population.csv from the 2010 and 2020 censuses, and census.json (a census start). */
  census?: boolean;
  /** Injected in tests; loaded from the package otherwise. */
  data?: BoundaryData;
  today?: string;
}

export interface InitCityResult {
  city: City;
  rows: DistrictRow[];
  out: string;
  files: {csv: string; geojson: string; readme: string; population?: string; census?: string};
  census?: CityCensusResult;
  geojsonBytes: number;
  simplified: Omit<Simplified, "features">;
  notes: string[];
}

const exists = (file: string) => access(file).then(() => true, () => false);

export async function initCity(options: InitCityOptions): Promise<InitCityResult> {
  const data = options.data ?? (await loadBoundaryData());
  const found = resolveCity(options.code, data);
  if (!found.ok) throw new InitCityError(found.message, found.exitCode);
  const {city, notes} = found;
  const units = [...found.units].sort((a, b) => a.code.localeCompare(b.code));
  const rows: DistrictRow[] = units.map((u) => ({code: u.code, name: u.name, name_en: "", kind: kindOf(u.name), aliases: ""}));
  for (const r of rows) if (r.kind === "zone") notes.push(`${r.code} ${r.name}: 名称后缀不是区/县/旗/市，类型记为 zone / the name has no 区/县/旗/市 suffix: kind set to zone, check it`);

  let census: CityCensusResult | undefined;
  if (options.census) {
    try {
      census = await cityCensus(city.code, rows);
    } catch (error) {
      if (error instanceof CensusError) throw new InitCityError(`${city.name}（${city.code}）: ${error.message}`, 1);
      throw error;
    }
  }

  const maxBytes = Math.floor(options.maxKb * 1024);
  const text = (features: Simplified["features"]) => districtsGeoJson(city, features, data.source);
  const fits = (features: Simplified["features"]) => Buffer.byteLength(text(features)) <= maxBytes;
  let simplified: Simplified;
  try {
    simplified = simplifyShared(units, fits);
  } catch (error) {
    throw new InitCityError(`${city.name}: ${(error as Error).message}`, 2);
  }
  const geojson = text(simplified.features);
  const geojsonBytes = Buffer.byteLength(geojson);
  const problems = validateOutput(rows, simplified.features, geojsonBytes, maxBytes);
  if (problems.length) throw new Error(`init-city produced inconsistent files for ${city.code}:\n  ${problems.join("\n  ")}`);

  // zones the 2020 census lists apart (e.g. 370171 济南高新技术产业开发区): rows without a boundary
  for (const z of census?.zones ?? []) rows.push({code: z.code, name: z.name, name_en: "", kind: "zone", aliases: ""});
  const out = path.resolve(options.out);
  const files: InitCityResult["files"] = {csv: path.join(out, "districts.csv"), geojson: path.join(out, "districts.geojson"), readme: path.join(out, "README.txt")};
  if (census) Object.assign(files, {population: path.join(out, "population.csv"), census: path.join(out, CENSUS_START_FILE)});
  if (!options.force) {
    for (const f of [files.csv, files.geojson, files.population].filter((f): f is string => !!f)) {
      if (await exists(f)) throw new InitCityError(`${f} 已存在 / already exists (it may hold rows added by hand): pass --force to overwrite it, or choose another --out`, 2);
    }
  }
  const {features, ...stats} = simplified;
  await mkdir(out, {recursive: true});
  await writeFile(files.csv, districtsCsv(rows));
  const generatedOn = options.today ?? new Date().toISOString().slice(0, 10);
  if (census) {
    await writeFile(files.population!, populationCsv(census.population));
    await writeFile(files.census!, censusJson({code: city.code, name: city.name}, census, generatedOn));
  }
  await writeFile(files.geojson, geojson);
  await writeFile(
    files.readme,
    readmeText({city, rows, source: data.source, geojsonBytes, maxBytes, simplified: stats, notes, generatedOn, census: census ? censusLines(census) : undefined})
  );
  return {city, rows, out, files, geojsonBytes, simplified: stats, notes, census};
}
