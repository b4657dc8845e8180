-- all indicator cells in one place (with the record counts disclosure control needs), then with their targets
-- rounded to 8 decimals: sums of doubles come out in a different order on each run (parallel aggregation),
-- which changes the last bits; rounding makes reruns on the same inputs give the same figures
create or replace table work.iv_all as
select * replace (round(value, 8) as value, round(numerator, 8) as numerator, round(denominator, 8) as denominator,
    round(pi_lower, 8) as pi_lower, round(pi_upper, 8) as pi_upper)
from (
    select * from work.iv_aging
    union all by name
    select * from work.iv_capacity
    union all by name
    select * from work.iv_services
    union all by name
    select * from work.iv_informatization
);

-- v2 periods: each cell's period (marts.periods), and the value it is compared with: for a flow in a partial year
-- the same months of the year before (work.iv_prior_span, NULL where those months are not covered), for a flow in
-- a full year the previous full year, for a stock the previous year-end, for population the previous year
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
        c.projected,
        c.pi_lower,
        c.pi_upper
    from cells as c
    left join marts.targets_in_force as t using (indicator, area_code, year)
),

described as (
    select
        t.*,
        r.period_basis,
        p.year is not null as in_periods,
        p.period as year_period,
        p.months as flow_months,
        p.period_end as flow_end,
        p.stock_date,
        p.prior_period_end as flow_prior_end,
        q.period as prior_year_period
    from targeted as t
    join marts.indicator_registry as r on r.code = t.indicator
    left join marts.periods as p on p.year = t.year
    left join marts.periods as q on q.year = t.year - 1
),

periods as (
    select
        d.*,
        case when d.period_basis is not null and d.year_period = 'ytd' then 'ytd' else 'year' end as period,
        case
            when d.period_basis = 'flow' and d.in_periods then d.flow_months
            when d.period_basis = 'stock' and d.in_periods then cast(month(d.stock_date) as integer)
            else 12
        end as months,
        case
            when d.period_basis = 'flow' and d.in_periods then d.flow_end
            when d.period_basis = 'stock' and d.in_periods then d.stock_date
            else make_date(d.year, 12, 31)
        end as period_end
    from described as d
),

compared as (
    select
        p.*,
        case
            when p.period_basis = 'flow' and p.period = 'ytd' then s.value
            -- a full year is not compared with a partial one
            when p.period_basis = 'flow' and p.prior_year_period = 'ytd' then null
            else y.value
        end as prior_value,
        case
            when p.period_basis = 'flow' and p.period = 'ytd' then p.flow_prior_end
            else make_date(p.year - 1, 12, 31)
        end as prior_period_end
    from periods as p
    left join work.iv_prior_span as s using (indicator, area_code, year)
    left join targeted as y on y.indicator = p.indicator and y.area_code = p.area_code and y.year = p.year - 1
)

-- a stable row order, so that exports of the same inputs are identical byte for byte
select
    indicator,
    area_code,
    year,
    value,
    numerator,
    denominator,
    target,
    status,
    projected,
    -- v2 columns, after the original ones
    period,
    months,
    period_end,
    round(prior_value, 8) as prior_value,
    case when prior_value is null then null else prior_period_end end as prior_period_end,
    round(value - prior_value, 8) as change,
    round((value - prior_value) / nullif(abs(prior_value), 0) * 100, 8) as change_pct,
    -- v2 projections: the empirical prediction interval (10th–90th percentile of the backtest errors at the horizon)
    pi_lower,
    pi_upper
from compared
order by indicator, area_code, year, projected;
