// `init-city`: a city's county-level units and their simplified boundaries, written as an input folder's districts files.
import {access, mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {kindOf, loadBoundaryData, resolveCity, type BoundaryData, type City} from "./boundaries.ts";
import {simplifyShared, type Simplified} from "./geometry.ts";
import {districtsCsv, districtsGeoJson, readmeText, validateOutput, type DistrictRow} from "./output.ts";

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
  /** Injected in tests; loaded from the package otherwise. */
  data?: BoundaryData;
  today?: string;
}

export interface InitCityResult {
  city: City;
  rows: DistrictRow[];
  out: string;
  files: {csv: string; geojson: string; readme: string};
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

  const out = path.resolve(options.out);
  const files = {csv: path.join(out, "districts.csv"), geojson: path.join(out, "districts.geojson"), readme: path.join(out, "README.txt")};
  if (!options.force) {
    for (const f of [files.csv, files.geojson]) {
      if (await exists(f)) throw new InitCityError(`${f} 已存在 / already exists (it may hold rows added by hand): pass --force to overwrite it, or choose another --out`, 2);
    }
  }
  const {features, ...stats} = simplified;
  await mkdir(out, {recursive: true});
  await writeFile(files.csv, districtsCsv(rows));
  await writeFile(files.geojson, geojson);
  await writeFile(
    files.readme,
    readmeText({city, rows, source: data.source, geojsonBytes, maxBytes, simplified: stats, notes, generatedOn: options.today ?? new Date().toISOString().slice(0, 10)})
  );
  return {city, rows, out, files, geojsonBytes, simplified: stats, notes};
}
