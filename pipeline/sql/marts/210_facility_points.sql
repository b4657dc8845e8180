-- facilities as map points, one row per facility and year, with the latest year flagged
create or replace table marts.facility_points as
with
source as (
    select * from staging.facilities
),

final as (
    select
        year,
        facility_id,
        name,
        type,
        district_code,
        ownership,
        lon,
        lat,
        beds,
        nursing_beds,
        residents,
        coalesce(star, 0) as star,
        on_platform,
        medical,
        residents / nullif(beds, 0) * 100 as occupancy_pct,
        year = max(year) over (partition by facility_id) as is_latest
    from source
)

select * from final order by year, facility_id;
