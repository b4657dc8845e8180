-- The two base years of each usable projection in 5-year bands 0–4, 5–9, … and the common open band;
-- band b holds ages 5b to 5b + 4, the last band the open ages from open_age.
create or replace table marts.projection_base_bands as
with bases as (
  select purpose, district_code, year_from, base_year, sex_mode, open_age
  from marts.projection_bases
  where status = 'ok'
),
observed as (
  select
    b.purpose,
    b.district_code,
    o.year,
    case when b.sex_mode = 'sex' then o.sex else 'total' end as sex,
    -- single years and 5-year bands land in their 5-year band; everything from open_age up in the open band
    least(o.age_lo, b.open_age) // 5 as band,
    o.population
  from bases as b
  join marts.projection_input as o
    on o.district_code = b.district_code and o.year in (b.year_from, b.base_year)
),
grid_years as (
  select purpose, district_code, sex_mode, open_age, unnest([year_from, base_year]) as year
  from bases
),
grid_sexes as (
  select purpose, district_code, open_age, year,
    unnest(case when sex_mode = 'sex' then ['male', 'female'] else ['total'] end) as sex
  from grid_years
),
grid as (
  -- every band of every base year, so an empty band is a 0 rather than a gap
  select purpose, district_code, year, sex, unnest(range(0, open_age // 5 + 1)) as band
  from grid_sexes
),
final as (
  select
    g.purpose,
    g.district_code,
    g.sex,
    g.year::integer as year,
    g.band::integer as band,
    coalesce(sum(o.population), 0)::double as population
  from grid as g
  left join observed as o
    on o.purpose = g.purpose and o.district_code = g.district_code and o.year = g.year
   and o.sex = g.sex and o.band = g.band
  group by all
)
select * from final
order by purpose, district_code, sex, year, band
