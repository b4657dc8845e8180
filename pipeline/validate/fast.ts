// The typed read: the cells that parse in the common forms are typed as the file is read (a TRY_CAST layer directly
// on DuckDB's reader), and only the rows with a cell that does not go to the text path (validate/typed.ts), which
// reports them as written. The row's text is kept for those rows only.
//
// What a cell must look like to be typed here (anything else sends its row to the text path):
// - no character the text path trims at either end (space, tab, LF, CR, U+3000, U+00A0, U+FEFF);
// - numbers, dates and times: ASCII only (no full-width forms to make half-width) and the text path's own first
//   parse (TRY_CAST of the same text) succeeds, finite, within the column's bounds; whole numbers without a point
//   ('1.000', '5.0' go to the text path);
// - enums: exactly one of the labels the text path's normalization leaves as they are (decided in SQL, below);
// - districts: exactly a key of the district lookup that its normalization leaves as it is, naming one district;
// - text: not one of the missing-value tokens when a value is required (the value is the text path's ao_tok);
// - the module's reject rules hold over the typed values.
// Each typed value is then the text path's own first branch on the same text: the two paths agree by construction
// (tests/pipeline/fast.test.ts runs edge values through both).
import type {Column, Dataset} from "../datasets/contract.ts";
import {ident, literal, type Db} from "../db.ts";
import {columnChecks, enumLabels, NULL_TYPE, typedName} from "./typed.ts";

const FAST_TYPES = new Set(["text", "int", "number", "date", "timestamp", "enum", "district", "person"]);

/**
 * Whether a dataset can be read typed: every check reads one row (but its key), no warning rule or warning check,
 * and only the column types above (one personal column, of type `person`, whose only problem is reported from
 * the map of its distinct values). The module's checks across rows must not read the person's hash (NULL for the
 * typed rows until staging).
 */
export function fastEligible(d: Dataset, present: Set<string>): boolean {
  if (process.env.AGING_TEXT_PATH === "1") return false;
  if (!d.key || !d.checks?.rowLocal || d.oneOf) return false;
  if ((d.rules ?? []).some((r) => r.level === "warning") || d.checks.warn?.length) return false;
  if ((d.checks.reject ?? []).some((q) => q.includes("person_key"))) return false;
  if (d.key.sql.some((k) => /\b(person_key|id_key|pid_key)\b/.test(k))) return false;
  const cols = d.columns.filter((c) => present.has(c.key));
  if (!cols.every((c) => FAST_TYPES.has(c.type) && (!c.personal || c.type === "person"))) return false;
  return cols.filter((c) => c.type === "person").length <= 1;
}

/** SQL over an ASCII cell (NOT NULL): its first and last characters are not ones the text path trims (nor empty). */
function asciiEdges(raw: string): string {
  return `(${raw} >= '!' and not (ends_with(${raw}, ' ') or ends_with(${raw}, chr(9)) or ends_with(${raw}, chr(10)) or ends_with(${raw}, chr(13))))`;
}

/** The characters ao_trim removes, as a class of a regular expression (macros.sql). */
const TRIMMED = "[ \\t\\n\\r\\x{3000}\\x{a0}\\x{feff}]";

/** SQL over a cell (NOT NULL): nothing to trim at either end, not empty. (ASCII, most cells: byte tests.) */
function untrimmed(raw: string): string {
  return `case when strlen(${raw}) = length(${raw}) then ${asciiEdges(raw)} else ${raw} <> '' and not regexp_matches(${raw}, '^${TRIMMED}|${TRIMMED}$') end`;
}

/**
 * SQL over a number's cell (NOT NULL): ASCII. (No test of its ends: DuckDB's cast to a number skips the spaces, tabs,
 * CR and LF around it, the only characters the text path trims from ASCII text, so both paths read the same number.)
 */
function ascii(raw: string): string {
  return `strlen(${raw}) = length(${raw})`;
}

/** SQL over a cell (NOT NULL): ASCII, nothing to trim (the cast to a timestamp takes a space at one end but not at the other). */
function plainAscii(raw: string): string {
  return `(strlen(${raw}) = length(${raw}) and ${asciiEdges(raw)})`;
}

/** SQL: the text path's ao_tok of a cell, which only ever changes text of 6 bytes or fewer (the missing-value tokens). */
function tok(cell: string): string {
  return `case when strlen(${cell}) > 6 then ${cell} else ao_tok(${cell}) end`;
}

/** SQL: an ENUM type of these values (distinct, in order of first appearance). */
function enumType(values: string[]): string {
  return `ENUM(${[...new Set(values)].map(literal).join(", ")})`;
}

export interface FastPlan {
  /** The query that makes temp table _typed from the reader (`relation`; `lineColumn`: the relation's `_line`, for numbered copies). */
  readSql(relation: string, rawOf: (key: string) => string, lineColumn: boolean): string;
  /** The present columns whose text is kept for the text path, in the order of `_raw` (1-based). */
  textColumns: string[];
  /** The person column's key, if the dataset has one (its raw value is kept for every row: the map is built from it). */
  person: string | null;
  /** The typed columns of a typed row, as the text path names them. */
  names: string[];
  /** After the text path's _checked (renamed _checked_slow): view _checked over both. */
  checkedViewSql: string;
  /** View _clean: the rows kept (both paths), the person's hash joined for the typed rows. */
  cleanViewSql: string;
  /** The views _clean that staging reads in turn (`rejectsAcross`: _xrej has rows). */
  stageViewSql(rejectsAcross: boolean): string[];
}

/** Prepare the typed read of `d` (the enum labels and district keys it may type are decided in SQL, here). */
export async function fastPlan(db: Db, d: Dataset, present: Set<string>, runDate: string): Promise<FastPlan> {
  const cols = d.columns.filter((c) => present.has(c.key));
  // enum labels that the text path's normalization leaves as they are: a cell equal to one maps to its key there too
  const labels = cols.filter((c) => c.type === "enum").flatMap((c) => enumLabels(c).map((l) => l.label));
  const fixed = new Set<string>();
  if (labels.length) {
    const rows = await db.all<{label: string}>(
      `select label from (select unnest([${labels.map(literal).join(", ")}]::varchar[]) as label) where lower(replace(ao_tokhw(label), ' ', '')) is not distinct from label`
    );
    for (const r of rows) fixed.add(r.label);
  }
  // district keys that name one district and that the text path's normalization leaves as they are: a CASE on the
  // cell (a join would not keep the rows in file order, which numbers their lines)
  const districtKeys = cols.some((c) => c.type === "district")
    ? await db.all<{key: string; code: string}>(`select key, codes[1] as code from _district_lookup
        where n = 1 and lower(replace(ao_tokhw(key), ' ', '')) is not distinct from key order by key`)
    : [];
  const person = cols.find((c) => c.type === "person")?.key ?? null;
  const textColumns = cols.filter((c) => !c.personal).map((c) => c.key);

  const readSql = (relation: string, rawOf: (key: string) => string, lineColumn: boolean): string => {
    const values: string[] = [];
    const conds: string[] = [];
    const raws: string[] = [];
    for (const c of d.columns) {
      const name = ident(typedName(c));
      if (!present.has(c.key)) {
        if (c.type !== "person") values.push(`null::${NULL_TYPE[c.type] ?? "varchar"} as ${name}`);
        continue;
      }
      // (values read the reader's cell; the conditions, a level up, its copy _r_<key>)
      const cell = rawOf(c.key);
      const raw = ident(`_r_${c.key}`);
      const notNull = c.notNull ?? c.required ?? false;
      // an empty cell (NULL as read): fine where no value is required
      const orNull = (cond: string) => (notNull ? cond : `(${raw} is null or ${cond})`);
      raws.push(`${cell} as ${raw}`);
      const bounds = (v: string, min: number, max: number) => `${v} >= ${c.min ?? min} and ${v} <= ${c.max ?? max}`;
      const past = c.pastOnly ? ` and ${name} <= ${literal(runDate)}::timestamp` : "";
      switch (c.type) {
        case "text":
          values.push(`${tok(cell)} as ${name}`);
          conds.push(notNull ? `(${name} is not null and ${untrimmed(raw)})` : `(${raw} is null or ${untrimmed(raw)})`);
          break;
        case "int": {
          const n = `try_cast(${cell} as double)`;
          values.push(`case when isfinite(${n}) and ${n} = round(${n}) and abs(${n}) < 1e15 then ${n}::bigint end as ${name}`);
          conds.push(orNull(`(${ascii(raw)} and not contains(${raw}, '.') and not contains(${raw}, '_') and ${name} is not null and ${bounds(name, -2147483648, 2147483647)})`));
          break;
        }
        case "number": {
          values.push(`try_cast(${cell} as double) as ${name}`);
          conds.push(orNull(`(${ascii(raw)} and not contains(${raw}, '_') and isfinite(${name}) and ${bounds(name, -1e12, 1e12)})`));
          break;
        }
        case "timestamp":
        case "date": {
          values.push(c.type === "date" ? `cast(try_cast(${cell} as timestamp) as date) as ${name}` : `try_cast(${cell} as timestamp) as ${name}`);
          conds.push(orNull(`(${plainAscii(raw)} and ${name} >= date '1850-01-01'${past})`));
          break;
        }
        case "enum": {
          const whens = enumLabels(c).filter((l) => fixed.has(l.label)).map((l) => `when ${literal(l.label)} then ${literal(l.key)}`);
          // (an ENUM of the column's keys: one byte a row in _typed, where a VARCHAR takes sixteen)
          values.push(whens.length ? `(case ${cell} ${whens.join(" ")} end)::${enumType(enumLabels(c).filter((l) => fixed.has(l.label)).map((l) => l.key))} as ${name}` : `null::varchar as ${name}`);
          conds.push(orNull(`${name} is not null`));
          break;
        }
        case "district": {
          values.push(districtKeys.length ? `(case ${cell} ${districtKeys.map((k) => `when ${literal(k.key)} then ${literal(k.code)}`).join(" ")} end)::${enumType(districtKeys.map((k) => k.code))} as ${name}` : `null::varchar as ${name}`);
          conds.push(orNull(`${name} is not null`));
          break;
        }
        case "person":
          values.push(`${cell} as ${ident(c.key)}`);
          // the map of distinct values (load.ts) has a row for every value the text path does not take for missing
          conds.push(`(${raw} is not null and ${untrimmed(raw)} and ${tok(raw)} is not null)`);
          break;
      }
    }
    for (const r of (d.rules ?? []).filter((r) => r.level === "reject")) conds.push(`coalesce(${r.check}, true)`);
    const fast = conds.length ? conds.join("\n        and ") : "true";
    const rawList = `[${textColumns.map((k) => `${ident(`_r_${k}`)}::varchar`).join(", ")}]`;
    return `select * exclude (${cols.map((c) => ident(`_r_${c.key}`)).join(", ")}), case when not _fast then ${rawList} end as _text
      from (select *, coalesce(${fast}, false) as _fast from (
        select ${lineColumn ? "r._line, " : ""}${[...values, ...raws].join(",\n          ")}
        from ${relation} r))`;
  };

  const names = d.columns.filter((c) => c.type !== "person").map((c) => typedName(c));
  // A typed row's only possible problem: its person (the map's status), reported as the text path does.
  const personCol = person ? cols.find((c) => c.key === person)! : null;
  const personCheck = personCol ? columnChecks(d, personCol, runDate)[0] : null;
  const pick = names.map(ident).join(", ");
  const fastRows = `select _line, ${pick}, _praw, _pbad is null as _ok, ${
    personCheck
      ? `case when _pbad is not null then [{'column': ${literal(personCheck.column)}, 'value': ${personCheck.value}, 'reason': ${personCheck.reason}}] end`
      : `null::struct("column" varchar, "value" varchar, reason varchar)[]`
  } as _errs
      from (select a._line, ${names.map((n) => `a.${ident(n)}`).join(", ")}, ${
        person
          ? `a.${ident(person)} as _praw, b.raw_value as _pbad, b.h as person_key, b.status as _person_status, b.masked as _person_masked
         from _all a left join _personbad b on b.raw_value = a.${ident(person)}`
          : "null::varchar as _praw, null::varchar as _pbad from _all a"
      } where a._fast)`;
  const checkedViewSql = `create or replace temp view _checked as
    select *, true as _fast from (${fastRows})
    union all by name
    select *, false as _fast, null::varchar as _praw from _checked_slow`;
  const cleanViewSql = `create or replace temp view _clean as
    select c.* exclude (_praw, _fast, _ok, _errs)${person ? " replace (coalesce(pm.h, c.person_key) as person_key)" : ""}
    from _checked c ${person ? "left join _personmap pm on pm.raw_value = c._praw" : ""}
    anti join _xrej x on x._line = c._line
    where c._ok`;
  // Staging reads view _clean twice: the typed rows (straight from _typed, the person's hash joined), then the
  // text path's. The typed rows' insert has a join (the person's hash; the rejects across rows), which DuckDB runs
  // as a plain INSERT on one thread when it is to keep the order of the rows; load.ts runs it with
  // preserve_insertion_order off (a parallel INSERT). The order of the rows in staging was never the file's (the
  // one-thread INSERT of a hash join's output differed from run to run); no output reads it.
  const stageViewSql = (rejectsAcross: boolean): string[] => [
    `create or replace temp view _clean as
      select a._line, ${names.map((n) => `a.${ident(n)}`).join(", ")}${person ? ", pm.h as person_key" : ""}
      from _all a ${person ? `join _personmap pm on pm.raw_value = a.${ident(person)}` : ""}
      ${rejectsAcross ? "anti join _xrej x on x._line = a._line" : ""}
      where a._fast${person ? " and pm.status = 'ok'" : ""}`,
    `create or replace temp view _clean as
      select * exclude (_ok, _errs) from _checked_slow c ${rejectsAcross ? "anti join _xrej x on x._line = c._line" : ""} where c._ok`
  ];
  return {readSql, textColumns, person, names, checkedViewSql, cleanViewSql, stageViewSql};
}

/**
 * Temp table _dupkeys: the hash of each key that occurs more than once (a compact set: 8 bytes a key, where the keys
 * themselves would not fit in memory at scale), in one pass over the typed rows and the text path's rows without
 * problems of their own (also the typed rows whose person is a problem: a superset, ranked exactly below). Two keys
 * that share a hash are both kept here; fastKeySql compares the keys themselves.
 */
export function fastDupKeysSql(d: Dataset): string {
  const kh = keyHash(d);
  return `create or replace temp table _dupkeys as select _kh from (
      select ${kh} as _kh from _typed where _fast union all select ${kh} from _checked_slow where _ok)
    group by _kh having count(*) > 1`;
}

/**
 * SQL: the hash of a row's key (DuckDB's hash of the key's values). AGING_KEY_HASH_BITS (tests): only its top bits,
 * so that different keys share a hash and the comparisons of the keys themselves are what tells them apart.
 */
function keyHash(d: Dataset): string {
  const bits = Number(process.env.AGING_KEY_HASH_BITS) || 64;
  return bits < 64 ? `(hash(${d.key!.sql.join(", ")}) >> ${64 - bits})` : `hash(${d.key!.sql.join(", ")})`;
}

/**
 * The key check of the typed read (the same rejects as load.ts crossRowSql), after fastDupKeysSql: only the rows whose
 * key's hash occurs more than once are ranked, by the keys themselves.
 */
export function fastKeySql(d: Dataset, checked = "_checked"): string {
  const keys = d.key!.sql;
  const ks = keys.map((k, i) => `${k} as _k${i}`).join(", ");
  return `select _line, ${literal(keyColumn(d))} as column_name, ${keyValue(d)} as value, ${duplicateReason("first_line")} as reason
      from (select *, min(_line) over w as first_line, row_number() over (w order by _line) as n
            from (select o.* from (select *, ${ks}, ${keyHash(d)} as _kh from ${checked} where _ok) o semi join _dupkeys r on o._kh = r._kh)
            window w as (partition by ${keys.map((_, i) => `_k${i}`).join(", ")}))
      where n > 1`;
}

/** The column a duplicate key is reported in: the key's last. */
function keyColumn(d: Dataset): string {
  return d.key!.columns[d.key!.columns.length - 1];
}

/** SQL: a key as a reject reports it (over the row's columns). */
function keyValue(d: Dataset): string {
  return d.key!.value ?? `concat_ws(' / ', ${d.key!.sql.map((k) => (k === "year" ? "year::integer::varchar" : `${k}::varchar`)).join(", ")})`;
}

/** SQL: the reason of a duplicate key's reject (`firstLine`: SQL of the line it was first seen on). */
function duplicateReason(firstLine: string): string {
  return `'重复的记录，首次出现在第 ' || ${firstLine} || ' 行 / duplicate key, first seen on line ' || ${firstLine}`;
}

// Slices of a file (load.ts, read/slices.ts): the keys of the earlier slices are in a scratch database (on disk, not
// in the load's memory), as compact as the load's own key check: table `seen` has the hash and the first line of
// every key first seen on a row without problems of its own. A row of a later slice whose key's hash is there is a
// candidate; it repeats an earlier key when that key itself was staged (`staging`, the staged rows of the earlier
// slices) or rejected by a check of its own row (table `rej`: the keys of first rows a check of the module rejected).
// Its first line is then the first line of its hash, unless two keys share the hash: every key that is not the
// first of its hash is in table `exact` with its first line. The rows that repeat a key within their slice are
// ranked as in the whole file (fastKeySql), without those. The same rejects as the whole file's, in every case
// (tests/pipeline/slices.test.ts, also with hashes of 2 bits: AGING_KEY_HASH_BITS).

/** Whether a dataset's key can be looked up among its staged rows (`staged`: columns of its staging table). */
export function keyStaged(d: Dataset, stagedColumns: Set<string>): boolean {
  return d.key?.staged?.length === d.key?.sql.length && d.key!.staged!.every((c) => stagedColumns.has(c));
}

/** The text path's slices: temp table _dupkeys (as fastDupKeysSql) of _checked's rows without problems of their own. */
export function checkedDupKeysSql(d: Dataset): string {
  return `create or replace temp table _dupkeys as select ${keyHash(d)} as _kh from _checked where _ok group by _kh having count(*) > 1`;
}

/** The scratch tables, made on the first slice (the keys typed like the rows'). */
export function seenCreateSql(d: Dataset): string {
  const ks = d.key!.sql.map((k, i) => `${k} as _k${i}`).join(", ");
  return `create table if not exists _slices.seen as select ${keyHash(d)} as kh, _line as first_line from _checked where false;
    create table if not exists _slices.exact as select ${ks}, _line as first_line from _checked where false;
    create table if not exists _slices.rej as select ${ks} from _checked where false`;
}

/**
 * Temp table _kcand: the rows of the slice without problems of their own whose key's hash an earlier slice saw,
 * with the first line of the hash (`hash_line`). Returns the SQL.
 */
export function acrossCandidatesSql(d: Dataset): string {
  const keys = d.key!.sql;
  const kc = keys.map((_, i) => `c._k${i}`).join(", ");
  return `create or replace temp table _kcand as
    select c._line, c._kh, c._value, ${kc}, min(s.first_line) as hash_line
    from (select _line, ${keyHash(d)} as _kh, ${keyValue(d)} as _value, ${keys.map((k, i) => `${k} as _k${i}`).join(", ")} from _checked where _ok) c
    join _slices.seen s on s.kh = c._kh
    group by c._line, c._kh, c._value, ${kc}`;
}

/** Temp table _kx: the candidates that repeat an earlier key, with the line it was first seen on. */
export function acrossKeysSql(d: Dataset): string {
  const keys = d.key!.sql;
  const k = keys.map((_, i) => `_k${i}`);
  const same = (a: string, b: string) => k.map((c) => `${a}.${c} is not distinct from ${b}.${c}`).join(" and ");
  return `create or replace temp table _kx as
    with wanted as (select distinct ${k.join(", ")} from _kcand),
    earlier as (
      select distinct ${k.map((c) => `w.${c}`).join(", ")} from wanted w join (select ${d.key!.staged!.map((c, i) => `${c} as _k${i}`).join(", ")} from staging.${d.name}) s on ${same("s", "w")}
      union select ${k.join(", ")} from _slices.rej)
    select c._line, c._value, coalesce(e.first_line, c.hash_line) as first_line
    from _kcand c semi join earlier p on ${same("p", "c")} left join _slices.exact e on ${same("e", "c")}`;
}

/** The rejects of the rows in _kx (as fastKeySql reports a duplicate). */
export function acrossRejectsSql(d: Dataset): string {
  return `select _line, ${literal(keyColumn(d))} as column_name, _value as value, ${duplicateReason("first_line")} as reason from _kx`;
}

/** The rows of _checked that are not in _kx (for fastKeySql). */
export const CHECKED_NOT_ACROSS = "(select c.* from _checked c anti join _kx x on x._line = c._line)";

/**
 * After a slice (its rejects in _xrej, the duplicates within it in _kdup): the keys it saw first, on its rows without
 * problems of their own that repeat no earlier key, into the scratch tables.
 */
export function seenAddSql(d: Dataset): string {
  const ks = d.key!.sql.map((k, i) => `${k} as _k${i}`).join(", ");
  const firsts = `(select c.*, ${keyHash(d)} as _kh from _checked c anti join _kx x on x._line = c._line anti join _kdup k on k._line = c._line where c._ok)`;
  return `insert into _slices.seen select _kh, _line from ${firsts};
    insert into _slices.exact select ${ks}, _line from (
      select *, row_number() over (partition by _kh order by _line) as n from (select f.* from ${firsts} f semi join _dupkeys r on r._kh = f._kh)
      where _line not in (select _line from _kcand)) where n > 1;
    insert into _slices.exact select ${ks}, _line from ${firsts} f semi join _kcand c on c._line = f._line;
    insert into _slices.rej select ${ks} from ${firsts} f semi join _xrej x on x._line = f._line`;
}

export type {Column};
