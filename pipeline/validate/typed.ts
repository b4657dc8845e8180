// SQL that types and checks the rows of a dataset as read, in one set-based pass: each row gets its typed values and a list of errors.
import type {Column, Dataset} from "../datasets/contract.ts";
import {normalizeHeader} from "../read/headers.ts";
import {ident, literal} from "../db.ts";

/** The name a column takes in the typed row: as its module says (`typedAs`), <key>_code for a district, else its key. */
export function typedName(c: Column): string {
  if (c.typedAs) return c.typedAs;
  if (c.type === "district") return `${c.key}_code`;
  return c.key;
}

function labelKey(label: string): string {
  return normalizeHeader(label);
}

export function enumCase(c: Column, raw: string): string {
  const whens: string[] = [];
  for (const [key, labels] of Object.entries(c.labels ?? {})) {
    for (const label of new Set([key, ...labels].map(labelKey))) whens.push(`when ${literal(label)} then ${literal(key)}`);
  }
  return `case ${raw} ${whens.join(" ")} end`;
}

function accepted(c: Column): string {
  return Object.entries(c.labels ?? {})
    .map(([key, labels]) => [key, ...labels.slice(0, 1)].join(" "))
    .join(", ");
}

interface Typed {
  /** stage 1 select items over the rows as read (r): each cell cleaned once (x__txt) */
  cleaned: string[];
  /** stage 2 select items over cleaned c: typed values */
  values: string[];
  /** stage 3 checks over typed columns */
  errors: Check[];
  joins: string[];
}

export interface Check {
  column: string;
  /** SQL of the value shown, over _checked's columns */
  value: string;
  /** SQL of the reason, NULL when the value is fine */
  reason: string;
}

function err(column: string, value: string, reason: string): Check {
  return {column, value, reason};
}

export const NULL_TYPE: Record<string, string> = {int: "double", number: "double", bool: "boolean", date: "date", timestamp: "timestamp"};

/** Typed values and error checks for one column. `runDate` bounds past-only dates. */
function typeColumn(d: Dataset, c: Column, runDate: string, present: boolean): Typed {
  const raw = `r.${ident(c.key)}`;
  const txt = ident(`${c.key}__txt`);
  const name = typedName(c);
  const out: Typed = {cleaned: [], values: [], errors: [], joins: []};
  if (!present) {
    // An optional column absent from the file: typed NULLs, so the SQL below stays the same.
    if (c.type === "band") out.values.push("null::integer as age_lo", "null::integer as age_hi", "null::boolean as age_open");
    else if (c.type === "id_number") out.values.push("null::varchar as id_key", "null::date as id_birth", "null::varchar as id_sex");
    else if (c.type === "person_id") out.values.push("null::varchar as pid_key");
    else out.values.push(`null::${NULL_TYPE[c.type] ?? "varchar"} as ${ident(name)}`);
    out.cleaned.push(`null::varchar as ${txt}`);
    return out;
  }
  const notNull = c.notNull ?? c.required ?? false;
  const missing = notNull ? `when ${txt} is null then '必填值缺失 / required value missing'` : "";
  const range = (v: string) => {
    const parts: string[] = [];
    if (c.min !== undefined) parts.push(`when ${v} < ${c.min} then '小于最小值 ${c.min} / below the minimum ${c.min}'`);
    if (c.max !== undefined) parts.push(`when ${v} > ${c.max} then '大于最大值 ${c.max} / above the maximum ${c.max}'`);
    return parts.join(" ");
  };
  const v = ident(name);
  const past = c.pastOnly ? `when ${v} > ${literal(runDate)}::timestamp then '日期晚于运行日期 / a date in the future'` : "";
  const value = txt;
  switch (c.type) {
    case "text":
      out.cleaned.push(`ao_tok(${raw}) as ${txt}`);
      out.values.push(`${txt} as ${v}`);
      if (missing) out.errors.push(err(c.key, value, `case ${missing} end`));
      break;
    case "int":
    case "number": {
      out.cleaned.push(`ao_tokhw(${raw}) as ${txt}`);
      const n = `ao_num_n(${txt})`;
      // finite numbers only; separators only where they group digits by three; the range checked before any cast
      // (docs/errors.md). A column without bounds of its own is bounded by what staging stores: INTEGER for
      // counts, and ±1e12 for amounts (money is summed as DECIMAL(18, 4) in the marts).
      // (the regular expression only where there is a point: most cells have none)
      const pointGrouped = `(contains(${txt}, '.') and regexp_full_match(${txt}, '[+-]?[0-9]{1,3}(\\.[0-9]{3})+'))`;
      const ok = c.type === "int" ? `(isfinite(${n}) and ao_grouped_n(${txt}) and not ${pointGrouped})` : `(isfinite(${n}) and ao_grouped_n(${txt}))`;
      out.values.push(c.type === "int" ? `case when ${ok} and ${n} = round(${n}) and abs(${n}) < 1e15 then ${n}::bigint end as ${v}` : `case when ${ok} then ${n} end as ${v}`);
      const whole = c.type === "int"
        ? `when ${ok} and ${n} <> round(${n}) then '不是整数 / not a whole number'
           when ${pointGrouped} then '小数点还是千分位？请写成 1000 或 1 / a point used as a thousands separator? (1.000): write 1000, or 1'`
        : "";
      const problems = `when ${n} is not null and not isfinite(${n}) then '不是有限的数 / not a finite number (NaN, Infinity)'
           when ${n} is not null and not ao_grouped_n(${txt}) then '千分位分隔符须每三位一组 / separators must group digits by three (1,000 or 1 000)'`;
      const bounds = c.type === "int" ? {min: -2147483648, max: 2147483647} : {min: -1e12, max: 1e12};
      const limits = [
        c.min === undefined ? `when ${v} < ${bounds.min} then '小于可接受的最小值 ${bounds.min} / below the smallest value accepted, ${bounds.min}'` : "",
        c.max === undefined ? `when ${v} > ${bounds.max} then '大于可接受的最大值 ${bounds.max} / above the largest value accepted, ${bounds.max}'` : ""
      ].join(" ");
      out.errors.push(err(c.key, value, `case ${missing} ${problems} ${whole} when ${txt} is not null and ${v} is null then '不是数字 / not a number' ${range(v)} ${limits} end`));
      break;
    }
    case "bool":
      out.cleaned.push(`ao_tokhw(${raw}) as ${txt}`);
      out.values.push(`ao_bool_n(${txt}) as ${v}`);
      out.errors.push(err(c.key, value, `case ${missing} when ${txt} is not null and ${v} is null then '不是“是/否” / not a yes/no value (是/否, yes/no, true/false, 1/0, Y/N)' end`));
      break;
    case "date":
    case "timestamp": {
      out.cleaned.push(`ao_tokhw(${raw}) as ${txt}`);
      out.values.push(c.type === "date" ? `cast(ao_ts_n(${txt}) as date) as ${v}` : `ao_ts_n(${txt}) as ${v}`);
      const what = c.type === "date" ? "日期 / not a valid date (YYYY-MM-DD)" : "时间 / not a valid time (YYYY-MM-DD HH:MM:SS)";
      out.errors.push(err(c.key, value, `case ${missing} when ${txt} is not null and ${v} is null then '不是有效的${what}' when ${v} < date '1850-01-01' then '日期早于1850年 / a date before 1850' ${past} end`));
      break;
    }
    case "enum": {
      out.cleaned.push(`ao_tokhw(${raw}) as ${txt}`);
      out.values.push(`${enumCase(c, `lower(replace(${txt}, ' ', ''))`)} as ${v}`);
      out.errors.push(err(c.key, value, `case ${missing} when ${txt} is not null and ${v} is null then ${literal(`不是可接受的值 / not one of: ${accepted(c)}`)} end`));
      break;
    }
    case "district":
    case "scope": {
      const alias = `dk_${c.key}`;
      out.cleaned.push(`ao_tok(${raw}) as ${txt}`, `lower(replace(ao_tokhw(${raw}), ' ', '')) as ${ident(`${c.key}__key`)}`);
      out.joins.push(`left join _district_lookup ${alias} on ${alias}.key = c.${ident(`${c.key}__key`)}`);
      const n = ident(`${c.key}__n`);
      const names = ident(`${c.key}__names`);
      out.values.push(`${alias}.n as ${n}`, `case when ${alias}.n > 1 then ${alias}.names end as ${names}`);
      if (c.type === "district") {
        out.values.push(`case when ${alias}.n = 1 then ${alias}.codes[1] end as ${v}`);
        out.errors.push(
          err(c.key, value, `case ${missing} when ${txt} is not null and ${n} is null then '未知的区县 / unknown district'
                when ${n} > 1 then '区县名称有歧义，可能是 / ambiguous district, could be: ' || array_to_string(${names}, ', ') end`)
        );
      } else {
        const city = `c.${ident(`${c.key}__key`)} in ('city', '全市', '市', '全市合计', '市本级')`;
        out.values.push(`${city} as ${ident(`${c.key}__city`)}`, `case when ${city} then 'CITY' when ${alias}.n = 1 then ${alias}.codes[1] end as scope_code`);
        const isCity = ident(`${c.key}__city`);
        out.errors.push(
          err(c.key, value, `case ${missing} when not ${isCity} and ${n} is null then '不是“全市”也不是已知区县 / neither CITY (全市) nor a known district'
                when not ${isCity} and ${n} > 1 then '区县名称有歧义 / ambiguous district: ' || array_to_string(${names}, ', ') end`)
        );
      }
      break;
    }
    case "band":
      out.cleaned.push(`ao_tok(${raw}) as ${txt}`, `ao_band_n(ao_tokhw(${raw})) as age__band`);
      out.values.push("ao_band_lo_n(age__band) as age_lo", "ao_band_hi_n(age__band) as age_hi", "ao_band_open_n(age__band) as age_open");
      out.errors.push(
        err(c.key, value, `case ${missing} when ${txt} is not null and age_lo is null then '无法识别的年龄或年龄组 / not an age or age band (67, 60-64, 85+, 85岁及以上)'
                when age_hi < age_lo then '年龄组上限小于下限 / band ends before it starts'
                when age_lo > 130 then '年龄超出范围 / age out of range' end`)
      );
      break;
    case "id_number":
      out.cleaned.push(`r.${ident(c.key)}`, "r._id_birth", "r._id_sex", "r._id_status", "r._id_masked");
      out.values.push(`${ident(c.key)} as id_key`, "_id_birth as id_birth", "_id_sex as id_sex", "_id_status", "_id_masked");
      out.errors.push(
        err(c.key, "_id_masked", `case when _id_status = 'format' then '不是18位身份证号 / not an 18-character resident ID number'
                when _id_status = 'checksum' then '身份证号校验位错误 / the check digit of the ID number is wrong (GB 11643)'
                when _id_status = 'date' then '身份证号中的出生日期无效 / the birth date in the ID number is not a real date' end`)
      );
      break;
    case "person_id":
      out.cleaned.push(`r.${ident(c.key)}`);
      out.values.push(`${ident(c.key)} as pid_key`);
      break;
    case "person":
      out.cleaned.push(`r.${ident(c.key)}`, "r._person_status", "r._person_masked");
      out.values.push(`${ident(c.key)} as person_key`, "_person_status", "_person_masked");
      out.errors.push(
        err(c.key, "_person_masked", `case when person_key is null then '必填值缺失 / required value missing'
                when _person_status = 'checksum' then '身份证号校验位错误 / the check digit of the ID number is wrong (GB 11643)' end`)
      );
      break;
  }
  return out;
}

/**
 * The reject-level checks of one present column as the text path makes them ({column, value, reason}: SQL over the
 * names of the typed row, e.g. person_key, _person_status, _person_masked for a `person` column), for a path
 * that must report a problem exactly as the text path does (validate/fast.ts).
 */
export function columnChecks(d: Dataset, c: Column, runDate: string): Check[] {
  return typeColumn(d, c, runDate, true).errors;
}

/** The labels of an enum column with the key each maps to, in the order enumCase tests them. */
export function enumLabels(c: Column): {label: string; key: string}[] {
  const out: {label: string; key: string}[] = [];
  for (const [key, labels] of Object.entries(c.labels ?? {})) {
    for (const label of new Set([key, ...labels].map(labelKey))) out.push({label, key});
  }
  return out;
}

export interface CheckSql {
  /**
   * Statements that make temp table _checked: `_line`, the typed values, `_ok` (no reject-level problem in the row)
   * and `_errs` (the rejected row's problems as {column, value as written, reason}; NULL when `_ok`).
   */
  checked: string[];
  /** Rows that break a warning-level rule: (_line, column, value, reason). */
  warnings: string;
}

/**
 * `from` is a relation of `_line`, each present column trimmed, and personal columns as their keyed hash with
 * what the identifier tells (`_id_status`, `_id_birth`, … see load.ts).
 */
export function checkSql(d: Dataset, present: Set<string>, runDate: string, from: string): CheckSql {
  const parts = d.columns.map((c) => typeColumn(d, c, runDate, present.has(c.key)));
  const errors = parts.flatMap((p) => p.errors);
  if (d.oneOf) {
    const given = d.oneOf.filter((k) => present.has(k)).map((k) => (k === "id_number" ? "id_key" : k === "person_id" ? "pid_key" : ident(k)));
    errors.push(
      err(d.oneOf.join("|"), "null", `case when ${given.map((k) => `${k} is null`).join(" and ") || "true"} then ${literal(`${d.oneOf.join(" 或 ")} 至少填一项 / one of ${d.oneOf.join(", ")} is required`)} end`)
    );
  }
  // Rules read typed columns; an absent optional column is a typed NULL there, and every rule lets NULL pass.
  const rules = (level: "reject" | "warning") => (d.rules ?? []).filter((r) => r.level === level);
  const rejectRules = rules("reject").map((r) => err(r.column, r.value, `case when not coalesce(${r.check}, true) then ${literal(r.reason)} end`));
  const allErrors = [...errors, ...rejectRules];
  // Every cell of a contract column is trimmed once (the caller's `from`); personal columns are hashes already.
  // One statement, nested selects: each level reads the columns the level below computed once. (Not CTEs:
  // DuckDB inlines a CTE's expressions wherever its columns are used, which multiplies the normalizers.)
  const blank = [
    ...d.columns.filter((c) => present.has(c.key) && !c.personal).map((c) => ident(`${c.key}__txt`)),
    ...d.columns.filter((c) => present.has(c.key) && c.personal).map((c) => ident(c.key))
  ];
  // Each check's reason is first a column of its own; the list of a row's problems ({column, value as written,
  // reason}) is built for the rejected rows only, and _checked keeps only what comes after: the typed values, the
  // text of the few columns a warning rule or a check across rows reads, and that list. (Every column of a big
  // temp table costs memory per row, NULL or not.)
  const reasons = allErrors.map((e, i) => `${e.reason} as _e${i}`);
  const anyReason = allErrors.length ? `coalesce(${allErrors.map((_, i) => `_e${i}`).join(", ")})` : "null::varchar";
  const errorList = allErrors.length
    ? `list_filter([${allErrors.map((e, i) => `{'column': ${literal(e.column)}, 'value': ${e.value}, 'reason': _e${i}}`).join(", ")}], e -> e.reason is not null)`
    : `[]::struct("column" varchar, "value" varchar, reason varchar)[]`;
  // (what the warning rules and the module's checks across rows read: kept)
  const readLater = JSON.stringify(rules("warning")) + [...(d.checks?.reject ?? []), ...(d.checks?.warn ?? [])].join("\n");
  const dropped = [
    ...d.columns.flatMap((c) => {
      if (c.personal) return present.has(c.key) ? [c.key] : [];
      const names = [`${c.key}__txt`];
      if (present.has(c.key) && (c.type === "district" || c.type === "scope")) names.push(`${c.key}__key`, `${c.key}__n`, `${c.key}__names`);
      if (present.has(c.key) && c.type === "band") names.push("age__band");
      return names.filter((n) => !readLater.includes(n));
    }),
    ...(present.has("id_number") ? ["_id_status", "_id_masked"] : []),
    ...(present.has("person") ? ["_person_status", "_person_masked"] : []),
    ...allErrors.map((_, i) => `_e${i}`)
  ];
  const checked = [
    `create or replace temp table _checked as
  select *${dropped.length ? ` exclude (${dropped.map(ident).join(", ")})` : ""},
    ${anyReason} is null as _ok,
    case when ${anyReason} is not null then ${errorList} end as _errs
  from (
    select *${reasons.length ? ", " + reasons.join(",\n      ") : ""}
    from (
      select c.*, ${parts.flatMap((p) => p.values).join(",\n        ")},
        -- a row with no value at all (e.g. ",,,," left by a spreadsheet, or only "-") is not a record
        ${blank.length ? `coalesce(${blank.map((b) => `c.${b}`).join(", ")}) is null` : "false"} as _blank
      from (
        select r._line, ${parts.flatMap((p) => p.cleaned).join(",\n          ") || "1 as _none"}
        from (${from}) r
      ) c
      ${parts.flatMap((p) => p.joins).join("\n      ")}
    )
  )`,
    "delete from _checked where _blank"
  ];
  const warningRules = rules("warning");
  const warnings = warningRules.length
    ? warningRules
        .map((r) => `select _line, ${literal(r.column)} as column_name, ${r.value} as value, ${literal(r.reason)} as reason from _clean where not coalesce(${r.check}, true)`)
        .join("\nunion all\n")
    : "select null::integer as _line, null::varchar as column_name, null::varchar as value, null::varchar as reason where false";
  return {checked, warnings};
}
