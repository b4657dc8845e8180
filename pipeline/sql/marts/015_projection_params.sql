-- The projection's parameters, read once from meta.params, with their defaults.
create or replace table marts.projection_params as
with source as (
  select key, try_cast(trim(value) as integer) as value
  from meta.params
  where key in ('projection_horizon', 'projection_step_years')
),
final as (
  select
    coalesce((select max(value) from source where key = 'projection_horizon'), 2035) as horizon_year,
    -- n must be a whole number of 5-year bands: the cohorts move n / 5 bands per step
    coalesce((select greatest(5, max(value) // 5 * 5) from source where key = 'projection_step_years'), 5) as step_years
)
select horizon_year::integer as horizon_year, step_years::integer as step_years from final
