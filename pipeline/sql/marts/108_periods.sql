-- v2 periods: what part of each year the data cover. Flow figures (orders, visits, subsidies) of a year run from
-- 1 January to period_end = the earliest of 31 December, the as-of date and the end of the latest month with order
-- data in that year; a year whose period_end is before 31 December is partial (period 'ytd', months = the months
-- it reaches). Stock figures (beds, facilities, registered elders) are values at stock_date = 31 December, or the
-- as-of date in the as-of year. A change shown for a year compares the same span of the year before: flows up to
-- prior_period_end (period_end one year earlier), available when the previous year's data reach that date
-- (prior_comparable); stocks with the previous year-end.
create or replace table marts.periods as
with
params as (
    select cast(value as date) as as_of from meta.params where key = 'as_of'
),

bounds as (
    select
        least(
            (select min(year) from staging.facilities),
            (select min(year(ordered_at)) from staging.service_orders),
            (select min(year(registered_on)) from staging.elders),
            (select year(as_of) from params)
        ) as first_year,
        (select year(as_of) from params) as last_year
),

years as (
    select cast(unnest(generate_series(first_year, last_year)) as integer) as year from bounds
),

data_months as (
    select cast(year(ordered_at) as integer) as year, max(cast(date_trunc('month', ordered_at) as date)) as last_month
    from staging.service_orders
    where cast(ordered_at as date) <= (select as_of from params)
    group by all
),

ends as (
    select
        y.year,
        least(make_date(y.year, 12, 31), (select as_of from params)) as stock_date,
        -- no order data: flows have no period of their own, and the stock date stands in
        least(make_date(y.year, 12, 31), (select as_of from params), coalesce(last_day(d.last_month), make_date(y.year, 12, 31))) as period_end,
        d.last_month is not null as has_flows
    from years as y
    left join data_months as d using (year)
),

final as (
    select
        e.year,
        case when e.period_end < make_date(e.year, 12, 31) then 'ytd' else 'year' end as period,
        -- months reached; a period ending inside a month (an as-of date mid-month) counts that month
        cast(month(e.period_end) as integer) as months,
        make_date(e.year, 1, 1) as period_start,
        e.period_end,
        e.stock_date,
        e.has_flows,
        -- one year earlier (29 February becomes 28 February)
        cast(e.period_end - interval 1 year as date) as prior_period_end,
        coalesce(p.has_flows and p.period_end >= cast(e.period_end - interval 1 year as date), false) as prior_comparable,
        case
            when e.period_end = make_date(e.year, 12, 31) then '全年'
            when e.period_end = last_day(e.period_end) then
                case when month(e.period_end) = 1 then '1月' else '1–' || month(e.period_end) || '月' end
            else '1月1日–' || month(e.period_end) || '月' || day(e.period_end) || '日'
        end as label_zh,
        case
            when e.period_end = make_date(e.year, 12, 31) then 'full year'
            when e.period_end = last_day(e.period_end) then
                case when month(e.period_end) = 1 then 'Jan' else 'Jan–' || strftime(e.period_end, '%b') end
            else '1 Jan–' || day(e.period_end) || ' ' || strftime(e.period_end, '%b')
        end as label_en
    from ends as e
    left join ends as p on p.year = e.year - 1
)

select * from final order by year;
