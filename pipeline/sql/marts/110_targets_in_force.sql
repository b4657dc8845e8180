-- the target in force for each (indicator, area, year): a district's own row, else the city's row, else the national default.
-- a targets row stays in force for later years until a newer row for the same scope replaces it.
create or replace table marts.targets_in_force as
with
params as (
    select
        (select cast(value as date) from meta.params where key = 'as_of') as as_of,
        (select cast(value as integer) from meta.params where key = 'projection_horizon') as horizon
),

-- every year any input or target mentions, up to the projection horizon
bounds as (
    select
        least(
            (select min(year) from marts.population),
            (select min(year) from staging.facilities),
            (select min(year(ordered_at)) from staging.service_orders),
            (select min(year(registered_on)) from staging.elders),
            (select min(year) from staging.targets),
            (select year(as_of) from params)
        ) as first_year,
        greatest(
            (select max(year) from marts.population),
            (select max(year) from staging.facilities),
            (select max(year(ordered_at)) from staging.service_orders),
            (select max(year) from staging.targets),
            (select year(as_of) from params),
            (select horizon from params)
        ) as last_year
),

years as (
    select cast(unnest(generate_series(first_year, last_year)) as integer) as year from bounds
),

registry as (
    select
        code as indicator,
        target_value,
        target_from_year,
        -- a targets row without a direction takes the registry's
        coalesce(target_direction, case when direction = 'lower_better' then 'at_most' else 'at_least' end) as direction,
        target_basis_zh
    from marts.indicator_registry
),

targeted as (
    select indicator from registry where target_value is not null
    union
    select indicator from staging.targets where indicator in (select indicator from registry)
),

grid as (
    select t.indicator, a.area_code, y.year
    from targeted as t
    cross join marts.areas as a
    cross join years as y
),

district_rows as (
    select indicator, scope, year, target, direction, basis from staging.targets where scope <> 'CITY'
),

city_rows as (
    select indicator, year, target, direction, basis from staging.targets where scope = 'CITY'
),

resolved as (
    select
        g.indicator,
        g.area_code,
        g.year,
        d.target as district_target,
        d.direction as district_direction,
        d.basis as district_basis,
        c.target as city_target,
        c.direction as city_direction,
        c.basis as city_basis
    from grid as g
    asof left join district_rows as d
        on d.indicator = g.indicator and d.scope = g.area_code and g.year >= d.year
    asof left join city_rows as c
        on c.indicator = g.indicator and g.year >= c.year
),

final as (
    select
        r.indicator,
        r.area_code,
        r.year,
        case
            when r.district_target is not null then r.district_target
            when r.city_target is not null then r.city_target
            when r.year >= g.target_from_year then g.target_value
        end as target,
        case
            when r.district_target is not null then coalesce(r.district_direction, g.direction)
            when r.city_target is not null then coalesce(r.city_direction, g.direction)
            when r.year >= g.target_from_year then g.direction
        end as direction,
        case
            when r.district_target is not null then 'district'
            when r.city_target is not null then 'city'
            when r.year >= g.target_from_year then 'default'
        end as source,
        case
            when r.district_target is not null then r.district_basis
            when r.city_target is not null then r.city_basis
            when r.year >= g.target_from_year then g.target_basis_zh
        end as basis
    from resolved as r
    join registry as g using (indicator)
)

select * from final where target is not null;
