// District codes for the parameterized profile pages (src/[lang]/district/[code].md, served by src/district/[code].md.js and src/en/district/[code].md.js): the config's dynamicPaths.
import {existsSync} from "node:fs";
import {openWarehouse, warehousePath} from "../src/data/lib/warehouse.ts";

/**
 * Codes of every district and zone in marts.areas (the city excluded), in display order; with
 * AGING_SITE_DISTRICTS set, only the codes it lists (see selectDistricts).
 * A missing warehouse or mart is not an error here: there are simply no profiles, and the
 * loaders report the missing warehouse.
 */
export async function readDistrictCodes(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const warehouse = warehousePath(env);
  if (!existsSync(warehouse)) return [];
  const db = await openWarehouse(warehouse);
  try {
    const rows = await db.all<{area_code: string}>(
      `select area_code from marts.areas where not is_city order by sort_order, area_code`
    );
    // Codes become URL paths: only plain ones.
    return selectDistricts(rows.map((r) => r.area_code).filter((c) => /^[\w-]+$/.test(c)), env.AGING_SITE_DISTRICTS);
  } catch (error) {
    if (error instanceof DistrictSelectionError) throw error;
    return [];
  } finally {
    db.close();
  }
}

export class DistrictSelectionError extends Error {}

/**
 * AGING_SITE_DISTRICTS (a build option; unset or empty: every district): a comma-separated list of the district
 * codes to build profiles for, e.g. `370102,370116`. The tests use it to build only the profiles they open (each
 * profile is a page to build in two languages); a published site is built without it. A code that is not in the
 * warehouse stops the build, naming it.
 */
export function selectDistricts(codes: string[], selection: string | undefined): string[] {
  const wanted = (selection ?? "").split(",").map((c) => c.trim()).filter(Boolean);
  if (!wanted.length) return codes;
  const unknown = wanted.filter((c) => !codes.includes(c));
  if (unknown.length) throw new DistrictSelectionError(`AGING_SITE_DISTRICTS: no district ${unknown.join(", ")} in the warehouse (its districts: ${codes.join(", ")})`);
  return codes.filter((c) => wanted.includes(c));
}
