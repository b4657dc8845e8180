-- home and community service indicators, by year of ordering; special visits from the monthly mart

-- the order counts per area and year, once (a CTE would be recomputed for each indicator that reads it);
-- distinct persons are counted by a 64-bit hash of their pseudonym: 8 bytes a person instead of 64, which keeps
-- the distinct sets of tens of millions of orders within the memory limit (a collision among millions is ~1e-6)
create or replace table work.service_counts as
with
orders as (
    select order_id, person_key, district_code, service, status, rating, subsidy_yuan, cast(year(ordered_at) as integer) as year
    from staging.service_orders
),

order_years as (
    select distinct year from orders
),

-- each order counts in its district and in the city
located as (
    select *, district_code as area_code from orders
    union all
    select *, 'CITY' as area_code from orders
)

    select
        a.area_code,
        y.year,
        count(l.order_id) filter (where l.status = 'completed') as completed,
        count(l.order_id) filter (where l.status = 'cancelled') as cancelled,
        -- distinct within the area: the city's figure is not the sum of its districts'
        count(distinct hash(l.person_key)) filter (where l.status = 'completed') as served,
        count(l.order_id) filter (where l.status = 'completed' and l.service = 'meal') as meal,
        count(l.rating) filter (where l.status = 'completed') as rated,
        sum(l.rating) filter (where l.status = 'completed') as rating_sum,
        coalesce(sum(l.subsidy_yuan) filter (where l.status = 'completed'), 0) as subsidy_yuan,
        count(l.order_id) filter (where l.status = 'completed' and l.subsidy_yuan > 0) as subsidised
    from marts.areas as a
    cross join order_years as y
    left join located as l on l.area_code = a.area_code and l.year = y.year
    group by a.area_code, y.year
;

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
