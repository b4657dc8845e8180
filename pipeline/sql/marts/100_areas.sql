-- every area the marts report on: the city as a whole, then its districts
create or replace table marts.areas as
with
districts as (
    select
        code as area_code,
        name as name_zh,
        coalesce(name_en, name) as name_en,
        kind,
        false as is_city,
        cast(row_number() over (order by code) as integer) as sort_order
    from staging.districts
),

city as (
    select 'CITY' as area_code, '全市' as name_zh, 'City' as name_en, 'city' as kind, true as is_city, 0 as sort_order
)

select * from city
union all
select * from districts;
