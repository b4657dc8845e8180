// The load stage: each dataset found, read into temp tables (identifiers hashed), checked in SQL, written to staging and quality.
import {existsSync} from "node:fs";
import {readdir, readFile, rm, stat} from "node:fs/promises";
import path from "node:path";
import {CENSUS_START_FILE, isRequired, type Dataset} from "./datasets/contract.ts";
import {Db, ident, literal} from "./db.ts";
import {directMinBytes, encodingFromSample, InputError, scanFile, sniffCsv, writeNumbered, type Encoding} from "./read/csv.ts";
import {columnLetter, findHeaderRow, type HeaderMatch} from "./read/headers.ts";
import {readSheet, writeSheetCsv} from "./read/xlsx.ts";
import {checkSql} from "./validate/typed.ts";
import {
  acrossCandidatesSql,
  acrossKeysSql,
  acrossRejectsSql,
  CHECKED_NOT_ACROSS,
  checkedDupKeysSql,
  fastDupKeysSql,
  fastEligible,
  fastKeySql,
  fastPlan,
  keyStaged,
  seenAddSql,
  seenCreateSql,
  type FastPlan
} from "./validate/fast.ts";
import {sliceBytes, SliceWriter} from "./read/slices.ts";
import {INDICATOR_CODES} from "./indicators/registry.ts";
import {checkInputFile} from "./files.ts";
import {maskHeaderCell, maskIds, maskQuality} from "./mask.ts";
import {DATASETS} from "./datasets/contract.ts";
import {hmacMacroSql} from "./pseudonym.ts";
import {stageTimer} from "./stages.ts";

/** The characters ao_trim removes besides the space (SQL expressions): tab, LF, CR, U+3000, U+00A0, U+FEFF. */
const OTHER_SPACES = ["chr(9)", "chr(10)", "chr(13)", "chr(12288)", "chr(160)", "chr(65279)"];

/** SQL: a row's cells (SQL expressions) joined by U+001F, with U+001F at both ends too. */
export function joinedCellsSql(cells: string[]): string {
  return `chr(31) || concat_ws(chr(31), ${cells.join(", ")}) || chr(31)`;
}

/**
 * SQL over `joined` (joinedCellsSql): true whenever a cell starts or ends with a character ao_trim removes (also
 * for some rows that need none, e.g. a tab inside a cell: trimming them changes nothing). Substring tests,
 * several times faster than a regular expression over the row; `joined` should be a column (it is used 8 times).
 */
export function trimTestSql(joined: string): string {
  return `(contains(${joined}, chr(31) || ' ') or contains(${joined}, ' ' || chr(31)) or ${OTHER_SPACES.map((c) => `contains(${joined}, ${c})`).join(" or ")})`;
}

/** SQL: whether any of `cells` (SQL expressions) starts or ends with a character ao_trim removes. One test per row. */
export function needsTrimSql(cells: string[]): string {
  return cells.length ? trimTestSql(joinedCellsSql(cells)) : "false";
}

const SQL_DIR = new URL("./sql/", import.meta.url);
const STAGING_SQL = new URL("./sql/staging/", import.meta.url);
const LOAD_SQL = new URL("./sql/load/", import.meta.url);

/** The text of a static SQL file of the load stage (pipeline/sql/load/). */
function loadSql(name: string): Promise<string> {
  return readFile(new URL(name, LOAD_SQL), "utf8");
}
const EXTENSIONS = [".csv", ".tsv", ".txt", ".xlsx"];

export interface SourceFile {
  path: string;
  /** Name relative to the input folder, as reports show it. */
  name: string;
  bytes: number;
  sha256: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
}

export interface DatasetResult {
  dataset: string;
  file: SourceFile | null;
  status: "loaded" | "absent" | "failed";
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  warnings: number;
  seconds: number;
  /** The file was read, checked and staged in this many slices (read/slices.ts); absent: all at once. */
  slices?: number;
  /** Seconds per step: open (sniff), read, hash (identifiers), check (types, rules), keys (across rows), report (rejects, warnings), stage, sha256 (what remained of it after the rest); and `cpu`, not a step: the CPU seconds of the whole load (user + system, all threads). */
  steps?: Record<string, number>;
  message?: string;
}

export interface LoadContext {
  db: Db;
  inputDir: string;
  tmpDir: string;
  runDate: string;
  /** The folder is a census start (census.json): facilities are optional (contract.ts isRequired). */
  censusStart?: boolean;
  /** Called with rows read so far, for progress displays. */
  onProgress?: (dataset: string, stage: string) => void;
}

function stemKey(file: string): string {
  return path.basename(file, path.extname(file)).normalize("NFKC").toLowerCase().replace(/\s/g, "");
}

/** The file of a dataset in the folder: named after the dataset or a Chinese alias; two candidates are an error. */
export async function locate(inputDir: string, d: Dataset): Promise<string | null> {
  const names = new Set([d.name, ...d.fileAliases].map((n) => n.normalize("NFKC").toLowerCase()));
  const files = (await readdir(inputDir)).filter((f) => EXTENSIONS.includes(path.extname(f).toLowerCase()) && names.has(stemKey(f))).sort();
  if (files.length > 1) {
    throw new InputError(`数据集 ${d.name} 有多个文件：${files.join("、")}，请只保留一个 / more than one file for dataset ${d.name}: ${files.join(", ")}; keep one`, files.join(", "));
  }
  if (!files.length) return null;
  // a regular file inside the folder only: a folder named like a file, or a symbolic link out of it, is refused
  await checkInputFile(inputDir, path.join(inputDir, files[0]));
  return path.join(inputDir, files[0]);
}


function headerProblems(match: HeaderMatch, cells: string[], file: string, d: Dataset): void {
  if (match.missing.length) {
    const column = match.missing[0];
    // (a first data row taken for the header may hold identifiers: masked, see mask.ts)
    const personal = d.columns.some((c) => c.personal);
    const found = cells.flatMap((c, i) => (c ? [maskHeaderCell(c, match.keys[i] !== null, personal)] : []));
    throw new InputError(
      `缺少必需的列：${match.missing.join("、")} / missing required column${match.missing.length > 1 ? "s" : ""}: ${match.missing.join(", ")} (header found: ${found.join(", ") || "none"})`,
      file,
      column
    );
  }
  if (match.duplicates.length) {
    const {key, indexes} = match.duplicates[0];
    throw new InputError(
      `列 ${key} 出现了不止一次（第 ${indexes.map((i) => columnLetter(i)).join("、")} 列：${indexes.map((i) => cells[i]).join("、")}）/ column ${key} appears more than once (columns ${indexes.map((i) => columnLetter(i)).join(", ")}: ${indexes.map((i) => cells[i]).join(", ")})`,
      file,
      key
    );
  }
}

interface Source {
  /** read_csv(...) expression of the data records. */
  relation: string;
  /** SQL expression of the line number, over the relation's columns plus `_rowid`. */
  line: string;
  /** How to get a rejected record's line from reject_errors: 'line' (physical) or 'prefix' (numbered file). */
  rejectLine: "line" | "prefix";
  /** The line above the data records, counted in the file DuckDB reads (a slice: 0, its first line is data). */
  headerLine: number;
  /** A slice of a file (read/slices.ts): the lines of the file above the slice, added to the lines counted in it. */
  lineOffset?: number;
  match: HeaderMatch;
  cells: string[];
  sheet?: string;
  delimiter: string;
  extraWarnings: {line: number | null; cell: string | null; column: string; value: string; reason: string}[];
}

/**
 * Which of DuckDB's errors on one line names its cause: a quote problem first (DuckDB then also reports the
 * Chinese text after the quote as INVALID ENCODING, although the numbered copy is checked UTF-8), then the field count.
 */
const REJECT_RANK = "case error_type when 'UNQUOTED VALUE' then 0 when 'TOO MANY COLUMNS' then 1 when 'MISSING COLUMNS' then 2 else 3 end";

function readCsvSql(file: string, delimiter: string, names: string[], skip: number): string {
  const columns = `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(", ")}}`;
  return `read_csv(${literal(file)}, header = false, auto_detect = false, delim = ${literal(delimiter)}, quote = '"', escape = '"',
    columns = ${columns}, skip = ${skip}, store_rejects = true, rejects_table = '_rejects', rejects_scan = '_rejects_scan',
    max_line_size = 8388608)`;
}

interface Opened {
  source: Source;
  info: Partial<SourceFile>;
  /** For a source read in place before the file is known to be plain: the numbered copy to read instead (in `encoding`, when the scan found it is not UTF-8). */
  fallback?: (encoding?: Encoding) => Promise<Source>;
  /** The encoding is decided by the scan that hashes the file (its first megabyte is ASCII; read in place meanwhile as UTF-8). */
  encodingDeferred?: boolean;
  /** For a source read in place: the source of one slice of the file (read/slices.ts), `lineOffset` lines below its top. */
  slice?: (file: string, first: boolean, lineOffset: number) => Source;
}

async function openSource(ctx: LoadContext, d: Dataset, file: string): Promise<Opened> {
  const tmp = path.join(ctx.tmpDir, `${d.name}.csv`);
  if (path.extname(file).toLowerCase() === ".xlsx") {
    const sheet = await readSheet(file, [d.name, ...d.fileAliases]);
    if (!sheet.rows.length) throw new InputError("工作表为空 / the sheet is empty", file);
    const {index, match} = findHeaderRow(sheet.rows.map((r) => r.cells), d);
    const cells = sheet.rows[index].cells;
    headerProblems(match, cells, `${path.basename(file)} (${sheet.sheet})`, d);
    await writeSheetCsv(sheet.rows.slice(index + 1), cells.length, tmp);
    const names = ["_line", ...cells.map((_, i) => `c${i}`)];
    return {
      source: {
        relation: readCsvSql(tmp, ",", names, 0),
        line: "_line::integer",
        rejectLine: "prefix",
        headerLine: sheet.rows[index].number,
        match,
        cells,
        sheet: sheet.sheet,
        delimiter: ",",
        extraWarnings: sheet.formulasWithoutResult.map((address) => ({
          line: Number(address.replace(/^[A-Z]+/, "")),
          cell: `${sheet.sheet}!${address}`,
          column: match.keys[[...address.replace(/\d+$/, "")].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1] ?? "",
          value: "",
          reason: "公式没有缓存的计算结果，按空值处理；请在 Excel 中保存后再导出 / a formula without a cached result is read as empty; open and save the file in Excel"
        }))
      },
      info: {sheet: sheet.sheet, encoding: "xlsx"}
    };
  }
  const sniff = await sniffCsv(file, {deferAsciiFrom: directMinBytes()});
  if (!sniff.rows.length) throw new InputError("文件没有内容 / the file has no rows", file);
  const {index, match} = findHeaderRow(sniff.rows, d);
  const cells = sniff.rows[index];
  headerProblems(match, cells, path.basename(file), d);
  const names = cells.map((_, i) => `c${i}`);
  const info = {encoding: sniff.encoding === "gb18030" ? "GBK/GB18030" : sniff.encoding, delimiter: sniff.delimiter};
  const common = {match, cells, delimiter: sniff.delimiter, extraWarnings: []};
  const numbered = async (encoding: Encoding = sniff.encoding): Promise<Source> => {
    await writeNumbered(file, encoding, sniff.delimiter, index + 1, tmp);
    return {...common, relation: readCsvSql(tmp, sniff.delimiter, ["_line", ...names], 0), line: "_line::integer", rejectLine: "prefix", headerLine: index + 1};
  };
  if ((sniff.encoding === "utf-8" || sniff.encoding === "utf-8-bom") && sniff.size >= directMinBytes()) {
    // A large UTF-8 file is read in place (its records its lines) while it is hashed and checked to be plain;
    // if it is not, the numbered copy is read instead.
    return {
      source: {...common, relation: readCsvSql(file, sniff.delimiter, names, index + 1), line: `(_rowid + ${index + 2})::integer`, rejectLine: "line", headerLine: index + 1},
      info,
      fallback: numbered,
      encodingDeferred: sniff.encodingDeferred,
      // (slice 0 holds the header and the lines above it; the others start with a data line)
      slice: (slice, first, lineOffset) =>
        first
          ? {...common, relation: readCsvSql(slice, sniff.delimiter, names, index + 1), line: `(_rowid + ${index + 2})::integer`, rejectLine: "line", headerLine: index + 1}
          : {...common, relation: readCsvSql(slice, sniff.delimiter, names, 0), line: `(_rowid + ${lineOffset + 1})::integer`, rejectLine: "line", headerLine: 0, lineOffset}
    };
  }
  return {source: await numbered(), info};
}

/**
 * Read the source into temp table _read (one VARCHAR column per column of the file) and define view _src over it:
 * `_line`, `_rowid` (of _read, for slices) and one column per known column.
 */
async function readSource(ctx: LoadContext, d: Dataset, source: Source, fast?: FastPlan): Promise<{ragged: {line: number; reason: string}[]}> {
  const {db} = ctx;
  const column = (key: string) => `c${source.match.keys.indexOf(key)}`;
  // the typed read: the text of a column (for the rows the text path reads) is an element of _text
  const mapped = fast
    ? [...(fast.person ? [ident(fast.person)] : []), ...fast.textColumns.map((k, i) => `_text[${i + 1}] as ${ident(k)}`), "_fast"]
    : source.match.keys.flatMap((key, i) => (key ? [`c${i} as ${ident(key)}`] : []));
  const table = fast ? "_typed" : "_read";
  await db.run(`drop table if exists _rejects; drop table if exists _rejects_scan;`);
  try {
    // only the columns the contract knows (a bureau's export often has many more)
    const needed = [...(source.rejectLine === "prefix" ? ["_line"] : []), ...source.match.keys.flatMap((key, i) => (key ? [`c${i}`] : []))];
    const profile = process.env.AGING_PROFILE;
    if (fast && profile) await db.run(`pragma enable_profiling = 'json'; pragma profiling_output = ${literal(path.join(profile, `read-${d.name}.json`))}`);
    await db.run(
      fast
        ? `create or replace temp table _typed as ${fast.readSql(source.relation, (key) => `r.${column(key)}`, source.rejectLine === "prefix")}`
        : `create or replace temp table _read as select ${needed.join(", ")} from ${source.relation}`
    );
    if (fast && profile) await db.run("pragma disable_profiling");
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    throw new InputError(`无法解析 CSV / cannot parse the CSV: ${message}`, "");
  }
  // DuckDB sets aside rows that do not split into the header's columns (one entry per missing column): one per line.
  const offset = source.lineOffset ?? 0;
  const lineExpr = source.rejectLine === "line" ? `(line + ${offset})::integer` : `try_cast(split_part(csv_line, ${literal(source.delimiter)}, 1) as integer)`;
  const width = source.cells.length;
  await db.run(`create or replace temp table _ragged as select line, case
      when error_type = 'TOO MANY COLUMNS' then ${literal(`该行的字段多于表头的 ${width} 列 / the row has more fields than the header's ${width} columns`)}
      when error_type = 'MISSING COLUMNS' then ${literal(`该行的字段少于表头的 ${width} 列 / the row has fewer fields than the header's ${width} columns`)}
      when error_type = 'UNQUOTED VALUE' then '引号闭合之后还有文字（单元格内的引号须写成两个 ""）/ text after a closing quote (a quote inside a quoted cell is written twice: "")'
      else '无法读取该行 / the row cannot be read: ' || error_message end as reason
    from (select ${lineExpr} as line, arg_min(error_type, ${REJECT_RANK}) as error_type, arg_min(error_message, ${REJECT_RANK}) as error_message from _rejects group by all)
    order by line`);
  const ragged = await db.all<{line: number; reason: string}>("select line, reason from _ragged order by line");
  if (source.rejectLine === "line" && ragged.length) {
    // In-place reads number rows by position; rows DuckDB set aside shift the lines of those after them.
    await db.run(`create or replace temp table _shift as
      with rejected as (select line - ${source.headerLine + 1} as data_index, row_number() over (order by line) - 1 as j from (select distinct line from _rejects))
      select data_index - j as from_row, max(j + 1) as shift from rejected group by all`);
    const line = `(_rowid + ${source.headerLine + 1 + offset} + coalesce(_shift.shift, 0))::integer`;
    if (fast) {
      await db.run(`create or replace temp view _all as
        select ${line} as _line, r.* from (select rowid as _rowid, * from _typed) r asof left join _shift on r._rowid >= _shift.from_row`);
    } else {
      await db.run(`create or replace temp view _src as
      select ${line} as _line, r._rowid, ${mapped.join(", ")} from (select rowid as _rowid, * from _read) r asof left join _shift on r._rowid >= _shift.from_row`);
    }
  } else if (fast) {
    await db.run(`create or replace temp view _all as select ${source.line} as _line, * ${source.rejectLine === "prefix" ? "exclude (_line)" : ""} from (select rowid as _rowid, * from _typed)`);
  } else {
    await db.run(`create or replace temp view _src as select ${source.line} as _line, _rowid, ${mapped.join(", ")} from (select rowid as _rowid, * from _read)`);
  }
  // the typed read: the text path's view of the rows (the text is there for the rows it checks only)
  if (fast) await db.run(`create or replace temp view _src as select _line, _rowid, ${mapped.join(", ")} from _all`);
  return {ragged};
}

/**
 * Personal identifiers → their keyed hash: each distinct value as read is normalized and hashed once into a map
 * table. Returns the relation the checks read over `src` (_src, or a slice of it): `_line`, every other column trimmed, identifiers as hashes plus
 * what a valid ID number tells. The identifiers in clear never leave this connection's temp tables.
 */
async function identifierMaps(db: Db, d: Dataset, present: Set<string>): Promise<(src: string) => string> {
  const replace: string[] = [];
  const extra: string[] = [];
  const joins: string[] = [];
  if (present.has("id_number")) {
    await db.run(await loadSql("id_number_map.sql"));
    replace.push("idm.h as id_number");
    extra.push(
      "idm.status as _id_status",
      "case when idm.status = 'ok' then ao_id_birth(idm.v) end as _id_birth",
      "case when idm.status = 'ok' then ao_id_sex(idm.v) end as _id_sex",
      "case when idm.status <> 'ok' then ao_mask(idm.v) end as _id_masked"
    );
    joins.push("left join _idmap idm on idm.raw_value = s.id_number");
  }
  if (present.has("person_id")) {
    await db.run(await loadSql("person_id_map.sql"));
    replace.push("pm.h as person_id");
    joins.push("left join _pidmap pm on pm.raw_value = s.person_id");
  }
  if (present.has("person")) {
    await db.run(await loadSql("person_map.sql"));
    replace.push("psm.h as person");
    extra.push("psm.status as _person_status", "case when psm.status <> 'ok' then psm.masked end as _person_masked");
    joins.push("left join _personmap psm on psm.raw_value = s.person");
  }
  // Cells are trimmed of spaces (also U+3000, U+00A0, U+FEFF) in rows that have a cell to trim: one test per row.
  const plain = d.columns.filter((c) => present.has(c.key) && !c.personal).map((c) => ident(c.key));
  const trimmed = plain.map((c) => `case when s._trim then ao_trim(s.${c}) else s.${c} end as ${c}`);
  // (the cells joined once in a subquery: the test reads them eight times)
  const trimTest = (src: string) => (plain.length ? `(select * exclude (_cells), ${trimTestSql("_cells")} as _trim from (select *, ${joinedCellsSql(plain)} as _cells from ${src}))` : `(select *, false as _trim from ${src})`);
  return (src) => `select s._line, ${[...trimmed, ...replace, ...extra].join(", ")} from ${trimTest(src)} s ${joins.join(" ")}`;
}

/**
 * Checks across rows: the dataset's key (no two rows share it), then the checks of its module (.sql files beside it).
 * Each query returns (_line, column_name, value, reason) of rows of `_checked` without problems of their own.
 */
function crossRowSql(d: Dataset): string[] {
  const out: string[] = [];
  if (d.key) {
    const keys = d.key.sql;
    const column = d.key.columns[d.key.columns.length - 1];
    const valueExpr = d.key.value ?? `concat_ws(' / ', ${keys.map((k) => (k === "year" ? "year::integer::varchar" : `${k}::varchar`)).join(", ")})`;
    out.push(`select _line, ${literal(column)} as column_name, ${valueExpr} as value,
      '重复的记录，首次出现在第 ' || first_line || ' 行 / duplicate key, first seen on line ' || first_line as reason
      from (select *, min(_line) over w as first_line, row_number() over (w order by _line) as n
            from (select * from _checked where _ok) window w as (partition by ${keys.join(", ")}))
      where n > 1`);
  }
  return [...out, ...(d.checks?.reject ?? [])];
}

/**
 * Rows per slice of a large file: AGING_SLICE_ROWS (e.g. 2000000; or 3, to test slices on small files). Off by
 * default: in the bench of 2026-11-29 scale 10 loaded slower in slices (the join of each slice's keys with _seen
 * grows with the slices done; docs/benchmarks.md), so the whole file is checked at once unless asked.
 */
function sliceRows(): number {
  return Number(process.env.AGING_SLICE_ROWS) || Infinity;
}

/** Whether a dataset can be checked in slices: no check reads other rows of the file, but the key. */
function sliceable(d: Dataset): boolean {
  return !d.checks || d.checks.rowLocal === true;
}

/**
 * For a slice: temp table _kslice, the key of each row without problems of its own (_k0, _k1, …), its value as
 * reported, and the line where an earlier slice first saw it (temp table _seen: k0, k1, …, first_line), if one did.
 * One join per slice.
 */
function keySliceSql(d: Dataset): string {
  const keys = d.key!.sql;
  const valueExpr = d.key!.value ?? `concat_ws(' / ', ${keys.map((k) => (k === "year" ? "year::integer::varchar" : `${k}::varchar`)).join(", ")})`;
  return `create or replace temp table _kslice as select c.*, s.first_line as seen_line
    from (select _line, ${valueExpr} as _value, ${keys.map((k, i) => `${k} as _k${i}`).join(", ")} from _checked where _ok) c
    left join _seen s on ${keys.map((_, i) => `s.k${i} is not distinct from c._k${i}`).join(" and ")}`;
}

/**
 * crossRowSql for a slice (after keySliceSql): a row repeats the key of a row of an earlier slice or of an earlier
 * row of its slice. The same rejects as the whole-file query.
 */
function slicedCrossRowSql(d: Dataset): string[] {
  const out: string[] = [];
  if (d.key) {
    const column = d.key.columns[d.key.columns.length - 1];
    const partition = d.key.sql.map((_, i) => `_k${i}`).join(", ");
    out.push(`select _line, ${literal(column)} as column_name, _value as value,
      '重复的记录，首次出现在第 ' || first_line || ' 行 / duplicate key, first seen on line ' || first_line as reason
      from (select _line, _value, coalesce(seen_line, min(_line) over w) as first_line, seen_line is not null or row_number() over (w order by _line) > 1 as dup
            from _kslice window w as (partition by ${partition}))
      where dup`);
  }
  return [...out, ...(d.checks?.reject ?? [])];
}

/** After a slice: the keys it saw first into _seen, with their first line. */
function seenInsertSql(d: Dataset): string {
  const keys = d.key!.sql.map((_, i) => `_k${i}`);
  return `insert into _seen select ${keys.join(", ")}, min(_line) from _kslice where seen_line is null group by all; drop table _kslice`;
}

/** Slices of a file: temp table _kcand (validate/fast.ts) for the slice in _checked; returns the SQL that makes _kx. */
async function acrossKeys(db: Db, d: Dataset): Promise<string> {
  await db.run(seenCreateSql(d));
  await db.run(acrossCandidatesSql(d));
  // (no candidates, as usual: staging is not read)
  const n = (await db.one<{n: number}>("select count(*)::integer as n from _kcand"))!.n;
  return n ? acrossKeysSql(d) : "create or replace temp table _kx as select null::integer as _line, null::varchar as _value, null::integer as first_line where false";
}

/** Load one dataset end to end. Throws InputError when the file is unusable. */
async function loadDataset(ctx: LoadContext, d: Dataset): Promise<DatasetResult> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const {db} = ctx;
  const steps: Record<string, number> = {};
  let last = started;
  const mark = (step: string, next?: string) => {
    const now = performance.now();
    steps[step] = Number(((steps[step] ?? 0) + (now - last) / 1000).toFixed(3));
    last = now;
    if (next) ctx.onProgress?.(d.name, next);
  };
  const required = isRequired(d, ctx.censusStart);
  const file = await locate(ctx.inputDir, d);
  if (!file) {
    if (required) throw new InputError(`缺少必需的数据集 ${d.name}（${d.zh}）/ required dataset ${d.name} (${d.zh}) is missing: expected ${d.name}.csv or ${d.name}.xlsx`, path.join(ctx.inputDir, `${d.name}.csv`));
    return {dataset: d.name, file: null, status: "absent", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, warnings: 0, seconds: 0};
  }
  const name = path.relative(ctx.inputDir, file);
  const {size} = await stat(file);
  const sourceFile: SourceFile = {path: file, name, bytes: size, sha256: ""};
  ctx.onProgress?.(d.name, "reading");
  let source: Source;
  let opened: Opened;
  try {
    opened = await openSource(ctx, d, file);
    source = opened.source;
    Object.assign(sourceFile, opened.info);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message, name, error.column);
    throw error;
  }
  mark("open");
  const present = new Set(source.match.keys.filter((k): k is string => k !== null));
  // The typed read (validate/fast.ts): rows whose cells parse in the common forms are typed as the file is read;
  // the others go through the text path. Not with slices (AGING_SLICE_ROWS), which the text path has.
  const fast = fastEligible(d, present) && !Number.isFinite(sliceRows()) ? await fastPlan(db, d, present, ctx.runDate) : undefined;
  // A large file that the typed read reads in place is read, checked and staged in slices of the file, which the
  // pass that hashes it writes (read/slices.ts): no temp table outgrows the load's memory limit at any scale.
  const staged = new Set((await db.all<{c: string}>(`select column_name as c from duckdb_columns() where schema_name = 'staging' and table_name = ${literal(d.name)}`)).map((r) => r.c));
  // (the text path too, where its checks read one row each but the key's, and not already in slices of rows)
  const canSlice = fast !== undefined || (sliceable(d) && !Number.isFinite(sliceRows()));
  const slicer = canSlice && opened.slice && size > sliceBytes(fast !== undefined) && keyStaged(d, staged) ? new SliceWriter(ctx.tmpDir, d.name, sliceBytes(fast !== undefined)) : undefined;
  // The file is hashed (and checked to be plain) while DuckDB reads it: DuckDB works in threads of its own. (Not
  // during the sniff above, which is Node's work too: it would only wait for the hash.)
  // (read in place as UTF-8: the scan also checks that the whole file is, not only the megabyte it was sniffed from)
  const scan = scanFile(file, {nonAscii: opened.encodingDeferred, utf8: opened.fallback !== undefined, slices: slicer});
  scan.catch((error) => slicer?.stop(`the file could not be read to the end: ${(error as Error).message}`));
  let ragged: {line: number; reason: string}[] = [];
  const letters = source.sheet
    ? `case column_name ${source.match.keys.flatMap((k, i) => (k ? [`when ${literal(k)} then ${literal(columnLetter(i))}`] : [])).join(" ")} else '' end`
    : "null";
  const cell = source.sheet ? `${literal(source.sheet + "!")} || ${letters} || line` : "null::varchar";
  const fileLit = literal(name);
  const unknownWarnings = source.match.unknown.map(
    (u) => `(${literal(d.name)}, ${fileLit}, ${source.headerLine}, ${source.sheet ? literal(`${source.sheet}!${columnLetter(u.index)}${source.headerLine}`) : "null"}, ${literal(u.header)}, null, '未知的列，未载入数据仓库 / unknown column, kept out of the warehouse')`
  );
  const extra = source.extraWarnings.map((w) => `(${literal(d.name)}, ${fileLit}, ${w.line ?? "null"}, ${w.cell ? literal(w.cell) : "null"}, ${literal(w.column)}, ${literal(w.value)}, ${literal(w.reason)})`);
  // AGING_PROFILE=<folder>: DuckDB's profile (JSON) of each dataset's check statement, for docs/benchmarks.md.
  const profile = process.env.AGING_PROFILE;
  let rows = 0;

  /**
   * The rows read (temp table _read, or the typed read's _typed) checked, reported and staged. `first`: the rows
   * begin at the file's first data line (the file's own warnings are reported once); `across`: a slice of the file,
   * its keys checked against the earlier slices' (scratch table _slices.seen).
   */
  const checkAndStage = async (first: boolean, across: boolean): Promise<void> => {
    mark("read", "hashing");
    const from = await identifierMaps(db, d, present);
    // (typed rows: the persons the map marks as a problem, a short list the rows are checked against)
    if (fast?.person) await db.run("create or replace temp table _personbad as select raw_value, h, status, masked from _personmap where status <> 'ok'");
    mark("hash", "checking");
    // The rows are checked, reported and staged in slices of _read (in line order) where no check needs the whole
    // file but the key (its values seen so far: _seen); the temp tables of a slice fit in memory at any scale.
    const total = fast ? 0 : (await db.one<{n: number}>("select count(*)::integer as n from _read"))!.n;
    const slice = sliceRows();
    const slices = !fast && sliceable(d) && total > slice ? Math.ceil(total / slice) : 1;
    for (let k = 0; k < slices; k++) {
      // (the typed read: the text path checks the rows it sends, then view _checked has the rows of both paths)
      const range = fast ? "(select * from _src where not _fast)" : slices > 1 ? `(select * from _src where _rowid >= ${k * slice} and _rowid < ${(k + 1) * slice})` : "_src";
      const {checked, warnings} = checkSql(d, present, ctx.runDate, from(range));
      if (profile && k === 0) await db.run(`pragma enable_profiling = 'json'; pragma profiling_output = ${literal(path.join(profile, `check-${d.name}.json`))}`);
      for (const [i, statement] of checked.entries()) {
        await db.run(statement);
        if (profile && k === 0 && i === 0) await db.run("pragma disable_profiling");
      }
      if (fast) await db.run(`alter table _checked rename to _checked_slow; ${fast.checkedViewSql}`);
      else if (k === slices - 1) await db.run(`drop view _src; drop table _read; drop table if exists _idmap; drop table if exists _pidmap; drop table if exists _personmap; drop table if exists _shift;`);
      mark("check");
      rows += (await db.one<{n: number}>(fast ? "select ((select count(*) from _typed where _fast) + (select count(*) from _checked_slow))::integer as n" : "select count(*)::integer as n from _checked"))!.n;
      if (!across && k === slices - 1 && required && rows + ragged.length === 0) {
        await db.run(`delete from quality.warnings where dataset = ${literal(d.name)}`);
        throw new InputError("文件只有表头，没有数据行 / the file has a header but no data rows", name);
      }
      if (slices > 1 && d.key && k === 0) await db.run(`create or replace temp table _seen as select ${d.key.sql.map((e, i) => `${e} as k${i}`).join(", ")}, _line as first_line from _checked where false`);
      if (slices > 1 && d.key) await db.run(keySliceSql(d));
      if (fast) await db.run(fastDupKeysSql(d));
      else if (across) await db.run(checkedDupKeysSql(d));
      // (slices: the duplicates within the slice kept apart, for the keys it adds to the scratch table)
      if (across) await db.run(`${await acrossKeys(db, d)}; create or replace temp table _kdup as ${fastKeySql(d, CHECKED_NOT_ACROSS)}`);
      const cross = across
        ? [acrossRejectsSql(d), "select * from _kdup", ...(d.checks?.reject ?? [])]
        : fast
          ? [fastKeySql(d), ...(d.checks?.reject ?? [])]
          : slices > 1
            ? slicedCrossRowSql(d)
            : crossRowSql(d);
      await db.run(`create or replace temp table _xrej as ${cross.length ? cross.map((q) => `select * from (${q})`).join("\nunion all\n") : "select null::integer as _line, null::varchar as column_name, null::varchar as value, null::varchar as reason where false"}`);
      if (slices > 1 && d.key) await db.run(seenInsertSql(d));
      // (slices: the keys this one saw first, for the next; staging has this one's rows before the next is checked)
      if (across) await db.run(`${seenAddSql(d)}; drop table _kx; drop table _kcand; drop table _kdup; ${fast ? "" : "drop table _dupkeys"}`);
      mark("keys");
      // Rejects: every problem of every rejected row (rows DuckDB could not split into the header's columns follow, below).
      await db.run(`insert into quality.rejects
        select ${literal(d.name)}, ${fileLit}, line, ${cell}, column_name, value, reason from (
          select _line as line, e.column as column_name, e.value::varchar as value, e.reason from (select _line, unnest(_errs) as e from _checked where not _ok)
          union all select _line, column_name, value, reason from _xrej)
        order by line, column_name`);
      // the rows kept: temp table _clean (the typed read: a view), which the warnings and staging read
      await db.run(fast ? fast.cleanViewSql : await loadSql("finish.sql"));
      if (first && k === 0 && (unknownWarnings.length || extra.length)) await db.run(`insert into quality.warnings values ${[...unknownWarnings, ...extra].join(", ")}`);
      const allWarnings = [warnings, ...(d.checks?.warn ?? [])].map((q) => `select * from (${q})`).join("\nunion all\n");
      await db.run(`insert into quality.warnings
        select ${literal(d.name)}, ${fileLit}, line, ${cell}, column_name, value, reason
        from (select _line as line, column_name, value, reason from (${allWarnings})) order by line`);
      mark("report", "staging");
      const stage = await readFile(new URL(`stg_${d.name}.sql`, STAGING_SQL), "utf8");
      if (fast) {
        const rejectsAcross = (await db.one<{n: number}>("select count(*)::integer as n from _xrej"))!.n > 0;
        // (the typed rows in parallel: see fast.ts stageViewSql; the setting as it was after)
        const order = (await db.one<{v: string}>("select current_setting('preserve_insertion_order')::varchar as v"))!.v;
        for (const [i, view] of fast.stageViewSql(rejectsAcross).entries()) {
          await db.run(view);
          if (profile && i === 0) await db.run(`pragma enable_profiling = 'json'; pragma profiling_output = ${literal(path.join(profile, `stage-${d.name}.json`))}`);
          if (i === 0) await db.run("set preserve_insertion_order = false");
          try {
            await db.run(stage);
          } finally {
            if (i === 0) await db.run(`set preserve_insertion_order = ${order === "true" ? "true" : "false"}`);
          }
          if (profile && i === 0) await db.run("pragma disable_profiling");
        }
      } else await db.run(stage);
      if (fast) {
        await db.run(`drop view _clean; drop view _checked; drop table _checked_slow; drop table _xrej; drop table _dupkeys; drop view _src; drop view _all; drop table _typed;
          drop table if exists _personmap; drop table if exists _personbad; drop table if exists _shift;`);
      } else await db.run("drop table _clean");
      mark("stage");
    }
    if (slices > 1 && d.key) await db.run("drop table _seen");
  };

  /**
   * Slices: each read, checked and staged in turn. True when every slice was and the whole file is plain UTF-8;
   * false when the file turned out not to be (not plain, or not UTF-8 further on): what the slices staged and
   * reported is taken out again, and the numbered copy of the whole file is read instead.
   */
  let sliceCount = 0;
  const readSlices = async (writer: SliceWriter): Promise<boolean> => {
    const scratch = path.join(ctx.tmpDir, `${d.name}.keys.duckdb`);
    await db.run(`attach ${literal(scratch)} as _slices`);
    let failure: unknown = null;
    try {
      let offset = 0;
      for (let slice = await writer.next(); slice; slice = await writer.next()) {
        ctx.onProgress?.(d.name, `reading (slice ${slice.index + 1})`);
        source = opened.slice!(slice.path, slice.index === 0, offset);
        const piece = await readSource(ctx, d, source, fast);
        // every line of the slice is a row read, a row DuckDB set aside, or a line above the data
        const n = (await db.one<{n: number}>(`select count(*)::integer as n from ${fast ? "_typed" : "_read"}`))!.n;
        const above = slice.index === 0 ? source.headerLine : 0;
        if (n + piece.ragged.length + above !== slice.lines) {
          throw new Error(`internal: ${name}: slice ${slice.index} has ${slice.lines} lines, but ${n} rows were read, ${piece.ragged.length} set aside and ${above} are above the data`);
        }
        ragged.push(...piece.ragged);
        await db.run(`create temp table if not exists _ragged_all as select * from _ragged where false; insert into _ragged_all select * from _ragged`);
        await checkAndStage(slice.index === 0, true);
        offset += slice.lines;
        await writer.release(slice);
        sliceCount++;
      }
    } catch (error) {
      failure = error;
      await writer.abandon();
    } finally {
      await db.run("detach _slices");
      await rm(scratch, {force: true});
      await rm(`${scratch}.wal`, {force: true});
    }
    const scanned = await scan;
    const encoding = opened.encodingDeferred ? encodingFromSample(scanned.nonAsciiSample!, file) : undefined;
    if (scanned.plain && scanned.utf8 !== false && (!encoding || encoding === "utf-8")) {
      if (failure) throw failure;
      await db.run("create or replace temp table _ragged as select * from _ragged_all order by line; drop table _ragged_all");
      return true;
    }
    // (every temp table and view a slice may have left: views first)
    const left = await db.all<{name: string; view: boolean}>(`select view_name as name, true as view from duckdb_views() where temporary and not internal
      union all select table_name, false from duckdb_tables() where temporary order by view desc`);
    const ours = new Set(["_clean", "_checked", "_src", "_all", "_checked_slow", "_xrej", "_dupkeys", "_kx", "_kcand", "_kdup", "_typed", "_read", "_idmap", "_pidmap", "_personmap", "_personbad", "_shift", "_ragged_all"]);
    for (const {name, view} of left) if (ours.has(name)) await db.run(`drop ${view ? "view" : "table"} ${name}`);
    await db.run(`delete from staging.${d.name}; delete from quality.rejects where dataset = ${literal(d.name)}; delete from quality.warnings where dataset = ${literal(d.name)}`);
    ragged = [];
    rows = 0;
    sliceCount = 0;
    return false;
  };

  const sliced = slicer ? await readSlices(slicer).catch((error) => {
    if (error instanceof InputError) throw new InputError(error.message, name, error.column);
    throw error;
  }) : false;
  if (!sliced) {
    try {
      let inPlaceError: unknown = null;
      // (after slices: the file is not plain UTF-8, the numbered copy is read)
      if (!slicer) {
        try {
          ({ragged} = await readSource(ctx, d, source, fast));
        } catch (error) {
          if (!opened.fallback) throw error;
          inPlaceError = error;
        }
      }
      // a file whose first megabyte is ASCII: its encoding, from the first lines that are not (found by the scan)
      const encoding = opened.encodingDeferred ? encodingFromSample((await scan).nonAsciiSample!, file) : undefined;
      if (encoding && encoding !== "utf-8") sourceFile.encoding = encoding === "gb18030" ? "GBK/GB18030" : encoding;
      // Not plain, not UTF-8 after all (GBK from the scan's sample), or not valid UTF-8 further on: the numbered copy,
      // whose strict decoding reads a GBK file as GBK and rejects a file that mixes encodings, naming the first line
      // that is not in the file's encoding.
      if (opened.fallback && (slicer || !(await scan).plain || (encoding && encoding !== "utf-8") || (await scan).utf8 === false)) {
        source = await opened.fallback(encoding);
        ({ragged} = await readSource(ctx, d, source, fast));
      } else if (inPlaceError) throw inPlaceError;
    } catch (error) {
      if (error instanceof InputError) throw new InputError(error.message, name, error.column);
      throw error;
    }
    await checkAndStage(true, false);
  }
  await db.run(await loadSql("ragged_rejects.sql"), [d.name, name]);
  await db.run("drop table _ragged");
  mark("report");
  sourceFile.sha256 = (await scan).sha256;
  mark("sha256");
  // not a step: CPU seconds (user + system, every thread of the process: DuckDB's and the hash's) of the whole load
  const cpu = process.cpuUsage(cpuStarted);
  steps.cpu = Number(((cpu.user + cpu.system) / 1e6).toFixed(3));
  const counts = await db.one<{read: number; loaded: number; rejected: number; warnings: number}>(`select
    ${rows + ragged.length} as read,
    (select count(*) from staging.${d.name}) as loaded,
    (select count(distinct coalesce(line, -1)) from quality.rejects where dataset = ${literal(d.name)}) + ${ragged.filter((r) => r.line === null).length} as rejected,
    (select count(*) from quality.warnings where dataset = ${literal(d.name)}) as warnings`);
  // The typed read stages each row it keeps once: every row read is loaded or rejected (a row lost in a join would
  // show here, not pass silently).
  if (fast && counts!.read !== counts!.loaded + counts!.rejected) {
    throw new Error(`internal: ${name}: ${counts!.read} rows read, ${counts!.loaded} loaded and ${counts!.rejected} rejected do not add up; nothing was published`);
  }
  return {
    dataset: d.name,
    file: sourceFile,
    status: "loaded",
    rowsRead: counts!.read,
    rowsLoaded: counts!.loaded,
    rowsRejected: counts!.rejected,
    warnings: counts!.warnings,
    seconds: (performance.now() - started) / 1000,
    ...(sliceCount ? {slices: sliceCount} : {}),
    steps
  };
}

/** The district lookup every `district` column resolves through: code, name, aliases, name without its suffix. */
export async function buildDistrictLookup(db: Db): Promise<void> {
  await db.run(await loadSql("district_lookup.sql"));
}

async function loadIndicatorCodes(db: Db): Promise<void> {
  await db.run(`create or replace temp table _indicator_codes as select unnest([${[...INDICATOR_CODES].map(literal).join(", ")}]::varchar[]) as code`);
}

/** Districts.geojson beside the districts file: one geometry per district code. */
async function loadShapes(db: Db, inputDir: string): Promise<{file: SourceFile | null; warnings: number}> {
  const file = path.join(inputDir, "districts.geojson");
  let text: string;
  try {
    await checkInputFile(inputDir, file);
  } catch (error) {
    if (!(error instanceof InputError)) return {file: null, warnings: 0}; // no such file
    await db.run(`insert into quality.warnings values ('districts', 'districts.geojson', null, null, null, null, ${literal(`${error.message}; 地图将不显示边界 / maps show no boundaries`)})`);
    return {file: null, warnings: 1};
  }
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {file: null, warnings: 0};
  }
  const {size} = await stat(file);
  const sourceFile: SourceFile = {path: file, name: "districts.geojson", bytes: size, sha256: (await scanFile(file)).sha256, encoding: "utf-8"};
  let features: {properties?: Record<string, unknown>; geometry?: unknown}[];
  try {
    const json = JSON.parse(text);
    features = json.type === "FeatureCollection" ? json.features : [json];
  } catch (error) {
    await db.run(`insert into quality.warnings values ('districts', 'districts.geojson', null, null, null, null, ${literal(`GeoJSON 无法解析，地图将不显示边界 / the GeoJSON cannot be parsed, maps show no boundaries: ${(error as Error).message}`)})`);
    return {file: sourceFile, warnings: 1};
  }
  const rows = features.map((f, i) => ({i, code: String(f.properties?.code ?? f.properties?.["区划代码"] ?? ""), geometry: JSON.stringify(f.geometry ?? null)}));
  const tmp = JSON.stringify(rows);
  await db.run(`create or replace temp table _shapes as select * from (select unnest(from_json(${literal(tmp)}, '[{"i":"INTEGER","code":"VARCHAR","geometry":"VARCHAR"}]'), recursive := true))`);
  await db.run(await loadSql("shapes.sql"));
  const w = await db.one<{n: number}>("select count(*)::integer as n from _shapes s where not exists (select 1 from staging.districts d where d.code = s.code)");
  await db.run("drop table _shapes");
  return {file: sourceFile, warnings: w!.n};
}

export interface LoadStageOptions {
  /** The input folder. */
  input: string;
  /** The pseudonym key (HMAC-SHA256): identifiers are hashed under it before anything is written. */
  key: Buffer;
  /** The run date: dates after it are rejected where a column holds past dates only. */
  runDate: string;
  /** Scratch folder for the copies the readers write. */
  tmpDir: string;
  /** Progress of each dataset (stage name, detail); warnings (an optional dataset not loaded). */
  progress?: {stage(name: string, detail: string): void; done(name: string, detail: string): void; warn(message: string): void};
  /** Seconds per step are added here (load_<dataset>, load_shapes). */
  stageSeconds?: Record<string, number>;
}

export interface LoadStageResult {
  datasets: DatasetResult[];
  files: SourceFile[];
}

/**
 * For a dataset with `enumsStaged`: its enum columns in staging (those staged under their own key) become ENUMs of
 * their keys. The keys in byte order, as text sorts (DuckDB sorts an ENUM by its list), so ORDER BY, GROUP BY and
 * comparisons with the keys give what the text gave; the marts that pass the columns on cast them back to text.
 */
export function stagedEnumSql(d: Dataset): string {
  return d.columns
    .filter((c) => c.type === "enum" && !c.typedAs && c.labels)
    .map((c) => {
      const keys = Object.keys(c.labels!).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return `alter table staging.${d.name} alter ${ident(c.key)} type ENUM(${keys.map(literal).join(", ")});`;
    })
    .join("\n");
}

/**
 * The load stage: into an empty database `db`, the warehouse's schemas, then every dataset read, checked and staged
 * (staging.*, quality.*). Fills `out` as it goes, so a caller has what was loaded when a required dataset fails
 * (an InputError is thrown then).
 */
export async function loadStage(db: Db, o: LoadStageOptions, out: LoadStageResult = {datasets: [], files: []}): Promise<LoadStageResult> {
  const stageSeconds = o.stageSeconds ?? {};
  const timed = stageTimer(stageSeconds);
  await db.run(await readFile(new URL("schema.sql", SQL_DIR), "utf8"));
  for (const d of DATASETS) if (d.enumsStaged) await db.run(stagedEnumSql(d));
  await db.run(await readFile(new URL("macros.sql", SQL_DIR), "utf8"));
  await db.run(hmacMacroSql(o.key));
  await loadIndicatorCodes(db);
  // a census start (census.json, written by init-city --census): facilities are optional (contract.ts isRequired)
  const censusStart = existsSync(path.join(o.input, CENSUS_START_FILE));
  if (censusStart) o.progress?.done("census", `人口普查起步 / census start (${CENSUS_START_FILE}): facilities are optional`);
  const ctx: LoadContext = {db, inputDir: o.input, tmpDir: o.tmpDir, runDate: o.runDate, censusStart, onProgress: (name, step) => o.progress?.stage(name, step)};
  for (const d of DATASETS) {
    o.progress?.stage(d.name, "…");
    try {
      const r = await timed(`load_${d.name}`, () => loadDataset(ctx, d));
      out.datasets.push(r);
      if (r.file) out.files.push(r.file);
      if (r.status === "absent") o.progress?.done(d.name, "— 无文件（可选）/ no file (optional)");
      else {
        const rate = r.rowsRead >= 100_000 ? ` · ${Math.round(r.rowsRead / r.seconds).toLocaleString("en-US")} rows/s` : "";
        o.progress?.done(d.name, `${r.file!.name}: ${r.rowsLoaded.toLocaleString("en-US")} loaded, ${r.rowsRejected} rejected, ${r.warnings} warnings (${r.seconds.toFixed(1)} s${rate})`);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const failed: DatasetResult = {
        dataset: d.name, file: null, status: "failed", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, warnings: 0, seconds: 0,
        // (masked: a message quoting input never shows an ID number, in stderr, the report or meta.run_datasets)
        message: maskIds(`${error.file}${error.column ? ` [${error.column}]` : ""}: ${error.message}`)
      };
      out.datasets.push(failed);
      if (isRequired(d, censusStart)) throw error;
      o.progress?.warn(`${d.name}: ${failed.message} — 该数据集未载入 / this dataset was not loaded`);
    }
    if (d.name === "districts") {
      await buildDistrictLookup(db);
      const shapes = await timed("load_shapes", () => loadShapes(db, o.input));
      if (shapes.file) out.files.push(shapes.file);
    }
  }
  // Values and reasons of rejects and warnings quote the input: no ID number in clear there either.
  await maskQuality(db);
  return out;
}
