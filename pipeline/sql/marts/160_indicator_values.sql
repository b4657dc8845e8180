-- all indicator cells in one place (with the record counts disclosure control needs), then with their targets
create or replace table work.iv_all as
select * from work.iv_aging
union all by name
select * from work.iv_capacity
union all by name
select * from work.iv_services
union all by name
select * from work.iv_informatization;

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

select * from targeted;
