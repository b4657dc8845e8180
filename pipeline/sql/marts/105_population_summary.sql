-- population by area and year in the age groups the indicators use; the city is the sum of its districts
create or replace table marts.population_summary as
with
source as (
    -- the city is summed here, so a city row from upstream would count twice
    select * from marts.population where district_code <> 'CITY'
),

-- male + female where the input was split by sex; 'total' rows only where it was not
chosen as (
    select s.*
    from source as s
    where s.sex <> 'total'
       or not exists (
            select 1 from source as o
            where o.year = s.year and o.district_code = s.district_code and o.sex <> 'total'
       )
),

-- "aged 60+" is the sum of bands whose lower bound is ≥ 60; 15–64 needs closed bands inside it
by_district as (
    select
        year,
        district_code as area_code,
        coalesce(sum(population), 0) as pop_total,
        coalesce(sum(population) filter (where age_lo >= 15 and age_hi <= 64), 0) as pop_15_64,
        coalesce(sum(population) filter (where age_lo >= 60), 0) as pop_60p,
        coalesce(sum(population) filter (where age_lo >= 65), 0) as pop_65p,
        coalesce(sum(population) filter (where age_lo >= 80), 0) as pop_80p,
        bool_or(projected) as projected
    from chosen
    group by year, district_code
),

city as (
    select
        year,
        'CITY' as area_code,
        sum(pop_total) as pop_total,
        sum(pop_15_64) as pop_15_64,
        sum(pop_60p) as pop_60p,
        sum(pop_65p) as pop_65p,
        sum(pop_80p) as pop_80p,
        bool_or(projected) as projected
    from by_district
    group by year
)

select * from city
union all
select * from by_district;
