-- all indicator cells in one place (with the record counts disclosure control needs), then with their targets
-- rounded to 8 decimals: sums of doubles come out in a different order on each run (parallel aggregation),
-- which changes the last bits; rounding makes reruns on the same inputs give the same figures
create or replace table work.iv_all as
select * replace (round(value, 8) as value, round(numerator, 8) as numerator, round(denominator, 8) as denominator)
from (
    select * from work.iv_aging
    union all by name
    select * from work.iv_capacity
    union all by name
    select * from work.iv_services
    union all by name
    select * from work.iv_informatization
);

create or replace table marts.indicator_values as
with
cells as (
    select * from work.iv_all
),

targeted as (
    select
        c.indicator,
        c.area_code,
        c.year,
        c.value,
        c.numerator,
        c.denominator,
        t.target,
        case
            when t.target is null or c.value is null then null
            when t.direction = 'at_most' then case when c.value <= t.target then 'met' else 'not_met' end
            else case when c.value >= t.target then 'met' else 'not_met' end
        end as status,
        c.projected
    from cells as c
    left join marts.targets_in_force as t using (indicator, area_code, year)
)

-- a stable row order, so that exports of the same inputs are identical byte for byte
select * from targeted order by indicator, area_code, year, projected;
