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
    where r.span = 'period'
),

-- v2 periods: the same months of the year before a partial year (prior_value), hidden where the model hides them
hidden_prior as (
    select distinct r.indicator, r.area_code, r.year
    from work.dc_iv_rows as r
    join work.dc_hidden as h using (cell_id)
    where r.span = 'prior'
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
        f.projected,
        f.period, f.months, f.period_end, f.prior_value, f.prior_period_end, f.change, f.change_pct, f.pi_lower, f.pi_upper
    from flagged as f
    left join composites_hidden as h using (indicator, area_code, year)
    union all by name
    -- a district none of whose items is published has no public score
    -- its change only over the same items as the year before (like with like): none where the items changed
    select 'district_score' as indicator, area_code, year, score is null as suppressed, round(score, 8) as value,
        round(weighted_score_sum, 8) as numerator, round(weight_sum, 8) as denominator, null as target, null as status, false as projected,
        case when comparable then round(score - score_change, 8) end as prior_value,
        case when comparable then make_date(year - 1, 12, 31) end as prior_period_end,
        case when comparable then score_change end as change,
        case when comparable then round(score_change / nullif(score - score_change, 0) * 100, 8) end as change_pct
    from marts.district_scorecard_public
    union all by name
    select 'district_rank' as indicator, area_code, year, score is null as suppressed, rank as value, null as numerator, null as denominator,
        null as target, null as status, false as projected
    from marts.district_scorecard_public
    where area_code <> 'CITY'
),

-- the value a change is measured against is published only where it is published itself: the previous year's cell,
-- or for a partial year's flows the same months of the year before (a cell of the disclosure model)
prior_hidden as (
    select
        f.indicator,
        f.area_code,
        f.year,
        case
            when f.period = 'ytd' and r.period_basis = 'flow' then hp.indicator is not null
            else coalesce(p.suppressed, false)
        end
        -- the index over other inputs than the year before is not compared with it (marts.informatization_index)
        or (f.indicator = 'informatization_index' and not coalesce(ii.comparable, false)) as hidden
    from final as f
    join marts.indicator_registry as r on r.code = f.indicator
    left join hidden_prior as hp using (indicator, area_code, year)
    left join marts.informatization_index as ii on f.indicator = 'informatization_index' and ii.area_code = f.area_code and ii.year = f.year
    left join final as p on p.indicator = f.indicator and p.area_code = f.area_code and p.year = f.year - 1
),

published as (
    select f.*, coalesce(h.hidden, false) or f.suppressed as prior_hidden
    from final as f
    left join prior_hidden as h using (indicator, area_code, year)
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
    suppressed,
    -- v2 columns (periods, comparisons, prediction intervals)
    period,
    months,
    period_end,
    case when prior_hidden then null else prior_value end as prior_value,
    case when prior_hidden then null else prior_period_end end as prior_period_end,
    case when prior_hidden then null else change end as change,
    case when prior_hidden then null else change_pct end as change_pct,
    case when suppressed then null else pi_lower end as pi_lower,
    case when suppressed then null else pi_upper end as pi_upper
from published
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
