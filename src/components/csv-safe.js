// CSV downloads are opened in Excel/WPS: a text cell starting with =, +, -, @, a tab or a carriage return would be
// run as a formula there (OWASP "CSV injection"), so it gets a leading apostrophe and shows as plain text. Numbers,
// dates and booleans keep their values (they cannot carry a formula). Same rule as pipeline/csv-safe.ts (exports).
export const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function neutralizeCell(value) {
  return typeof value === "string" && FORMULA_LEAD.test(value) ? `'${value}` : value;
}

/** Plain row objects with every text cell neutralized (new objects; the input is not changed). */
export function neutralizeRows(rows) {
  return rows.map((row) => {
    const out = {};
    for (const [key, value] of Object.entries(row)) out[key] = neutralizeCell(value);
    return out;
  });
}
