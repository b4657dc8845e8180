// Before `observable build` / `preview`: fill Framework's npm cache from node_modules (offline),
// drop cached loader outputs (never stale after a pipeline rerun), record site facts for the config.
import {mkdir, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {readDistrictCodes} from "./district-codes.ts";
import {clearLoaderCache, fillNpmCache} from "./offline-npm.ts";
import {readSiteMeta} from "./site-meta.ts";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const SITE = join(ROOT, "src");

export async function prepareSite(): Promise<string> {
  const start = performance.now();
  const removed = await clearLoaderCache(SITE);
  const {rebuilt, entries} = await fillNpmCache(ROOT, SITE);
  const meta = await readSiteMeta();
  const metaPath = join(SITE, ".observablehq", "cache", "_aging", "site.json");
  await mkdir(dirname(metaPath), {recursive: true});
  await writeFile(metaPath, JSON.stringify(meta, null, 2));
  // The district profiles' routes (observablehq.config.ts dynamicPaths).
  const districts = await readDistrictCodes();
  await writeFile(join(dirname(metaPath), "districts.json"), JSON.stringify(districts));
  return (
    `prepare-site: loader cache cleared (${removed.length} entr${removed.length === 1 ? "y" : "ies"}); ` +
    `npm cache ${rebuilt ? "rebuilt" : "up to date"} (${entries.map((e) => `${e.name}@${e.version}`).join(", ")}); ` +
    `demo data: ${meta.demo ? "yes" : "no"}; district profiles: ${districts.length}; ${Math.round(performance.now() - start)} ms`
  );
}
