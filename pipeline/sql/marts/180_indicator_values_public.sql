-- what the site may publish: record-level cells below k hidden, plus a second district cell where the city total would give one away
create or replace table marts.indicator_values_public as
with
params as (
    select cast(value as double) as k from meta.params where key = 'k'
),

cells as (
    select v.*, r.record_level, c.cell_n
    from marts.indicator_values as v
    join marts.indicator_registry as r on r.code = v.indicator
    left join work.iv_all as c using (indicator, area_code, year)
),

-- primary suppression: the records behind the cell are fewer than k (zero included)
primary_cells as (
    select *, coalesce(record_level and cell_n < (select k from params), false) as primary_suppressed
    from cells
),

groups as (
    select
        indicator,
        year,
        count(*) filter (where area_code <> 'CITY' and primary_suppressed) as districts_suppressed,
        coalesce(bool_or(area_code = 'CITY' and not primary_suppressed), false) as city_published
    from primary_cells
    group by indicator, year
),

-- one hidden district cell is the city total minus the others: hide the next smallest district cell too
complementary as (
    select indicator, year, area_code
    from (
        select
            p.indicator,
            p.year,
            p.area_code,
            row_number() over (partition by p.indicator, p.year order by p.cell_n, p.area_code) as n
        from primary_cells as p
        join groups as g using (indicator, year)
        where g.districts_suppressed = 1
          and g.city_published
          and p.record_level
          and p.area_code <> 'CITY'
          and not p.primary_suppressed
          and p.cell_n is not null
    )
    where n = 1
),

flagged as (
    select p.*, p.primary_suppressed or c.area_code is not null as suppressed
    from primary_cells as p
    left join complementary as c using (indicator, year, area_code)
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
),

-- v2 periods: the value a change is measured against is published only where it was published itself (the previous
-- year's cell), or, for the same months of the year before a partial year, where its own record count reaches k
prior_hidden as (
    select
        f.indicator,
        f.area_code,
        f.year,
        case
            when f.period = 'ytd' and r.period_basis = 'flow' then coalesce(r.record_level and s.cell_n < (select k from params), false)
            else coalesce(p.suppressed or ph.indicator is not null, false)
        end as hidden
    from final as f
    join marts.indicator_registry as r on r.code = f.indicator
    left join work.iv_prior_span as s using (indicator, area_code, year)
    left join flagged as p on p.indicator = f.indicator and p.area_code = f.area_code and p.year = f.year - 1
    left join composites_hidden as ph on ph.indicator = f.indicator and ph.area_code = f.area_code and ph.year = f.year - 1
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
