-- orders by month for the site: counts below k hidden, and a second district where the city total would give one away
create or replace table marts.orders_monthly_public as
with
params as (
    select cast(value as double) as k from meta.params where key = 'k'
),

counts as (
    select month, area_code, service, channel, measure, n
    from marts.orders_monthly
    unpivot (n for measure in (orders, completed, cancelled, pending, rated))
),

primary_cells as (
    select *, n < (select k from params) as primary_suppressed from counts
),

groups as (
    select
        month, service, channel, measure,
        count(*) filter (where area_code <> 'CITY' and primary_suppressed) as districts_suppressed,
        coalesce(bool_or(area_code = 'CITY' and not primary_suppressed), false) as city_published
    from primary_cells
    group by month, service, channel, measure
),

-- one hidden district cell is the city total minus the others: hide the next smallest district cell too
complementary as (
    select month, service, channel, measure, area_code
    from (
        select
            p.*,
            row_number() over (partition by p.month, p.service, p.channel, p.measure order by p.n, p.area_code) as rn
        from primary_cells as p
        join groups as g using (month, service, channel, measure)
        where g.districts_suppressed = 1 and g.city_published and p.area_code <> 'CITY' and not p.primary_suppressed
    )
    where rn = 1
),

flagged as (
    select p.*, p.primary_suppressed or c.area_code is not null as suppressed
    from primary_cells as p
    left join complementary as c using (month, service, channel, measure, area_code)
),

hidden as (
    select
        month, area_code, service, channel,
        bool_or(suppressed) filter (where measure = 'orders') as orders_hidden,
        bool_or(suppressed) filter (where measure = 'completed') as completed_hidden,
        bool_or(suppressed) filter (where measure = 'cancelled') as cancelled_hidden,
        bool_or(suppressed) filter (where measure = 'pending') as pending_hidden,
        bool_or(suppressed) filter (where measure = 'rated') as rated_hidden
    from flagged
    group by month, area_code, service, channel
)

select
    o.month,
    o.year,
    o.area_code,
    o.service,
    o.channel,
    case when h.orders_hidden then null else o.orders end as orders,
    case when h.completed_hidden then null else o.completed end as completed,
    case when h.cancelled_hidden then null else o.cancelled end as cancelled,
    case when h.pending_hidden then null else o.pending end as pending,
    -- money and ratings are sums over completed / rated orders: hidden with their count
    case when h.completed_hidden then null else o.fee_yuan end as fee_yuan,
    case when h.completed_hidden then null else o.subsidy_yuan end as subsidy_yuan,
    case when h.rated_hidden then null else o.rated end as rated,
    case when h.rated_hidden then null else o.avg_rating end as avg_rating,
    h.orders_hidden or h.completed_hidden or h.cancelled_hidden or h.pending_hidden or h.rated_hidden as suppressed
from marts.orders_monthly as o
join hidden as h using (month, area_code, service, channel)
order by o.month, o.area_code, o.service, o.channel;
