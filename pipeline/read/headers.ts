// Header matching: English keys or Chinese headers, case-, space- and full-width-insensitive.
import type {Dataset} from "../datasets/contract.ts";

/** Normalize a header or label for comparison: NFKC (full-width → half-width), lower case, no spaces, no BOM, no required-marks. */
export function normalizeHeader(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[\s\ufeff*＊]/g, "");
}

/** The header without a trailing unit in brackets: 床位数（张） → 床位数. */
function withoutUnit(normalized: string): string {
  return normalized.replace(/[(\[【][^()\[\]【】]*[)\]】]$/, "");
}

export interface HeaderMatch {
  /** For each header cell: the column key it maps to, or null. */
  keys: (string | null)[];
  /** Required columns not found. */
  missing: string[];
  /** Header cells that map to no column (index, text). */
  unknown: {index: number; header: string}[];
  /** Keys that more than one header cell maps to. */
  duplicates: {key: string; indexes: number[]}[];
}

export function headerAliases(d: Dataset): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of d.columns) {
    for (const name of [c.key, ...c.zh]) map.set(normalizeHeader(name), c.key);
  }
  return map;
}

export function matchHeaders(cells: string[], d: Dataset): HeaderMatch {
  const aliases = headerAliases(d);
  const keys = cells.map((cell) => {
    const n = normalizeHeader(cell ?? "");
    if (!n) return null;
    return aliases.get(n) ?? aliases.get(withoutUnit(n)) ?? null;
  });
  const present = new Set(keys.filter((k): k is string => k !== null));
  const missing = d.columns.filter((c) => c.required && !present.has(c.key)).map((c) => c.key);
  if (d.oneOf && !d.oneOf.some((k) => present.has(k))) missing.push(d.oneOf.join(" | "));
  const unknown = cells.flatMap((header, index) => (keys[index] === null && normalizeHeader(header ?? "") ? [{index, header}] : []));
  const duplicates = [...present].flatMap((key) => {
    const indexes = keys.flatMap((k, i) => (k === key ? [i] : []));
    return indexes.length > 1 ? [{key, indexes}] : [];
  });
  return {keys, missing, unknown, duplicates};
}

/** Index of the header row among the first rows: the first that names every required column, else the best match. */
export function findHeaderRow(rows: string[][], d: Dataset): {index: number; match: HeaderMatch} {
  let best = {index: 0, match: matchHeaders(rows[0] ?? [], d), score: -1};
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const match = matchHeaders(rows[i], d);
    if (match.missing.length === 0) return {index: i, match};
    const score = match.keys.filter((k) => k !== null).length;
    if (score > best.score) best = {index: i, match, score};
  }
  return {index: best.index, match: best.match};
}

/** Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
