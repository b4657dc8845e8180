-- home and community service indicators, by year of ordering; special visits from the monthly mart

-- the order counts per area and year, once (a CTE would be recomputed for each indicator that reads it)
create or replace table work.service_counts as
with
orders as (
    select district_code, person_key, service, status, rating, subsidy_yuan, cast(year(ordered_at) as integer) as year
    from staging.service_orders
),

-- districts and the city in one pass: the (year) grouping set is the city (district_code is never null in staging)
by_area as (
    select
        coalesce(district_code, 'CITY') as area_code,
        year,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(*) filter (where status = 'completed' and service = 'meal') as meal,
        count(rating) filter (where status = 'completed') as rated,
        sum(rating) filter (where status = 'completed') as rating_sum,
        -- money summed as exact decimals (to 0.0001 yuan): a parallel sum of doubles differs from run to run in the last digits
        coalesce(sum(subsidy_yuan::decimal(18, 4)) filter (where status = 'completed'), 0)::double as subsidy_yuan,
        count(*) filter (where status = 'completed' and subsidy_yuan > 0) as subsidised
    from orders
    group by grouping sets ((district_code, year), (year))
),

-- persons served, distinct within each area (the city's figure is not the sum of its districts'), through plain
-- GROUP BYs, which DuckDB can spill to disk: a count(distinct) over tens of millions of orders ran out of memory
persons as (
    select district_code, year, person_key from orders where status = 'completed' group by all
),

served as (
    select district_code as area_code, year, count(*) as served from persons group by all
    union all
    select 'CITY' as area_code, year, count(*) as served from (select year, person_key from persons group by all) group by year
)

select
    a.area_code,
    y.year,
    coalesce(b.completed, 0) as completed,
    coalesce(b.cancelled, 0) as cancelled,
    coalesce(s.served, 0) as served,
    coalesce(b.meal, 0) as meal,
    coalesce(b.rated, 0) as rated,
    b.rating_sum,
    coalesce(b.subsidy_yuan, 0) as subsidy_yuan,
    coalesce(b.subsidised, 0) as subsidised
from marts.areas as a
cross join (select distinct year from orders) as y
left join by_area as b using (area_code, year)
left join served as s using (area_code, year);

create or replace table work.iv_services as
with
counts as (
    select * from work.service_counts
),

with_population as (
    select c.*, p.pop_60p, coalesce(p.projected, false) as population_projected
    from counts as c
    left join marts.population_summary as p using (area_code, year)
),

-- the annual rate is the mean of the monthly rates; months without special elders have no rate and are skipped
visits as (
    select
        area_code,
        year,
        avg(visit_rate_pct) as value,
        avg(visited) as visited_per_month,
        avg(special_elders) as special_elders_per_month
    from marts.special_visits_monthly
    where special_elders > 0
    group by area_code, year
),

cells as (
    select 'orders_completed' as indicator, area_code, year, completed as value, null as numerator, null as denominator, false as projected, completed as cell_n
    from counts
    union all
    select 'orders_per_1000_60p', area_code, year, completed / nullif(pop_60p, 0) * 1000, completed, pop_60p, population_projected, completed
    from with_population
    union all
    select 'served_elders', area_code, year, served, null, null, false, served
    from counts
    union all
    select 'meal_orders', area_code, year, meal, null, null, false, meal
    from counts
    union all
    select 'completion_rate', area_code, year, completed / nullif(completed + cancelled, 0) * 100, completed, completed + cancelled, false, completed
    from counts
    union all
    -- an average of fewer than k ratings is disclosive, so the count of ratings governs suppression
    select 'avg_rating', area_code, year, rating_sum / nullif(rated, 0), rating_sum, rated, false, rated
    from counts
    union all
    -- a sum over fewer than k subsidised orders is disclosive, so their count governs suppression
    select 'subsidy_total', area_code, year, subsidy_yuan, null, null, false, subsidised
    from counts
    union all
    select 'special_visit_rate', area_code, year, value, visited_per_month, special_elders_per_month, false, visited_per_month
    from visits
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
