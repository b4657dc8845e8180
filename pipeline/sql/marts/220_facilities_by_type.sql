-- facilities by type, area and year (year-end stock)
create or replace table marts.facilities_by_type as
with
located as (
    select *, district_code as area_code from staging.facilities
    union all
    select *, 'CITY' as area_code from staging.facilities
),

final as (
    select
        year,
        area_code,
        type,
        cast(count(*) as integer) as facilities,
        cast(coalesce(sum(beds), 0) as integer) as beds,
        cast(coalesce(sum(nursing_beds), 0) as integer) as nursing_beds,
        cast(coalesce(sum(residents), 0) as integer) as residents,
        cast(count(*) filter (where on_platform) as integer) as on_platform,
        cast(count(*) filter (where star >= 1) as integer) as rated
    from located
    group by year, area_code, type
)

select * from final order by year, area_code, type;
