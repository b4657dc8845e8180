-- findings the pages and the slides state, computed once: per indicator, in its latest observed year, the
-- districts with a published value, how many meet or miss their target, the target when all share one, and
-- the highest and lowest district. Read from the public table only: a suppressed cell never takes part.
create or replace table marts.findings as
with
-- the latest observed year: the city's latest year that is not projected and has a value (or a suppressed one)
latest as (
    select indicator, max(year) as year
    from marts.indicator_values_public
    where area_code = 'CITY' and not projected and (value is not null or suppressed)
    group by indicator
),

districts as (
    select v.*
    from marts.indicator_values_public as v
    join latest as l using (indicator, year)
    where v.area_code <> 'CITY' and v.value is not null
),

ranked as (
    select
        *,
        row_number() over (partition by indicator order by value desc, area_code) as from_top,
        row_number() over (partition by indicator order by value, area_code) as from_bottom
    from districts
)

select
    l.indicator,
    l.year,
    count(r.area_code)::integer as districts,
    (count(*) filter (where r.status = 'met'))::integer as districts_met,
    (count(*) filter (where r.status = 'not_met'))::integer as districts_not_met,
    -- one target for every district with a status, else null (the pages then say "their targets")
    case when count(distinct r.target) = 1 then min(r.target) end as target,
    min(r.area_code) filter (where r.from_top = 1) as highest_area,
    min(r.value) filter (where r.from_top = 1) as highest_value,
    min(r.area_code) filter (where r.from_bottom = 1) as lowest_area,
    min(r.value) filter (where r.from_bottom = 1) as lowest_value
from latest as l
left join ranked as r using (indicator)
group by l.indicator, l.year
order by l.indicator;
