-- monthly special visits for the site: counts below k hidden, the rate with its numerator, plus complementary cells
create or replace table marts.special_visits_monthly_public as
with
params as (
    select cast(value as double) as k from meta.params where key = 'k'
),

counts as (
    select month, area_code, measure, n
    from marts.special_visits_monthly
    unpivot (n for measure in (special_elders, visited))
),

primary_cells as (
    select *, n < (select k from params) as primary_suppressed from counts
),

groups as (
    select
        month, measure,
        count(*) filter (where area_code <> 'CITY' and primary_suppressed) as districts_suppressed,
        coalesce(bool_or(area_code = 'CITY' and not primary_suppressed), false) as city_published
    from primary_cells
    group by month, measure
),

-- one hidden district cell is the city total minus the others: hide the next smallest district cell too
complementary as (
    select month, measure, area_code
    from (
        select
            p.*,
            row_number() over (partition by p.month, p.measure order by p.n, p.area_code) as rn
        from primary_cells as p
        join groups as g using (month, measure)
        where g.districts_suppressed = 1 and g.city_published and p.area_code <> 'CITY' and not p.primary_suppressed
    )
    where rn = 1
),

flagged as (
    select p.*, p.primary_suppressed or c.area_code is not null as suppressed
    from primary_cells as p
    left join complementary as c using (month, measure, area_code)
),

hidden as (
    select
        month, area_code,
        bool_or(suppressed) filter (where measure = 'special_elders') as special_elders_hidden,
        bool_or(suppressed) filter (where measure = 'visited') as visited_hidden
    from flagged
    group by month, area_code
)

select
    v.month,
    v.year,
    v.area_code,
    case when h.special_elders_hidden then null else v.special_elders end as special_elders,
    case when h.visited_hidden then null else v.visited end as visited,
    -- a rate with one part hidden would give that part away
    case when h.visited_hidden or h.special_elders_hidden then null else v.visit_rate_pct end as visit_rate_pct,
    h.special_elders_hidden or h.visited_hidden as suppressed
from marts.special_visits_monthly as v
join hidden as h using (month, area_code)
order by v.month, v.area_code;
