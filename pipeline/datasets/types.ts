// What a dataset module (pipeline/datasets/<name>.ts) declares: its columns, keys, labels, rules and checks. The
// loader (load.ts, validate/typed.ts), the templates and docs/inputs.md (templates.ts) all read it from there.
import {readFileSync} from "node:fs";

export type ColumnType =
  | "text"
  | "int"
  | "number"
  | "bool"
  | "date"
  | "timestamp"
  | "enum"
  | "district"
  | "band"
  | "id_number"
  | "person_id"
  | "person"
  | "scope";

export interface Column {
  key: string;
  /** Chinese headers accepted for this column (the first is the canonical one). */
  zh: string[];
  type: ColumnType;
  /** The column must be present in the file. */
  required?: boolean;
  /** A value must be present in every row (defaults to `required`). */
  notNull?: boolean;
  min?: number;
  max?: number;
  /** enum: canonical key → accepted labels (besides the key itself). */
  labels?: Record<string, string[]>;
  /** The column holds a personal identifier: hashed before anything is written. */
  personal?: boolean;
  /** A date that cannot lie after the run date (rejected when it does). */
  pastOnly?: boolean;
  /** The column's name in the typed row, when not its key (district columns are <key>_code). */
  typedAs?: string;
  /** A note for the templates and docs/inputs.md. */
  note?: string;
  description?: string;
}

/** A rule over a typed row; `check` is SQL over the typed columns that is true when the row is valid. */
export interface RowRule {
  column: string;
  check: string;
  /** SQL expression giving the offending value as text. */
  value: string;
  reason: string;
  /** A warning keeps the row; a reject drops it. */
  level: "reject" | "warning";
}

/** The key of a dataset: no two rows may share it (the later ones are rejected, naming the first). */
export interface Key {
  /** The contract columns that make the key (for the templates and docs). */
  columns: string[];
  /** The same as SQL over the typed row (district → district_code, band → its bounds…). */
  sql: string[];
  /** SQL of the value a duplicate is reported with (default: the key's values joined by " / "). */
  value?: string;
  /**
   * The columns of staging.<dataset> that hold the key's values (`sql`, in order), if it has them: a large file is
   * then loaded in slices, the keys of earlier slices looked up among the staged rows (pipeline/validate/fast.ts).
   */
  staged?: string[];
}

/** SQL checks of one dataset, each a query of the .sql files beside its module. */
export interface Checks {
  /**
   * Rejects across rows: queries over `_checked where _ok` (the rows with no problem of their own) returning
   * (_line, column_name, value, reason) of each row to reject.
   */
  reject?: string[];
  /** Warnings across rows: queries over `_clean` (the rows kept) returning (_line, column_name, value, reason). */
  warn?: string[];
  /**
   * Every query here reads one row at a time (with lookups in other tables only, never other rows of the same
   * file): a large file may then be checked in slices (load.ts). Without it, the file is checked as a whole.
   */
  rowLocal?: boolean;
}

export interface Dataset {
  name: string;
  zh: string;
  /** File-name stems accepted besides `name` (Chinese aliases). */
  fileAliases: string[];
  required: boolean;
  /** Required, except in a census start (a folder with census.json, written by `init-city --census`). */
  optionalInCensusStart?: boolean;
  recordLevel?: boolean;
  columns: Column[];
  key?: Key;
  rules?: RowRule[];
  /** At least one of these columns must be present (e.g. id_number or person_id). */
  oneOf?: string[];
  checks?: Checks;
  /**
   * Store the enum columns (those staged under their own key) as ENUMs of their keys, in sorted order, rather than as
   * text: for the largest table, whose write into the database costs most for its low-cardinality text columns. The
   * order is the text's, so sorting and comparing are as before (pipeline/load.ts stagedEnumSql).
   */
  enumsStaged?: boolean;
}

/** The text of a .sql file beside a dataset module (`base`: the module's import.meta.url). */
export function sqlFile(base: string, name: string): string {
  return readFileSync(new URL(name, base), "utf8");
}

/** Labels of sex shared by the datasets with a sex column. */
export const SEX = {male: ["男", "m"], female: ["女", "f"], total: ["合计", "总计", "小计", "all"]};

/** A year column (1950–2100). */
export const YEAR: Column = {key: "year", zh: ["年份", "年度"], type: "int", required: true, min: 1950, max: 2100};
