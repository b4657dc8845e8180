-- Population by year, district, sex and age band: observed rows, then projected rows for every year after the
-- district's last observed year up to the horizon, from the projection controlled to the city (065). v2: years
-- between projection steps are interpolated linearly per band, P(y) = P(s) + (P(s + n) − P(s)) · (y − s) / n, so that
-- every total (any sum of bands: all ages, 60+, a district, the city) moves in a straight line between its step
-- values and no year's total lies outside the totals of the two steps around it (geometric interpolation per band
-- made totals dip after a step). The city's rows are not here: the indicator marts add up the districts, which the
-- control makes equal to the city's own projection.
-- The indicator marts (100+) read this table: keep its columns.
create or replace table marts.population as
with observed as (
  select year, district_code, sex, age_lo, age_hi, population, false as projected
  from marts.population_observed
),
forecasts as (
  select district_code, base_year, step_years, last_observed_year, target_year as horizon_year
  from marts.projection_bases
  where purpose = 'forecast' and status = 'ok' and steps > 0 and district_code <> 'CITY'
),
years as (
  select district_code, base_year, step_years, unnest(range(last_observed_year + 1, horizon_year + 1)) as year
  from forecasts
),
positions as (
  select
    district_code,
    year,
    (year - base_year) // step_years as step,
    ((year - base_year) % step_years)::double / step_years as weight
  from years
),
steps as (
  select district_code, sex, step, band, age_lo, age_hi, population
  from marts.projection_controlled
  where purpose = 'forecast' and district_code <> 'CITY'
),
projected as (
  select
    p.year,
    p.district_code,
    a.sex,
    a.age_lo,
    a.age_hi,
    case
      when p.weight = 0 then a.population
      else a.population + (b.population - a.population) * p.weight
    end as population,
    true as projected
  from positions as p
  join steps as a on a.district_code = p.district_code and a.step = p.step
  left join steps as b
    on b.district_code = p.district_code and b.step = p.step + 1 and b.sex = a.sex and b.band = a.band
),
final as (
  select * from observed
  union all
  select * from projected
)
select
  year::integer as year,
  district_code::varchar as district_code,
  sex::varchar as sex,
  age_lo::integer as age_lo,
  age_hi::integer as age_hi,
  population::double as population,
  projected::boolean as projected
from final
order by year, district_code, sex, age_lo
