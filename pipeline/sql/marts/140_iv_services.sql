-- home and community service indicators, by year of ordering; special visits from the monthly mart.
-- v2 periods (marts.periods): a year's orders are those up to its period_end; for a year followed by a partial one,
-- the same months are counted again (span 'prior', up to the partial year's prior_period_end), so that the
-- partial year is compared with the same months of the year before (同比), never with a whole year.

-- every order with the year and span it counts in (each read below scans the columns of staging it needs: a
-- materialized copy of every order, with its person, spilled and took three times as long at scale 10)
create or replace temp macro span_orders() as table
with
spans as (
    select year, 'period' as span, period_end as span_end from marts.periods
    union all
    select year - 1, 'prior', prior_period_end from marts.periods where period = 'ytd' and prior_comparable
)

select o.district_code, o.person_key, o.service, o.status, o.rating, o.subsidy_yuan, o.channel, s.year, s.span
from staging.service_orders as o
join spans as s on s.year = year(o.ordered_at) and cast(o.ordered_at as date) <= s.span_end;

-- persons served, distinct within each area (the city's figure is not the sum of its districts'), counted in four
-- parts of the persons (by their pseudonym's hash), each a statement of its own: a part's distinct persons fit in
-- the marts' memory (all at once they spilled 0.5 GB at 5.8 M elders). A person is in one part only, so the parts'
-- counts add up to the area's.
create or replace temp macro served_part(part) as table
with
persons as not materialized (
    select district_code, year, span, person_key
    from span_orders()
    where status = 'completed' and hash(person_key) % 4 = part
    group by all
)

select district_code as area_code, year, span, count(*) as served from persons group by all
union all
select 'CITY' as area_code, year, span, count(*) as served from (select year, span, person_key from persons group by all) group by year, span;

create or replace table work.served_parts as select * from served_part(0);
insert into work.served_parts select * from served_part(1);
insert into work.served_parts select * from served_part(2);
insert into work.served_parts select * from served_part(3);

-- the order counts per area, year and span, once (a CTE would be recomputed for each indicator that reads it)
create or replace table work.service_counts as
with
orders as not materialized (
    select * from span_orders()
),

-- districts and the city in one pass: the (year) grouping set is the city (district_code is never null in staging)
by_area as (
    select
        coalesce(district_code, 'CITY') as area_code,
        year,
        span,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(*) filter (where status = 'completed' and service = 'meal') as meal,
        count(rating) filter (where status = 'completed') as rated,
        sum(rating) filter (where status = 'completed') as rating_sum,
        -- money summed as exact decimals (to 0.0001 yuan): a parallel sum of doubles differs from run to run in the last digits
        coalesce(sum(subsidy_yuan::decimal(18, 4)) filter (where status = 'completed'), 0)::double as subsidy_yuan,
        count(*) filter (where status = 'completed' and subsidy_yuan > 0) as subsidised,
        count(*) filter (where status = 'completed' and channel in ('app', 'smart_device')) as online
    from orders
    group by grouping sets ((district_code, year, span), (year, span))
),

served as (
    select area_code, year, span, sum(served)::bigint as served from work.served_parts group by all
)

select
    a.area_code,
    y.year,
    y.span,
    coalesce(b.completed, 0) as completed,
    coalesce(b.cancelled, 0) as cancelled,
    coalesce(s.served, 0) as served,
    coalesce(b.meal, 0) as meal,
    coalesce(b.rated, 0) as rated,
    b.rating_sum,
    coalesce(b.subsidy_yuan, 0) as subsidy_yuan,
    coalesce(b.subsidised, 0) as subsidised,
    coalesce(b.online, 0) as online
from marts.areas as a
cross join (select distinct year, span from orders) as y
left join by_area as b using (area_code, year, span)
left join served as s using (area_code, year, span);
drop table work.served_parts;

-- every cell for both spans: 'period' is the year's figure, 'prior' the same months of a year followed by a partial one
create or replace table work.iv_services_spans as
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
visit_spans as (
    select year, 'period' as span, period_end as span_end from marts.periods
    union all
    select year - 1, 'prior', prior_period_end from marts.periods where period = 'ytd' and prior_comparable
),

visits as (
    select
        v.area_code,
        v.year,
        s.span,
        avg(v.visit_rate_pct) as value,
        avg(v.visited) as visited_per_month,
        avg(v.special_elders) as special_elders_per_month
    from marts.special_visits_monthly as v
    join visit_spans as s on s.year = v.year and v.month <= s.span_end
    where v.special_elders > 0
    group by v.area_code, v.year, s.span
),

cells as (
    select 'orders_completed' as indicator, area_code, year, span, completed as value, null as numerator, null as denominator, false as projected, completed as cell_n
    from counts
    union all
    select 'orders_per_1000_60p', area_code, year, span, completed / nullif(pop_60p, 0) * 1000, completed, pop_60p, population_projected, completed
    from with_population
    union all
    select 'served_elders', area_code, year, span, served, null, null, false, served
    from counts
    union all
    select 'meal_orders', area_code, year, span, meal, null, null, false, meal
    from counts
    union all
    select 'completion_rate', area_code, year, span, completed / nullif(completed + cancelled, 0) * 100, completed, completed + cancelled, false, completed
    from counts
    union all
    -- an average of fewer than k ratings is disclosive, so the count of ratings governs suppression
    select 'avg_rating', area_code, year, span, rating_sum / nullif(rated, 0), rating_sum, rated, false, rated
    from counts
    union all
    -- a sum over fewer than k subsidised orders is disclosive, so their count governs suppression
    select 'subsidy_total', area_code, year, span, subsidy_yuan, null, null, false, subsidised
    from counts
    union all
    select 'special_visit_rate', area_code, year, span, value, visited_per_month, special_elders_per_month, false, visited_per_month
    from visits
    union all
    -- the informatization mart computes the year's online share; only its same-months comparison is needed here
    select 'online_order_share', area_code, year, span, online / nullif(completed, 0) * 100, online, completed, false, online
    from counts
    where span = 'prior'
)

select
    indicator,
    area_code,
    cast(year as integer) as year,
    span,
    cast(value as double) as value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    projected,
    cast(cell_n as double) as cell_n
from cells;

create or replace table work.iv_services as
select * exclude (span) from work.iv_services_spans where span = 'period';

-- the same months of the year before, for the partial year they are compared with (year = the partial year)
create or replace table work.iv_prior_span as
select indicator, area_code, year + 1 as year, value, numerator, denominator, cell_n
from work.iv_services_spans
where span = 'prior';
