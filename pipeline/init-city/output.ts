// The files init-city writes (districts.csv, districts.geojson, README.txt) as text, and their checks.
import type {BoundarySource, City} from "./boundaries.ts";
import type {UnitFeature} from "./geometry.ts";

export interface DistrictRow {
  code: string;
  name: string;
  name_en: string;
  kind: "district" | "county" | "county_city" | "zone";
  aliases: string;
}

export const CSV_COLUMNS = ["code", "name", "name_en", "kind", "aliases"] as const;

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** UTF-8 with a BOM, so that Excel opens the Chinese names correctly when the bureau adds rows. */
export function districtsCsv(rows: DistrictRow[]): string {
  const lines = [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))];
  return `\uFEFF${lines.join("\n")}\n`;
}

/** One Feature per line (readable diffs); the source travels in the file as a foreign member. */
export function districtsGeoJson(city: City, features: UnitFeature[], source: BoundarySource): string {
  const head = {
    type: "FeatureCollection",
    name: `${city.name}区县边界 ${city.code}`,
    source: `${source.provider}, via the npm package ${source.package}@${source.version} (${source.license}); simplified by npm run init-city`,
    note: "公开发布的地图可能需要审图号 / maps published in China may need a map review number (审图号)"
  };
  const open = JSON.stringify(head).slice(0, -1);
  return `${open},"features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
}

/** A worked example of a development zone row for this city: a local code (city code + Z + number) and aliases. */
export function zoneExample(city: City): {code: string; row: string} {
  const code = `${city.code}Z01`;
  const short = city.name.replace(/市$/, "");
  return {code, row: `${code},${short}高新技术产业开发区,,zone,高新区;${short}高新区`};
}

export const ZONE_HELP = (city: City) => {
  const ex = zoneExample(city);
  return [
    "开发区/功能区（如高新区、经开区、新区）没有国家行政区划代码，边界数据中也没有。/ Development zones (高新区, 经开区, 新区 …) have no national code and no boundary here.",
    "如需单列，请在 districts.csv 末尾追加一行：本地代码（6–12 位字母或数字，建议“城市代码+Z+序号”）、名称、类型 zone、别名（用 ; 分隔）。",
    "To list one, append a row to districts.csv: a local code (6–12 letters or digits; suggested: city code + Z + number), the name, kind zone, and aliases separated by ;",
    `  ${ex.row}`,
    "其边界可以不提供：地图会在旁边列出没有边界的单位。只有当开发区的统计与所在区县分开时才加边界（districts.geojson 中加一个 properties.code 为该代码的 Feature），否则同一片区域会被画两次。",
    "Its polygon may be absent: the map lists units without a boundary beside it. Add one (a Feature with properties.code = the local code in districts.geojson) only if the zone's figures are reported apart from its host district's, or the same ground is drawn twice."
  ];
};

export interface ReadmeInfo {
  city: City;
  rows: DistrictRow[];
  source: BoundarySource;
  geojsonBytes: number;
  maxBytes: number;
  simplified: {minWeight: number; pointsIn: number; pointsOut: number; sharedArcs: number};
  notes: string[];
  generatedOn: string;
  /** `--census`: what population.csv holds, where it came from, what was estimated or not matched. */
  census?: string[];
}

export function readmeText(info: ReadmeInfo): string {
  const {city, rows, source} = info;
  const byKind = (k: DistrictRow["kind"]) => rows.filter((r) => r.kind === k).length;
  return [
    `${city.name}（${city.code}）区县名录与边界 / districts and boundaries of ${city.name} (${city.code})`,
    `由 npm run init-city -- --code ${city.code}${info.census ? " --census" : ""} 生成 / written by npm run init-city on ${info.generatedOn}`,
    "",
    ...(info.census
      ? [
          "人口普查起步 / census start",
          "  census.json 表示本文件夹是人口普查起步：没有设施数据也能运行数据管道 / census.json marks a census start: the pipeline runs without facilities.",
          ...info.census.map((l) => `  ${l}`),
          "  来源 / source: 第六次、第七次全国人口普查分县资料 (census county tables 2010, 2020; Lei Dong, MIT licence), shipped as data/reference/.",
          "  运行 / run: npm start -- --city <this folder>   (or npm run pipeline -- --input <this folder>)",
          ""
        ]
      : []),
    "文件 / files",
    `  districts.csv      ${rows.length} 个县级单位 / county-level units: ${byKind("district")} 区 district, ${byKind("county")} 县/旗 county, ${byKind("county_city")} 县级市 county_city${byKind("zone") ? `, ${byKind("zone")} zone` : ""}`,
    "                     英文名称 name_en 留空，可自行填写 / name_en is left empty: fill it in if wanted",
    `  districts.geojson  每个单位一个 Feature（properties.code, name），${(info.geojsonBytes / 1024).toFixed(1)} KB（上限 / limit ${(info.maxBytes / 1024).toFixed(0)} KB）`,
    `                     ${info.simplified.minWeight > 0 ? `simplified as a topology (shared borders stay shared): ${info.simplified.pointsIn} → ${info.simplified.pointsOut} points` : `not simplified (${info.simplified.pointsOut} points already fit the limit)`}; ${info.simplified.sharedArcs} shared border arcs; coordinates rounded to 5 decimals (about 1 m)`,
    "",
    "下一步 / next",
    "  把 population.csv、facilities.csv 等放进本文件夹，然后运行 / put population.csv, facilities.csv … in this folder, then run:",
    `  npm run pipeline -- --input <this folder>`,
    "",
    "开发区/功能区 / development zones",
    ...ZONE_HELP(city).map((l) => `  ${l}`),
    "",
    "边界来源与许可 / boundary source and licence",
    `  数据 / data:     ${source.provider}, ${source.providerUrl} (updated ${source.updated})`,
    `  软件包 / package: ${source.package}@${source.version}, ${source.license} licence, ${source.homepage}`,
    `  坐标系 / CRS:    ${source.crs}`,
    "  天地图数据的使用还受天地图服务条款约束 / use of the Tianditu data is also subject to Tianditu's terms of service.",
    "",
    "审图 / map review",
    "  在中国公开发布（网站、出版物）的地图，可能需要经自然资源主管部门审核并取得审图号（《地图管理条例》）。",
    "  仅在内网使用的统计图一般不同；如计划公开发布，请先向当地自然资源部门确认。",
    "  Maps published in China (public website, print) may need map review and a review number (审图号) from the",
    "  natural resources authority (地图管理条例). Check with the local authority before publishing the site publicly.",
    ...(info.notes.length ? ["", "注意 / notes", ...info.notes.map((n) => `  ${n}`)] : []),
    ""
  ].join("\n");
}

/** Every problem with the pair of files; empty when they agree. */
export function validateOutput(rows: DistrictRow[], features: UnitFeature[], geojsonBytes: number, maxBytes: number): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const r of rows) {
    if (!/^[0-9A-Za-z]{6,12}$/.test(r.code)) problems.push(`${r.code}: the code is not 6–12 letters or digits`);
    if (codes.has(r.code)) problems.push(`${r.code}: the code appears twice in districts.csv`);
    codes.add(r.code);
    if (!r.name) problems.push(`${r.code}: no name`);
  }
  const names = rows.map((r) => r.name);
  for (const n of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${n}: the name appears twice in districts.csv`);
  const seen = new Set<string>();
  for (const f of features) {
    const code = f.properties.code;
    if (!codes.has(code)) problems.push(`${code}: a boundary whose code is not in districts.csv`);
    if (seen.has(code)) problems.push(`${code}: two boundaries`);
    seen.add(code);
    const g = f.geometry;
    if (!g || !g.coordinates.length || g.coordinates.some((p) => !p.length || p.some((r) => r.length < 4))) problems.push(`${code}: empty or degenerate geometry`);
  }
  for (const r of rows) if (!seen.has(r.code)) problems.push(`${r.code} ${r.name}: no boundary in districts.geojson`);
  if (geojsonBytes > maxBytes) problems.push(`districts.geojson is ${geojsonBytes} bytes, above the limit of ${maxBytes}`);
  return problems;
}
