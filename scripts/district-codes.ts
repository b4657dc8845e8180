// District codes for the parameterized profile pages (src/[lang]/district/[code].md, served by src/district/[code].md.js and src/en/district/[code].md.js): the config's dynamicPaths.
import {existsSync} from "node:fs";
import {openWarehouse, warehousePath} from "../src/data/lib/warehouse.ts";

/**
 * Codes of every district and zone in marts.areas (the city excluded), in display order.
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
    return rows.map((r) => r.area_code).filter((c) => /^[\w-]+$/.test(c));
  } catch {
    return [];
  } finally {
    db.close();
  }
}
