// Facts about the warehouse that the site's config needs at build time (read-only).
import {existsSync} from "node:fs";
import {openWarehouse, warehousePath} from "../src/data/lib/warehouse.ts";

export interface SiteMeta {
  /** The warehouse holds synthetic Demo City data: the footer says so. */
  demo: boolean;
  warehouse: string;
}

/**
 * Demo data is flagged by `meta.params` key `demo` = 'true' (written by the demo run).
 * `AGING_DEMO=1|0` overrides. A missing warehouse is not an error here: the loaders report it.
 */
export async function readSiteMeta(env: NodeJS.ProcessEnv = process.env): Promise<SiteMeta> {
  const warehouse = warehousePath(env);
  if (env.AGING_DEMO === "1" || env.AGING_DEMO === "0") return {demo: env.AGING_DEMO === "1", warehouse};
  if (!existsSync(warehouse)) return {demo: false, warehouse};
  const db = await openWarehouse(warehouse);
  try {
    const row = await db.one<{value: string}>(`select value from meta.params where key = 'demo'`);
    return {demo: row?.value === "true", warehouse};
  } catch {
    return {demo: false, warehouse}; // no meta.params yet
  } finally {
    db.close();
  }
}
