-- the public scorecard: scores from the published item values only (spec v2 Supervision). An item hidden for
-- disclosure (235's model, work.dc_hidden) is left out and the card says so (items scored: 6 of 7); the score, rank,
-- change and tier follow from what is published, so no hidden item can be taken back out of the score. The
-- warehouse's marts.district_scorecard keeps the score over all true values.
create or replace table marts.district_scorecard_items_public as
with
hidden_rows as (
    select distinct r.indicator, r.area_code, r.year
    from work.dc_iv_rows as r
    join work.dc_hidden as h using (cell_id)
    where r.span = 'period'
)

select
    i.area_code,
    i.year,
    i.indicator,
    case when h.indicator is null then i.value end as value,
    i.target,
    i.target_direction,
    case when h.indicator is null then i.status end as status,
    i.weight,
    case when h.indicator is null then i.score end as score,
    h.indicator is not null as suppressed
from marts.district_scorecard_items as i
left join hidden_rows as h using (indicator, area_code, year)
order by i.year, i.area_code, i.indicator;

create or replace temp view score_items_public as
select area_code, year, indicator, score, weight, not suppressed as scored from marts.district_scorecard_items_public;

create or replace table marts.district_scorecard_public as
select * from scorecard_from('score_items_public');
