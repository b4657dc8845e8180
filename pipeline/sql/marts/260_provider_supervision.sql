-- institutions under supervision: their year-end figures and the outlier flags of marts.outlier_rules
create or replace table marts.provider_supervision as
with
rules as (
    select
        (select threshold from marts.outlier_rules where rule = 'low_occupancy') as low_occupancy_pct,
        (select threshold from marts.outlier_rules where rule = 'over_occupancy') as over_occupancy_pct,
        (select threshold from marts.outlier_rules where rule = 'no_nursing_beds') as no_nursing_min_beds,
        (select threshold from marts.outlier_rules where rule = 'unrated_long') as unrated_years
),

institutions as (
    select
        *,
        coalesce(star, 0) as star_or_0,
        residents / nullif(beds, 0) * 100 as occupancy_pct,
        nursing_beds / nullif(beds, 0) * 100 as nursing_share_pct,
        -- the first year in the data, which may be later than the year the institution opened
        min(year) over (partition by facility_id) as first_year
    from staging.facilities
    where type = 'institution'
),

flagged as (
    select
        i.*,
        coalesce(i.occupancy_pct < r.low_occupancy_pct, false) as flag_low_occupancy,
        coalesce(i.occupancy_pct > r.over_occupancy_pct, false) as flag_over_occupancy,
        coalesce(i.nursing_beds = 0 and i.beds >= r.no_nursing_min_beds, false) as flag_no_nursing_beds,
        i.star_or_0 = 0 and i.year - i.first_year >= r.unrated_years as flag_unrated_long
    from institutions as i
    cross join rules as r
)

select
    year,
    facility_id,
    name,
    district_code,
    ownership,
    beds,
    nursing_beds,
    residents,
    star_or_0 as star,
    on_platform,
    occupancy_pct,
    nursing_share_pct,
    first_year,
    flag_low_occupancy,
    flag_over_occupancy,
    flag_no_nursing_beds,
    flag_unrated_long,
    list_concat(
        case when flag_low_occupancy then ['low_occupancy'] else [] end,
        case when flag_over_occupancy then ['over_occupancy'] else [] end,
        case when flag_no_nursing_beds then ['no_nursing_beds'] else [] end,
        case when flag_unrated_long then ['unrated_long'] else [] end
    ) as flags,
    cast(flag_low_occupancy as integer) + cast(flag_over_occupancy as integer)
        + cast(flag_no_nursing_beds as integer) + cast(flag_unrated_long as integer) as flag_count
from flagged
order by year, flag_count desc, facility_id;
