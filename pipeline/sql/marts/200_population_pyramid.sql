-- population pyramid: persons by year, area, sex and age band, observed and projected
create or replace table marts.population_pyramid as
with
source as (
    select * from marts.population where district_code <> 'CITY'
),

-- as in the population summary: male + female where split, 'total' only where not
chosen as (
    select s.*
    from source as s
    where s.sex <> 'total'
       or not exists (
            select 1 from source as o
            where o.year = s.year and o.district_code = s.district_code and o.sex <> 'total'
       )
),

by_district as (
    select year, district_code as area_code, sex, age_lo, age_hi, sum(population) as population, bool_or(projected) as projected
    from chosen
    group by year, district_code, sex, age_lo, age_hi
),

city as (
    select year, 'CITY' as area_code, sex, age_lo, age_hi, sum(population) as population, bool_or(projected) as projected
    from by_district
    group by year, sex, age_lo, age_hi
),

bands as (
    select * from city
    union all
    select * from by_district
),

final as (
    select
        year,
        area_code,
        sex,
        age_lo,
        age_hi,
        case when age_hi is null then age_lo || '+' when age_hi = age_lo then cast(age_lo as varchar) else age_lo || '-' || age_hi end as age_band,
        population,
        -- share of the area's whole population, so pyramids of different sizes compare
        population / nullif(sum(population) over (partition by year, area_code), 0) * 100 as share_pct,
        projected
    from bands
)

select * from final order by year, area_code, sex, age_lo;
