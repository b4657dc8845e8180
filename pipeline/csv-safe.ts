// CSV cells that a spreadsheet would run as a formula (OWASP "CSV injection"): a text cell starting with =, +, -, @,
// a tab or a carriage return gets a leading apostrophe, which Excel and WPS show as plain text. Only text cells:
// numbers, dates and booleans cannot carry a formula, and they keep their values. Parquet exports keep every value.
import {ident} from "./db.ts";

/** The characters that make a spreadsheet read a cell as a formula (OWASP's list). */
export const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** A text cell made safe for a spreadsheet: formula-leading text gets a leading apostrophe. */
export function neutralizeCell(value: string): string {
  return FORMULA_LEAD.test(value) ? `'${value}` : value;
}

/** SQL regular expression of FORMULA_LEAD (DuckDB/RE2 syntax). */
export const FORMULA_LEAD_SQL = "^[=+\\-@\\t\\r]";

/**
 * A select list over a table's columns for a CSV export: VARCHAR columns neutralized, every other column as it is.
 * `columns` are (name, DuckDB data type) pairs.
 */
export function csvSafeSelect(columns: {name: string; type: string}[]): string {
  return columns
    .map(({name, type}) => {
      const c = ident(name);
      return type.toUpperCase() === "VARCHAR"
        ? `case when regexp_matches(${c}, '${FORMULA_LEAD_SQL}') then '''' || ${c} else ${c} end as ${c}`
        : c;
    })
    .join(", ");
}
