// What the meeting deck shows, read from the warehouse's published tables only: marts.indicator_values_public
// (every figure: suppressed cells arrive as null and stay hidden), marts.task_status (the task ledger the site
// publishes), and the reference tables marts.areas, marts.indicator_registry, marts.score_tiers, meta.params and
// staging.district_shapes (boundaries). No record-level table is read.
import type {Db} from "../db.ts";

export interface Area {
  area_code: string;
  name_zh: string;
  name_en: string;
  is_city: boolean;
  sort_order: number;
}

export interface Indicator {
  code: string;
  name_zh: string;
  name_en: string;
  unit_zh: string;
  unit_en: string;
  decimals: number;
  target_value: number | null;
}

export interface Cell {
  indicator: string;
  area_code: string;
  year: number;
  value: number | null;
  target: number | null;
  status: string | null;
  projected: boolean;
  suppressed: boolean;
  /** The projection's prediction interval (v2), null for observed values. */
  pi_lower?: number | null;
  pi_upper?: number | null;
}

export interface Task {
  task_id: string;
  year: number;
  title: string;
  lead_unit: string;
  district_code: string | null;
  unit: string | null;
  target: number | null;
  due: string;
  progress_pct: number | null;
  expected_pct: number | null;
  status: string;
}

export interface Tier {
  tier: string;
  min_score: number;
  label_zh: string;
  label_en: string;
}

/** A year of flow data and how much of it the data cover (marts.periods, v2): period 'ytd' is a partial year. */
export interface Period {
  year: number;
  period: string;
  months: number;
}

export interface DeckData {
  asOf: string;
  /** A census start (init-city --census): the population is the 2010 and 2020 census, and the slides say so. */
  censusStart?: boolean;
  periods: Period[];
  demo: boolean;
  horizon: number | null;
  areas: Area[];
  registry: Map<string, Indicator>;
  cells: Cell[];
  tasks: Task[];
  tiers: Tier[];
  /** GeoJSON geometry per district code (districts without a boundary are absent). */
  shapes: Map<string, GeoJSON.Geometry>;
}

/** The indicators the deck shows. */
export const DECK_INDICATORS = [
  "share_60p", "share_65p", "pop_60p", "pop_total",
  "beds_per_1000_60p", "bed_gap", "nursing_bed_share",
  "orders_per_1000_60p", "completion_rate", "special_visit_rate", "avg_rating",
  "informatization_index", "facility_platform_rate", "platform_registration_rate",
  "district_score"
] as const;

async function tableExists(db: Db, schema: string, table: string): Promise<boolean> {
  const row = await db.one<{n: number}>(`select count(*)::integer as n from information_schema.tables where table_schema = ? and table_name = ?`, [schema, table]);
  return (row?.n ?? 0) > 0;
}

const isoDate = (v: unknown): string => (v == null ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function readDeckData(db: Db): Promise<DeckData> {
  const params = await db.all<{key: string; value: string}>(`select key, value from meta.params`);
  const param = (key: string) => params.find((p) => p.key === key)?.value ?? null;
  const areas = await db.all<Area>(`select area_code, name_zh, name_en, is_city, sort_order from marts.areas order by sort_order, area_code`);
  const registry = new Map(
    (await db.all<Indicator>(`select code, name_zh, name_en, unit_zh, unit_en, decimals, target_value from marts.indicator_registry`)).map((r) => [r.code, r])
  );
  const list = DECK_INDICATORS.map((c) => `'${c}'`).join(", ");
  const cells = await db.all<Cell>(`
    select indicator, area_code, year, value, target, status, projected, suppressed, pi_lower, pi_upper
    from marts.indicator_values_public
    where indicator in (${list})
    order by indicator, area_code, year, projected`);
  const tasks = (await tableExists(db, "marts", "task_status"))
    ? (await db.all<Task & {due: unknown}>(`
        select task_id, year, title, lead_unit, district_code, unit, target, due, progress_pct, expected_pct, status
        from marts.task_status order by year, task_id`)).map((t) => ({...t, due: isoDate(t.due)}))
    : [];
  const tiers = (await tableExists(db, "marts", "score_tiers"))
    ? await db.all<Tier>(`select tier, min_score, label_zh, label_en from marts.score_tiers order by min_score desc`)
    : [];
  const shapes = new Map<string, GeoJSON.Geometry>();
  if (await tableExists(db, "staging", "district_shapes")) {
    for (const row of await db.all<{code: string; geometry: string}>(`select code, geometry from staging.district_shapes where geometry is not null order by code`)) {
      try {
        shapes.set(row.code, JSON.parse(row.geometry));
      } catch {
        // a boundary that does not parse is left off the map (the loader validated them)
      }
    }
  }
  const periods = (await tableExists(db, "marts", "periods"))
    ? await db.all<Period>(`select year, period, months from marts.periods order by year`)
    : [];
  const horizon = param("projection_horizon");
  return {
    asOf: param("as_of") ?? "",
    periods,
    demo: param("demo") === "true",
    censusStart: param("census_start") === "true",
    horizon: horizon ? Number(horizon) : null,
    areas,
    registry,
    cells,
    tasks,
    tiers,
    shapes
  };
}
