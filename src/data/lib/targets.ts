// One source for the targets pages show: the city's target in force at the as-of year (marts.targets_in_force: the
// targets file's row, else the national default in the registry). The registry's own target is only that default:
// showing it beside the dashboards' target in force gave two numbers for one thing (35 on the methods page, 36 on
// the dashboards, where the city's plan sets 36 from 2025).

/** A query over marts.indicator_registry with its target columns replaced by the city's target in force at the as-of year. */
export function registryWithTargetInForce(select: string, order = "order by sort_order"): string {
  return `
  with
  as_of_year as (
      select cast(year(cast(value as date)) as integer) as year from meta.params where key = 'as_of'
  ),
  in_force as (
      select t.indicator, t.target, t.direction, t.source, t.basis
      from marts.targets_in_force as t
      where t.area_code = 'CITY' and t.year = (select year from as_of_year)
  ),
  -- the first year of the run of years in which the same target has been in force
  since as (
      select t.indicator, min(t.year) as from_year
      from marts.targets_in_force as t
      join in_force as f on f.indicator = t.indicator and f.target = t.target and f.source = t.source
      where t.area_code = 'CITY' and t.year <= (select year from as_of_year)
      group by t.indicator
  ),
  registry as (
      select
          r.* replace (
              f.target as target_value,
              f.direction as target_direction,
              s.from_year::integer as target_from_year,
              case when f.source = 'default' then r.target_basis_zh else f.basis end as target_basis_zh,
              case when f.source = 'default' then r.target_basis_en else f.basis end as target_basis_en
          ),
          f.source as target_source
      from marts.indicator_registry as r
      left join in_force as f on f.indicator = r.code
      left join since as s on s.indicator = r.code
  )
  ${select}
  from registry
  ${order}`;
}
