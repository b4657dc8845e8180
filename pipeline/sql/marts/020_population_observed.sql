-- Observed population, one breakdown per (year, district): male and female rows where both exist, else total rows.
create or replace table marts.population_observed as
with source as (
  select year, district_code, sex, age_lo, age_hi, population
  from staging.population
),
breakdowns as (
  select
    year,
    district_code,
    bool_or(sex = 'male') and bool_or(sex = 'female') as has_sexes
  from source
  group by year, district_code
),
final as (
  select
    s.year::integer as year,
    s.district_code::varchar as district_code,
    s.sex::varchar as sex,
    s.age_lo::integer as age_lo,
    s.age_hi::integer as age_hi,
    s.population::double as population
  from source as s
  join breakdowns as b using (year, district_code)
  -- the contract: total rows beside male and female rows are only a check (the loader warns on a mismatch), never added
  where (b.has_sexes and s.sex in ('male', 'female'))
     or (not b.has_sexes and s.sex = 'total')
)
select * from final
order by year, district_code, sex, age_lo
;

-- v2: what is projected: every district, and the city from its own totals. A city year is the sum of the districts'
-- rows in a year that every district has (by sex where every district gives both sexes that year, else totals).
create or replace table marts.projection_input as
with
districts as (
  select count(distinct district_code) as n from marts.population_observed
),
complete_years as (
  select year, bool_and(sex in ('male', 'female')) as has_sexes
  from marts.population_observed
  group by year
  having count(distinct district_code) = (select n from districts)
),
city as (
  select
    o.year,
    'CITY' as district_code,
    case when c.has_sexes then o.sex else 'total' end as sex,
    o.age_lo,
    o.age_hi,
    sum(o.population) as population
  from marts.population_observed as o
  join complete_years as c using (year)
  group by all
)
select * from marts.population_observed
union all
select year, district_code, sex, age_lo, age_hi, population::double from city
order by year, district_code, sex, age_lo
