-- v2: the district projections controlled to the city's own projection (Tayman & Swanson's controlling): at every
-- step of every run (the forecast and each backtest), each district's band (by sex where the city has sexes) is
-- multiplied by factor = city band / Σ district bands, so the districts sum to the city. A district band at or above
-- the city's open age goes with the city's open band. The city is controlled only where it and every district have
-- a usable projection from the same base years (marts.projection_bases.status 'ok'); otherwise the districts keep
-- their own projections (factor 1) and the city is their sum, and `controlled` says so.
create or replace table marts.projection_controlled as
with
bases as (
  select purpose, district_code, year_from, base_year, steps, sex_mode, open_age, status
  from marts.projection_bases
),
city as (
  select * from bases where district_code = 'CITY'
),
controllable as (
  -- every district projected from the city's base years with as many steps, and the city itself usable
  select c.purpose, c.sex_mode, c.open_age // 5 as city_open_band
  from city as c
  where c.status = 'ok'
    and not exists (
      select 1 from bases as d
      where d.purpose = c.purpose and d.district_code <> 'CITY'
        and (d.status <> 'ok' or d.year_from <> c.year_from or d.base_year <> c.base_year or d.steps <> c.steps)
    )
    and exists (select 1 from bases as d where d.purpose = c.purpose and d.district_code <> 'CITY')
),
districts as (
  select
    s.*,
    c.purpose is not null as controlled,
    least(s.band, c.city_open_band) as city_band,
    case when c.sex_mode = 'sex' then s.sex else 'total' end as city_sex
  from marts.projection_steps as s
  left join controllable as c using (purpose)
  where s.district_code <> 'CITY'
),
district_sums as (
  select purpose, step, city_sex, city_band, sum(population) as population
  from districts
  where controlled
  group by all
),
factors as (
  select
    s.purpose, s.step, s.city_sex, s.city_band,
    -- an empty district band cannot take a share of a city band: factor 1 (the city is then not fully met)
    coalesce(c.population / nullif(s.population, 0), 1) as factor
  from district_sums as s
  join marts.projection_steps as c
    on c.district_code = 'CITY' and c.purpose = s.purpose and c.step = s.step and c.sex = s.city_sex and c.band = s.city_band
),
raked as (
  select
    d.purpose, d.district_code, d.sex, d.step, d.year, d.band, d.age_lo, d.age_hi,
    d.population as population_uncontrolled,
    coalesce(f.factor, 1) as factor,
    d.population * coalesce(f.factor, 1) as population,
    d.controlled
  from districts as d
  left join factors as f using (purpose, step, city_sex, city_band)
),
city_rows as (
  -- the city's own projection where controlled, else the sum of its districts
  select purpose, 'CITY' as district_code, sex, step, year, band, age_lo, age_hi,
    population as population_uncontrolled, 1.0 as factor, population, true as controlled
  from marts.projection_steps
  where district_code = 'CITY' and purpose in (select purpose from controllable)
  union all
  select purpose, 'CITY', sex, step, year, band, age_lo, age_hi,
    sum(population), 1.0, sum(population), false
  from raked
  where not controlled
  group by purpose, sex, step, year, band, age_lo, age_hi
)
select
  purpose::varchar as purpose,
  district_code::varchar as district_code,
  sex::varchar as sex,
  step::integer as step,
  year::integer as year,
  band::integer as band,
  age_lo::integer as age_lo,
  age_hi::integer as age_hi,
  population_uncontrolled::double as population_uncontrolled,
  factor::double as factor,
  population::double as population,
  controlled::boolean as controlled
from (select * from raked union all select * from city_rows)
order by purpose, district_code = 'CITY', district_code, sex, step, band
