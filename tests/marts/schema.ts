// The marts' schema tests in the style of dbt: for each mart its grain (`unique`: no two rows share these columns)
// and the columns that are never NULL (`not_null`). Each test is a query that returns the failing rows.
import {ident} from "../../pipeline/db.ts";

export interface MartSchema {
  unique: string[];
  notNull: string[];
}

export const MART_SCHEMA: Record<string, MartSchema> = {
  areas: {unique: ["area_code"], notNull: ["area_code", "name_zh", "name_en", "kind", "is_city", "sort_order"]},
  district_scorecard: {unique: ["area_code", "year"], notNull: ["area_code", "year", "indicators_scored"]},
  district_scorecard_items: {unique: ["area_code", "year", "indicator"], notNull: ["area_code", "year", "indicator", "weight"]},
  facilities_by_type: {unique: ["year", "area_code", "type"], notNull: ["year", "area_code", "type", "facilities", "beds"]},
  findings: {unique: ["indicator"], notNull: ["indicator", "year", "districts", "districts_met", "districts_not_met"]},
  facility_points: {unique: ["year", "facility_id"], notNull: ["year", "facility_id", "name", "type", "district_code", "beds", "is_latest"]},
  indicator_registry: {unique: ["code"], notNull: ["code", "sort_order", "indicator_group", "name_zh", "name_en", "unit_zh", "unit_en", "decimals", "direction", "scored", "record_level", "page"]},
  indicator_values: {unique: ["indicator", "area_code", "year"], notNull: ["indicator", "area_code", "year", "projected"]},
  indicator_values_public: {unique: ["indicator", "area_code", "year"], notNull: ["indicator", "area_code", "year", "projected", "suppressed"]},
  labels: {unique: ["kind", "dataset", "column", "value"], notNull: ["kind", "dataset", "zh", "en"]},
  orders_channel_yearly_public: {unique: ["year", "channel"], notNull: ["year", "channel", "orders_published"]},
  orders_monthly: {unique: ["month", "area_code", "service", "channel"], notNull: ["month", "year", "area_code", "orders"]},
  orders_monthly_public: {unique: ["month", "area_code", "service", "channel"], notNull: ["month", "year", "area_code", "suppressed"]},
  orders_service_monthly_public: {unique: ["month", "service"], notNull: ["month", "year", "service", "orders_published", "suppressed_cells", "cells"]},
  orders_service_yearly_public: {unique: ["year", "service"], notNull: ["year", "service", "orders_published", "suppressed_cells"]},
  outlier_rules: {unique: ["rule"], notNull: ["rule", "threshold", "description_zh", "description_en"]},
  population: {unique: ["year", "district_code", "sex", "age_lo", "age_hi"], notNull: ["year", "district_code", "sex", "age_lo", "population", "projected"]},
  population_observed: {unique: ["year", "district_code", "sex", "age_lo", "age_hi"], notNull: ["year", "district_code", "sex", "age_lo", "population"]},
  population_pyramid: {unique: ["year", "area_code", "sex", "age_lo"], notNull: ["year", "area_code", "sex", "age_lo", "age_band", "population", "projected"]},
  population_summary: {unique: ["year", "area_code"], notNull: ["year", "area_code", "pop_total", "projected"]},
  projection_base_bands: {unique: ["purpose", "district_code", "sex", "year", "band"], notNull: ["purpose", "district_code", "sex", "year", "band", "population"]},
  projection_bases: {unique: ["purpose", "district_code"], notNull: ["purpose", "district_code", "status"]},
  projection_params: {unique: ["horizon_year"], notNull: ["horizon_year", "step_years"]},
  projection_ratios: {unique: ["purpose", "district_code", "sex", "band", "ratio_kind"], notNull: ["purpose", "district_code", "sex", "band", "ratio_kind"]},
  projection_steps: {unique: ["purpose", "district_code", "sex", "step", "band"], notNull: ["purpose", "district_code", "sex", "step", "year", "band", "population"]},
  projection_backtest: {unique: ["district_code", "base_years", "target_year", "indicator"], notNull: ["district_code", "base_years", "target_year", "indicator"]},
  provider_supervision: {unique: ["year", "facility_id"], notNull: ["year", "facility_id", "district_code", "flag_count"]},
  score_tiers: {unique: ["tier"], notNull: ["tier", "min_score", "label_zh", "label_en"]},
  special_visits_monthly: {unique: ["month", "area_code"], notNull: ["month", "year", "area_code"]},
  special_visits_monthly_public: {unique: ["month", "area_code"], notNull: ["month", "year", "area_code", "suppressed"]},
  targets_in_force: {unique: ["indicator", "area_code", "year"], notNull: ["indicator", "area_code", "year", "target", "direction", "source"]},
  task_status: {unique: ["task_id"], notNull: ["task_id", "year", "title", "lead_unit", "status"]}
};

/** dbt `unique`: the combinations of `columns` that more than one row of `table` shares (with how many). */
export function uniqueSql(table: string, columns: string[]): string {
  const cols = columns.map(ident).join(", ");
  return `select ${cols}, count(*)::integer as n_rows from ${table} group by ${cols} having count(*) > 1 order by all limit 20`;
}

/** dbt `not_null`: the rows of `table` where `column` is NULL. */
export function notNullSql(table: string, column: string): string {
  return `select * from ${table} where ${ident(column)} is null limit 20`;
}
