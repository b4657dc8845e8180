-- monthly visits to elders in special hardship, by district and for the city (true counts; see 241 for the public version)
create or replace table marts.special_visits_monthly as
with
-- a month counts when the city has any order in it: months without order data would read as zero visits
months as (
    select distinct cast(date_trunc('month', ordered_at) as date) as month
    from staging.service_orders
),

-- (each with a number of its own: the visits below are told apart by it, not by the 64-digit pseudonym, so that
-- their distinct pairs of elder and month fit in memory; person_key is unique in staging.elders. Materialized,
-- so that every read below sees the same numbers)
special_elders as materialized (
    select person_key, district_code, registered_on, died_on, row_number() over () as id
    from staging.elders
    where coalesce(special, 'none') <> 'none'
),

-- the elders on the books at the month's end: registered by then (no date = always), not dead by then. Counted per
-- month and district without listing them (a list of every on-books elder-month spilled about 1 GB at 5.8 M
-- elders): those registered by the month's end, less those also dead by then, from the days these happen
-- (registered: its date, or none; dead and registered: the later of the two dates)
events as (
    select district_code, registered_on as day, 1 as n from special_elders
    union all
    select district_code, greatest(coalesce(registered_on, died_on), died_on), -1 from special_elders where died_on is not null
),

by_day as (
    select district_code, day, sum(n) as n from events group by all
),

on_books as (
    select m.month, b.district_code, sum(b.n)::bigint as special_elders
    from months as m
    join by_day as b on b.day is null or b.day <= last_day(m.month)
    group by m.month, b.district_code
    having sum(b.n) > 0
),

-- a visit counts in the month it was completed; the visit may be booked in another district. Only the visits of
-- elders in special hardship, once per elder and month
visits as (
    select distinct
        s.id,
        cast(date_trunc('month', coalesce(o.completed_at, o.ordered_at)) as date) as month
    from staging.service_orders as o
    join special_elders as s on s.person_key = o.person_key
    where o.service = 'visit' and o.status = 'completed'
),

-- the visited: an elder on the books in a month of the city's orders, visited in that month
visited as (
    select v.month, s.district_code, count(*) as visited
    from visits as v
    join special_elders as s on s.id = v.id
    semi join months as m on m.month = v.month
    where coalesce(s.registered_on, v.month) <= last_day(v.month)
      and (s.died_on is null or s.died_on > last_day(v.month))
    group by v.month, s.district_code
),

-- counted by district first, then the city as the districts' sum (joining every on-books elder-month to the
-- area grid, twice over, ran out of memory at 8 M elders)
by_district as (
    select o.month, o.district_code as area_code, o.special_elders, coalesce(v.visited, 0) as visited
    from on_books as o
    left join visited as v on v.month = o.month and v.district_code = o.district_code
),

located as (
    select * from by_district
    union all
    select month, 'CITY' as area_code, sum(special_elders), sum(visited) from by_district group by month
),

grid as (
    select m.month, a.area_code
    from months as m
    cross join marts.areas as a
),

final as (
    select
        g.month,
        cast(year(g.month) as integer) as year,
        g.area_code,
        cast(coalesce(l.special_elders, 0) as integer) as special_elders,
        cast(coalesce(l.visited, 0) as integer) as visited,
        coalesce(l.visited, 0) / nullif(coalesce(l.special_elders, 0), 0) * 100 as visit_rate_pct
    from grid as g
    left join located as l on l.month = g.month and l.area_code = g.area_code
)

select * from final order by month, area_code;
