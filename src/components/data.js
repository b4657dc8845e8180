// Helpers the pages share to read loader output: Arrow tables to plain rows, indicator look-ups, code labels.
//
// API
//   toRows(table) → plain objects; Arrow Date/Timestamp columns become Date objects
//   indicatorIndex(rows) → {get(code, area, year), series(code, area), latestYear(code, area = "CITY"),
//                          districts(code, year), years(code), horizon(code, area = "CITY")}
//                          rows: marts.indicator_values_public rows; latestYear ignores projected and
//                          all-null years; districts() leaves out CITY
//   indicatorCodes(rows) → the Set of indicator codes a page's indicator file holds (rows.codes, from the file's
//                          metadata: src/data/indicators/[page].arrow.ts), or undefined for other rows
//   checkIndicator(rows, code) → logs an error (once per code) when rows are a page's indicator file that does not
//                          hold `code` (add it to the page's entry in page-indicators.js); indicatorIndex, kpi.js call it
//   STAGE_LABELS, TASK_STATUS_ORDER (dataset and enum labels come from the contract: ./labels.js)
// Labels and strings in the page's language: ./i18n.js.

export function toRows(table) {
  if (!table) return [];
  const dateFields = new Set(
    (table.schema?.fields ?? []).filter((f) => /^(Date|Timestamp)/.test(String(f.type))).map((f) => f.name)
  );
  const rows = Array.from(table, (row) => {
    const object = typeof row?.toJSON === "function" ? row.toJSON() : {...row};
    for (const name of dateFields) {
      const v = object[name];
      if (v != null && !(v instanceof Date)) object[name] = new Date(Number(v));
    }
    return object;
  });
  // a page's indicator file names the indicators it holds (not enumerable: the rows stay a plain array)
  const codes = table.schema?.metadata?.get?.("codes");
  if (codes != null) Object.defineProperty(rows, "codes", {value: new Set(JSON.parse(codes))});
  return rows;
}

export function indicatorCodes(rows) {
  return rows?.codes instanceof Set ? rows.codes : undefined;
}

const reported = new Set();
export function checkIndicator(rows, code) {
  const codes = indicatorCodes(rows);
  if (!codes || codes.has(code) || reported.has(code)) return;
  reported.add(code);
  console.error(`indicator ${code} is not in this page's indicator file: add it to the page's entry in src/components/page-indicators.js`);
}

export function indicatorIndex(rows) {
  const key = (code, area, year) => `${code}|${area}|${year}`;
  const byKey = new Map();
  const byCode = new Map();
  for (const r of rows) {
    byKey.set(key(r.indicator, r.area_code, r.year), r);
    if (!byCode.has(r.indicator)) byCode.set(r.indicator, []);
    byCode.get(r.indicator).push(r);
  }
  const all = (code) => {
    checkIndicator(rows, code);
    return byCode.get(code) ?? [];
  };
  return {
    get: (code, area, year) => byKey.get(key(code, area, year)),
    series: (code, area = "CITY") => all(code).filter((r) => r.area_code === area).sort((a, b) => a.year - b.year),
    all,
    latestYear(code, area = "CITY") {
      const years = all(code)
        .filter((r) => r.area_code === area && !r.projected && (r.value != null || r.suppressed))
        .map((r) => r.year);
      return years.length ? Math.max(...years) : undefined;
    },
    horizon(code, area = "CITY") {
      const years = all(code).filter((r) => r.area_code === area).map((r) => r.year);
      return years.length ? Math.max(...years) : undefined;
    },
    years(code, {projected = false} = {}) {
      return [...new Set(all(code).filter((r) => projected || !r.projected).map((r) => r.year))].sort((a, b) => a - b);
    },
    districts: (code, year) => all(code).filter((r) => r.area_code !== "CITY" && r.year === year)
  };
}

export const STAGE_LABELS = {
  0: {zh: "未老龄化（65+ <7%）", en: "Not aging (65+ <7%)"},
  1: {zh: "老龄化社会（≥7%）", en: "Aging (≥7%)"},
  2: {zh: "深度老龄化（≥14%）", en: "Aged (≥14%)"},
  3: {zh: "超级老龄化（≥21%）", en: "Super-aged (≥21%)"}
};

export const TASK_STATUS_ORDER = ["done", "on_track", "at_risk", "behind", "overdue"];

