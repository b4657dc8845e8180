-- monthly special visits for the site: counts hidden where the disclosure model hides them (235_disclosure_cells.sql:
-- below k, and complementary cells against districts → city, months → the annual rate), the rate with either part
create or replace table marts.special_visits_monthly_public as
with
hidden as (
    select distinct cell_id from work.dc_hidden
),

flags as (
    select
        v.*,
        exists (select 1 from hidden as h where h.cell_id = 'sv:special_elders:' || v.area_code || ':' || strftime(v.month, '%Y-%m')) as special_elders_hidden,
        exists (select 1 from hidden as h where h.cell_id = 'sv:visited:' || v.area_code || ':' || strftime(v.month, '%Y-%m')) as visited_hidden
    from marts.special_visits_monthly as v
)

select
    month,
    year,
    area_code,
    case when special_elders_hidden then null else special_elders end as special_elders,
    case when visited_hidden then null else visited end as visited,
    -- a rate with one part hidden would give that part away
    case when visited_hidden or special_elders_hidden then null else visit_rate_pct end as visit_rate_pct,
    special_elders_hidden or visited_hidden as suppressed
from flags
order by month, area_code;
