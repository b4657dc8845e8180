-- what the site may publish: an indicator row is hidden when a cell it shows is hidden in the disclosure model
-- (235_disclosure_cells.sql: primary cells below k, and complementary cells chosen against every declared relation);
-- a composite is hidden with its inputs; the supervision score and rank come from the public scorecard (236), which
-- scores published item values only
create or replace table marts.indicator_values_public as
with
hidden_rows as (
    select distinct r.indicator, r.area_code, r.year
    from work.dc_iv_rows as r
    join work.dc_hidden as h using (cell_id)
),

flagged as (
    select v.*, h.indicator is not null as suppressed
    from marts.indicator_values as v
    left join hidden_rows as h using (indicator, area_code, year)
    where v.indicator not in ('district_score', 'district_rank')
),

-- a composite (the informatization index) would give away a hidden input, so it is hidden with it
composite_inputs as (
    select code as indicator, unnest(inputs) as input from marts.indicator_registry
),

composites_hidden as (
    select ci.indicator, f.area_code, f.year
    from composite_inputs as ci
    join flagged as f on f.indicator = ci.input
    where f.suppressed
    group by ci.indicator, f.area_code, f.year
),

final as (
    select
        f.indicator,
        f.area_code,
        f.year,
        f.suppressed or h.indicator is not null as suppressed,
        f.value,
        f.numerator,
        f.denominator,
        f.target,
        f.status,
        f.projected
    from flagged as f
    left join composites_hidden as h using (indicator, area_code, year)
    union all
    -- a district none of whose items is published has no public score
    select 'district_score', area_code, year, score is null, round(score, 8), round(weighted_score_sum, 8), round(weight_sum, 8), null, null, false
    from marts.district_scorecard_public
    union all
    select 'district_rank', area_code, year, score is null, rank, null, null, null, null, false
    from marts.district_scorecard_public
    where area_code <> 'CITY'
)

select
    indicator,
    area_code,
    year,
    case when suppressed then null else value end as value,
    case when suppressed then null else numerator end as numerator,
    case when suppressed then null else denominator end as denominator,
    target,
    -- met / not met would hint at the hidden value
    case when suppressed then null else status end as status,
    projected,
    suppressed
from final
-- a stable row order, so that exports of the same inputs are identical byte for byte
order by indicator, area_code, year, projected;

-- the informatization index with its inputs, hidden where the public indicator table hides it
create or replace table marts.informatization_index_public as
select
    i.area_code,
    i.year,
    case when p.suppressed then null else i.value end as value,
    i.inputs,
    i.n_inputs,
    -- a change needs both years published
    case when p.suppressed or q.suppressed then null else i.change end as change,
    i.change_inputs,
    i.comparable,
    coalesce(p.suppressed, false) as suppressed
from marts.informatization_index as i
left join marts.indicator_values_public as p on p.indicator = 'informatization_index' and p.area_code = i.area_code and p.year = i.year and not p.projected
left join marts.indicator_values_public as q on q.indicator = 'informatization_index' and q.area_code = i.area_code and q.year = i.year - 1 and not q.projected
order by i.year, i.area_code;
