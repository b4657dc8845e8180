// Masking of messages that quote input: a resident ID number (GB 11643, 18 characters, or the old 15 digits) never
// reaches stderr, the run report, meta.run_datasets or quality.* in clear; the elders' and orders' identifier
// columns are masked wherever a message quotes a cell that could be one of them.
import type {Db} from "./db.ts";

/** An ID number inside any text: 17 digits and a digit or X, or 15 digits (first-generation IDs), not inside a longer number. */
const ID_IN_TEXT = /(?<![0-9])([0-9]{6})([0-9]{7}|[0-9]{10})([0-9][0-9Xx]|[0-9]{2})(?![0-9])/g;

/** Like SQL ao_mask: the first 6 and last 2 characters kept, the rest as stars; 8 or fewer characters all stars. */
export function maskValue(value: string): string {
  const chars = [...value];
  if (chars.length > 8) return chars.slice(0, 6).join("") + "*".repeat(chars.length - 8) + chars.slice(-2).join("");
  return "*".repeat(chars.length);
}

/** Every ID number in a text masked (990102**********01); the rest unchanged. Full-width digits count as digits. */
export function maskIds(text: string): string {
  const half = text.replace(/[０-９Ｘｘ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (half === text) return text.replace(ID_IN_TEXT, (m) => maskValue(m));
  // Mask on the half-width form, keep the original characters elsewhere (same length: one UTF-16 unit each).
  let out = "";
  let last = 0;
  for (const m of half.matchAll(ID_IN_TEXT)) {
    out += text.slice(last, m.index) + maskValue(m[0]);
    last = m.index! + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * A header cell quoted in a message ("header found: …") of a dataset with personal columns: a cell that names no
 * known column and holds a digit may be a data value (an ID number or person id of a first data row taken for the
 * header), so it is masked. Recognised headers and other text are shown as they are.
 */
export function maskHeaderCell(cell: string, known: boolean, personal: boolean): string {
  if (known || !personal || !/[0-9０-９]/.test(cell)) return maskIds(cell);
  return maskValue(cell);
}

/** SQL expression: every ID number in text `x` masked like maskIds (boundaries: not preceded by a digit). */
export function maskIdsSql(x: string): string {
  return `regexp_replace(${x}, '(^|[^0-9])([0-9]{6})([0-9]{10})([0-9][0-9Xx])', '\\1\\2**********\\4', 'g')`;
}

/** Mask ID numbers in the values and reasons of quality.rejects and quality.warnings (values quote the input). */
export async function maskQuality(db: Db): Promise<void> {
  for (const table of ["quality.rejects", "quality.warnings"]) {
    for (const column of ["value", "reason", "cell"]) {
      await db.run(`update ${table} set ${column} = ${maskIdsSql(column)} where regexp_matches(${column}, '[0-9]{17}[0-9Xx]')`);
    }
  }
}
