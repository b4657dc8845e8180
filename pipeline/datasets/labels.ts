// Labels of datasets, columns and enum values for the site, from the input contract (contract.ts): the Chinese
// label is the contract's own (a dataset's `zh`, a column's first header, an enum value's first label), the
// English one comes from the dictionary below. buildMarts writes them to work.contract_labels and
// sql/marts/310_labels.sql publishes them as marts.labels, which the site reads (src/data/labels.arrow.ts).
import {literal, type Db} from "../db.ts";
import {DATASETS} from "./contract.ts";

export interface LabelRow {
  kind: "dataset" | "column" | "value";
  dataset: string;
  /** null for a dataset's own label */
  column: string | null;
  /** the enum key; null unless kind = "value" */
  value: string | null;
  zh: string;
  en: string;
  sort_order: number;
}

/**
 * English labels: datasets by name, enum values by "dataset.column" then key. A column's English label is
 * its key (the English header the contract accepts). A new dataset or enum value needs an entry here
 * (tests/marts/labels.test.ts fails until it has one); a language is added as another dictionary.
 */
export const EN = {
  datasets: {
    districts: "Districts",
    population: "Population",
    facilities: "Facilities",
    elders: "Elders",
    service_orders: "Service orders",
    targets: "Targets",
    tasks: "Annual tasks",
    task_progress: "Task progress"
  } as Record<string, string>,
  values: {
    "districts.kind": {district: "District", county: "County", county_city: "County-level city", zone: "Development zone"},
    "population.sex": {male: "Male", female: "Female", total: "Total"},
    "facilities.type": {institution: "Care institution", community: "Community care centre", station: "Service station", canteen: "Canteen"},
    "facilities.ownership": {public: "Public", public_private: "Publicly built, privately run", private: "Private"},
    "elders.sex": {male: "Male", female: "Female"},
    "elders.ability_level": {"0": "Fully able", "1": "Mildly disabled", "2": "Moderately disabled", "3": "Severely disabled", "4": "Fully disabled"},
    "elders.living": {alone: "Living alone", empty_nest: "Empty nest", with_family: "With children", institution: "In an institution"},
    "elders.special": {extreme_poverty: "Extreme poverty", subsistence: "Subsistence allowance", low_income: "Low income", bereaved_parents: "Bereaved one-child parents", none: "None"},
    "service_orders.service": {meal: "Meals", cleaning: "Cleaning", bathing: "Bathing", medical: "Medical", emergency: "Emergency", mobility: "Mobility", visit: "Visits", day_care: "Day care", rehab: "Rehabilitation", other: "Other"},
    "service_orders.channel": {app: "App", phone: "Phone", smart_device: "Smart device", onsite: "On site"},
    "service_orders.status": {completed: "Completed", cancelled: "Cancelled", pending: "Pending"},
    "targets.direction": {at_least: "At least", at_most: "At most"}
  } as Record<string, Record<string, string>>
};

/** Files the pipeline loads besides the contract's datasets (district boundaries, GeoJSON). */
const EXTRA_DATASETS: LabelRow[] = [{kind: "dataset", dataset: "district_shapes", column: null, value: null, zh: "区县边界", en: "District shapes", sort_order: 0}];

/** Every label row, in contract order; throws when the English dictionary lacks a dataset or an enum value. */
export function contractLabels(): LabelRow[] {
  const rows: LabelRow[] = [];
  const missing: string[] = [];
  const en = (text: string | undefined, what: string) => {
    if (text === undefined) missing.push(what);
    return text ?? "";
  };
  for (const d of DATASETS) {
    rows.push({kind: "dataset", dataset: d.name, column: null, value: null, zh: d.zh, en: en(EN.datasets[d.name], `dataset ${d.name}`), sort_order: rows.length});
    for (const c of d.columns) {
      rows.push({kind: "column", dataset: d.name, column: c.key, value: null, zh: c.zh[0]!, en: c.key, sort_order: rows.length});
      for (const [key, labels] of Object.entries(c.labels ?? {})) {
        const zh = labels[0] ?? key;
        rows.push({kind: "value", dataset: d.name, column: c.key, value: key, zh, en: en(EN.values[`${d.name}.${c.key}`]?.[key], `${d.name}.${c.key} = ${key}`), sort_order: rows.length});
      }
    }
  }
  if (missing.length) throw new Error(`pipeline/datasets/labels.ts: no English label for ${missing.join(", ")}`);
  return [...rows, ...EXTRA_DATASETS.map((r, i) => ({...r, sort_order: rows.length + i}))];
}

/** The labels as work.contract_labels, for sql/marts/310_labels.sql. */
export async function writeContractLabels(db: Db): Promise<void> {
  const text = (v: string | null) => (v == null ? "null" : literal(v));
  const values = contractLabels().map((r) => `(${[literal(r.kind), literal(r.dataset), text(r.column), text(r.value), literal(r.zh), literal(r.en), r.sort_order].join(", ")})`);
  await db.run(`
    create or replace table work.contract_labels (kind varchar, dataset varchar, "column" varchar, value varchar, zh varchar, en varchar, sort_order integer);
    insert into work.contract_labels values ${values.join(",\n")};`);
}
