// Helpers the pages share to read loader output: Arrow tables to plain rows, indicator look-ups, code labels.
//
// API
//   toRows(table) → plain objects; Arrow Date/Timestamp columns become Date objects
//   indicatorIndex(rows) → {get(code, area, year), series(code, area), latestYear(code, area = "CITY"),
//                          districts(code, year), years(code), horizon(code, area = "CITY")}
//                          rows: marts.indicator_values_public rows; latestYear ignores projected and
//                          all-null years; districts() leaves out CITY
//   SERVICE_LABELS, CHANNEL_LABELS, FACILITY_TYPE_LABELS, STAGE_LABELS, SEX_LABELS, TASK_STATUS_ORDER
// Labels and strings in the page's language: ./i18n.js.

export function toRows(table) {
  if (!table) return [];
  const dateFields = new Set(
    (table.schema?.fields ?? []).filter((f) => /^(Date|Timestamp)/.test(String(f.type))).map((f) => f.name)
  );
  return Array.from(table, (row) => {
    const object = typeof row?.toJSON === "function" ? row.toJSON() : {...row};
    for (const name of dateFields) {
      const v = object[name];
      if (v != null && !(v instanceof Date)) object[name] = new Date(Number(v));
    }
    return object;
  });
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
  const all = (code) => byCode.get(code) ?? [];
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

export const SERVICE_LABELS = {
  meal: {zh: "助餐", en: "Meals"},
  cleaning: {zh: "助洁", en: "Cleaning"},
  bathing: {zh: "助浴", en: "Bathing"},
  medical: {zh: "助医", en: "Medical"},
  emergency: {zh: "助急", en: "Emergency"},
  mobility: {zh: "助行", en: "Mobility"},
  visit: {zh: "探访", en: "Visits"},
  day_care: {zh: "日间照料", en: "Day care"},
  rehab: {zh: "康复护理", en: "Rehabilitation"},
  other: {zh: "其他", en: "Other"}
};

export const CHANNEL_LABELS = {
  app: {zh: "线上（APP/小程序）", en: "App"},
  smart_device: {zh: "智能设备", en: "Smart device"},
  phone: {zh: "电话", en: "Phone"},
  onsite: {zh: "线下现场", en: "On site"}
};

export const FACILITY_TYPE_LABELS = {
  institution: {zh: "养老机构", en: "Care institution"},
  community: {zh: "社区养老服务机构", en: "Community care centre"},
  station: {zh: "养老服务站点", en: "Service station"},
  canteen: {zh: "助餐点", en: "Canteen"}
};

export const STAGE_LABELS = {
  0: {zh: "未老龄化（65+ <7%）", en: "Not aging (65+ <7%)"},
  1: {zh: "老龄化社会（≥7%）", en: "Aging (≥7%)"},
  2: {zh: "深度老龄化（≥14%）", en: "Aged (≥14%)"},
  3: {zh: "超级老龄化（≥21%）", en: "Super-aged (≥21%)"}
};

export const SEX_LABELS = {male: {zh: "男", en: "Male"}, female: {zh: "女", en: "Female"}};

export const TASK_STATUS_ORDER = ["done", "on_track", "at_risk", "behind", "overdue"];

