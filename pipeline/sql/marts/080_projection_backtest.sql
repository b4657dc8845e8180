-- Backtest: the latest observed year L projected one step from (L − 2n, L − n) and compared with what was observed,
-- per district and for the city (the sum of the districts that have a backtest). ape = |projected − observed| / observed × 100.
create or replace table marts.projection_backtest as
with bases as (
  select district_code, format('{},{}', year_from, base_year) as base_years, target_year
  from marts.projection_bases
  where purpose = 'backtest' and status = 'ok'
),
projected as (
  select
    district_code,
    sum(population) as pop_total,
    sum(population) filter (where age_lo >= 60) as pop_60p,
    sum(population) filter (where age_lo >= 65) as pop_65p
  from marts.projection_steps
  where purpose = 'backtest' and step = 1
  group by district_code
),
observed as (
  select
    o.district_code,
    sum(o.population) as pop_total,
    sum(o.population) filter (where o.age_lo >= 60) as pop_60p,
    sum(o.population) filter (where o.age_lo >= 65) as pop_65p
  from marts.population_observed as o
  join bases as b on b.district_code = o.district_code and b.target_year = o.year
  group by o.district_code
),
districts as (
  select
    b.district_code, b.base_years, b.target_year,
    o.pop_total as observed_total, o.pop_60p as observed_60p, o.pop_65p as observed_65p,
    p.pop_total as projected_total, p.pop_60p as projected_60p, p.pop_65p as projected_65p
  from bases as b
  join observed as o using (district_code)
  join projected as p using (district_code)
),
city as (
  -- the city's own totals, never an average of district errors
  select
    'CITY' as district_code, base_years, target_year,
    sum(observed_total), sum(observed_60p), sum(observed_65p),
    sum(projected_total), sum(projected_60p), sum(projected_65p)
  from districts
  group by base_years, target_year
),
areas as (
  select * from districts
  union all
  select * from city
),
indicators as (
  select district_code, base_years, target_year, 'pop_60p' as indicator,
    coalesce(observed_60p, 0) as observed, coalesce(projected_60p, 0) as projected
  from areas
  union all
  select district_code, base_years, target_year, 'share_65p' as indicator,
    coalesce(observed_65p, 0) / nullif(observed_total, 0) * 100,
    coalesce(projected_65p, 0) / nullif(projected_total, 0) * 100
  from areas
)
select
  district_code::varchar as district_code,
  base_years::varchar as base_years,
  target_year::integer as target_year,
  indicator::varchar as indicator,
  observed::double as observed,
  projected::double as projected,
  (abs(projected - observed) / nullif(observed, 0) * 100)::double as ape
from indicators
order by district_code = 'CITY', district_code, indicator
