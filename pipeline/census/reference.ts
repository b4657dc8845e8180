// The census reference data the package ships (data/reference/): the county tables of the 2010 and 2020 censuses as
// one Parquet file, and the crosswalk from the census units to today's county-level units.
import path from "node:path";
import {fileURLToPath} from "node:url";

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/reference");
export const CENSUS_PARQUET = path.join(REFERENCE_DIR, "census-county.parquet");
export const CROSSWALK_CSV = path.join(REFERENCE_DIR, "census-crosswalk.csv");

export const CENSUS_YEARS = [2010, 2020] as const;

/** The shared age bands of both tables: 0, 1-4, 5-9 … 80-84 and the open 85+ (both tables stop at 85+). */
export const BAND_LABELS = ["0", "1-4", ...Array.from({length: 16}, (_, i) => `${5 * (i + 1)}-${5 * (i + 1) + 4}`), "85+"];

export function bandLabel(age_lo: number, age_hi: number | null): string {
  if (age_hi === null) return `${age_lo}+`;
  return age_hi === age_lo ? String(age_lo) : `${age_lo}-${age_hi}`;
}

/** One row of data/reference/census-crosswalk.csv: a census unit (or the part of it given by share) → today's unit. */
export interface CrosswalkRow {
  year: number;
  census_code: string;
  census_name: string;
  code: string;
  name: string;
  share: number;
  change: "merged" | "recoded" | "moved" | "split" | "renamed";
  basis: string;
  /** The line in the CSV file (header = 1). */
  line: number;
}

export const CROSSWALK_CHANGES = ["merged", "recoded", "moved", "split", "renamed"] as const;
