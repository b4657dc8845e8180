// Labels of datasets, columns and enum values, as the input contract names them (marts.labels, loaded by
// data/labels.arrow.ts): the pages pass them to components, which keep no copy of their own.
//
// API
//   contractLabels(rows) → {dataset(name, lang), column(dataset, column, lang), value(dataset, column, key, lang),
//                           values(dataset, column) → {key: {zh, en}} for label() in ./i18n.js}
//   An unknown name or key comes back as itself.
import {pick} from "./i18n.js";

export function contractLabels(rows = []) {
  const byKey = new Map(rows.map((r) => [`${r.kind}|${r.dataset}|${r.column ?? ""}|${r.value ?? ""}`, {zh: r.zh, en: r.en}]));
  const get = (kind, dataset, column, value, lang, fallback) => {
    const entry = byKey.get(`${kind}|${dataset}|${column ?? ""}|${value ?? ""}`);
    return entry ? pick(lang, entry) : String(fallback ?? "");
  };
  return {
    dataset: (name, lang) => get("dataset", name, null, null, lang, name),
    column: (dataset, column, lang) => get("column", dataset, column, null, lang, column),
    value: (dataset, column, key, lang) => get("value", dataset, column, key, lang, key),
    values: (dataset, column) =>
      Object.fromEntries(rows.filter((r) => r.kind === "value" && r.dataset === dataset && r.column === column).map((r) => [r.value, {zh: r.zh, en: r.en}]))
  };
}
