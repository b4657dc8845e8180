-- monthly visits to elders in special hardship, by district and for the city (true counts; see 241 for the public version)
create or replace table marts.special_visits_monthly as
with
-- a month counts when the city has any order in it: months without order data would read as zero visits
months as (
    select distinct cast(date_trunc('month', ordered_at) as date) as month
    from staging.service_orders
),

special_elders as (
    select person_key, district_code, registered_on, died_on
    from staging.elders
    where coalesce(special, 'none') <> 'none'
),

-- the elders on the books at the month's end: registered by then (no date = always), not dead by then
on_books as (
    select m.month, s.person_key, s.district_code
    from months as m
    join special_elders as s
        on coalesce(s.registered_on, m.month) <= last_day(m.month)
       and (s.died_on is null or s.died_on > last_day(m.month))
),

-- a visit counts in the month it was completed; the visit may be booked in another district
visits as (
    select distinct
        person_key,
        cast(date_trunc('month', coalesce(completed_at, ordered_at)) as date) as month
    from staging.service_orders
    where service = 'visit' and status = 'completed'
),

flagged as (
    select o.month, o.district_code, o.person_key, v.person_key is not null as visited
    from on_books as o
    left join visits as v on v.person_key = o.person_key and v.month = o.month
),

-- counted by district first, then the city as the districts' sum (joining every on-books elder-month to the
-- area grid, twice over, ran out of memory at 8 M elders)
by_district as (
    select month, district_code as area_code, count(*) as special_elders, count(*) filter (where visited) as visited
    from flagged
    group by month, district_code
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
