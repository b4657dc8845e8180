-- informatization indicators and their index
create or replace table work.iv_informatization as
with
params as (
    select cast(value as date) as as_of from meta.params where key = 'as_of'
),

elders as (
    select * from staging.elders
),

-- the same elder years as the capacity mart: first registration to the as-of year
elder_years as (
    select cast(unnest(generate_series(year(min(registered_on)), (select year(as_of) from params))) as integer) as year
    from elders
),

-- An elder counts in year y when registered (assessed) by the end of y and not dead by then:
-- year(registered_on) <= y < year(died_on). Counted as +1 / −1 events and a running sum, not by joining
-- every elder to every year (at 8 M elders that join ran out of memory).
elder_events as (
    select district_code as area_code, year(registered_on) as year, 1 as d_registered, 0 as d_assessed
    from elders where registered_on is not null
    union all
    select district_code, greatest(year(died_on), year(registered_on)), -1, 0
    from elders where registered_on is not null and died_on is not null
    union all
    select district_code, year(assessed_on), 0, 1
    from elders where assessed_on is not null
    union all
    select district_code, greatest(year(died_on), year(assessed_on)), 0, -1
    from elders where assessed_on is not null and died_on is not null
),

elder_deltas as (
    select area_code, year, sum(d_registered) as d_registered, sum(d_assessed) as d_assessed
    from (
        select * from elder_events
        union all
        select 'CITY', year, d_registered, d_assessed from elder_events
    )
    group by area_code, year
),

elder_running as (
    select
        area_code,
        year,
        sum(d_registered) over w as registered,
        sum(d_assessed) over w as assessed
    from elder_deltas
    window w as (partition by area_code order by year rows between unbounded preceding and current row)
),

elder_stock as (
    select
        a.area_code,
        y.year,
        coalesce(r.registered, 0)::bigint as registered,
        coalesce(r.assessed, 0)::bigint as assessed
    from marts.areas as a
    cross join elder_years as y
    asof left join elder_running as r on r.area_code = a.area_code and r.year <= y.year
),

elder_rates as (
    select s.*, p.pop_60p, coalesce(p.projected, false) as population_projected
    from elder_stock as s
    left join marts.population_summary as p using (area_code, year)
),

facilities_located as (
    select year, district_code as area_code, on_platform from staging.facilities
    union all
    select year, 'CITY' as area_code, on_platform from staging.facilities
),

facility_rates as (
    select
        a.area_code,
        y.year,
        count(f.area_code) filter (where f.on_platform) as on_platform,
        count(f.area_code) as facilities
    from marts.areas as a
    cross join (select distinct year from staging.facilities) as y
    left join facilities_located as f on f.area_code = a.area_code and f.year = y.year
    group by a.area_code, y.year
),

-- completed orders in each year's period (marts.periods: up to the as-of date), counted once in the services mart
orders_located as (
    select area_code, year, online, completed from work.service_counts where span = 'period'
),

order_rates as (
    select
        a.area_code,
        y.year,
        coalesce(o.online, 0)::bigint as online,
        coalesce(o.completed, 0)::bigint as completed
    from marts.areas as a
    cross join (select distinct year from orders_located) as y
    left join orders_located as o on o.area_code = a.area_code and o.year = y.year
),

rates as (
    select 'platform_registration_rate' as indicator, area_code, year, registered / nullif(pop_60p, 0) * 100 as value, registered as numerator, pop_60p as denominator, population_projected as projected, registered as cell_n
    from elder_rates
    union all
    select 'assessment_coverage', area_code, year, assessed / nullif(pop_60p, 0) * 100, assessed, pop_60p, population_projected, assessed
    from elder_rates
    union all
    select 'facility_platform_rate', area_code, year, on_platform / nullif(facilities, 0) * 100, on_platform, facilities, false, null
    from facility_rates
    union all
    select 'online_order_share', area_code, year, online / nullif(completed, 0) * 100, online, completed, false, online
    from order_rates
),

-- rates above 100 (more registered elders than the census counts) would outweigh the others, hence the cap; the
-- inputs averaged are recorded (marts.informatization_index)
informatization_index as (
    select 'informatization_index' as indicator, area_code, year, avg(least(value, 100)) as value, null as numerator, null as denominator, bool_or(projected) as projected, null as cell_n
    from rates
    where value is not null
    group by area_code, year
),

cells as (
    select * from rates
    union all
    select * from informatization_index
)

select
    indicator,
    area_code,
    cast(year as integer) as year,
    cast(value as double) as value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    projected,
    cast(cell_n as double) as cell_n
from cells;

-- The index with its inputs per area and year (spec v2 Informatization): the set of inputs averaged, and the change on
-- the year before over the inputs present in both years (like with like); comparable when the sets are equal.
create or replace table marts.informatization_index as
with
inputs as (
    select indicator, area_code, year, least(value, 100) as capped
    from work.iv_informatization
    where indicator <> 'informatization_index' and value is not null
),

indexed as (
    select area_code, year, avg(capped) as value, list_sort(list(indicator)) as inputs, cast(count(*) as integer) as n_inputs
    from inputs
    group by area_code, year
),

common as (
    select c.area_code, c.year, avg(c.capped) - avg(p.capped) as change, cast(count(*) as integer) as change_inputs
    from inputs as c
    join inputs as p on p.area_code = c.area_code and p.year = c.year - 1 and p.indicator = c.indicator
    group by c.area_code, c.year
)

select
    i.area_code,
    i.year,
    round(i.value, 8) as value,
    i.inputs,
    i.n_inputs,
    round(c.change, 8) as change,
    c.change_inputs,
    p.inputs is not null and p.inputs = i.inputs as comparable
from indexed as i
left join common as c using (area_code, year)
left join indexed as p on p.area_code = i.area_code and p.year = i.year - 1
order by i.year, i.area_code;
