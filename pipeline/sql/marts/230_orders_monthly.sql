-- service orders by month, area, service and channel (true counts; see 231 for the public version)
create or replace table marts.orders_monthly as
with
-- (not materialized: the two reads below scan staging's columns, where a materialized copy of every order would
-- spill; service, channel and status stay ENUMs, one byte each, until they are grouped)
orders as not materialized (
    select district_code, service, channel, status, fee_yuan, subsidy_yuan, rating, cast(date_trunc('month', ordered_at) as date) as month
    from staging.service_orders
),

located as (
    select *, district_code as area_code from orders
    union all
    select *, 'CITY' as area_code from orders
),

final as (
    select
        month,
        cast(year(month) as integer) as year,
        area_code,
        -- (text in the mart, as its exports have them)
        located.service::varchar as service,
        located.channel::varchar as channel,
        cast(count(*) as integer) as orders,
        cast(count(*) filter (where status = 'completed') as integer) as completed,
        cast(count(*) filter (where status = 'cancelled') as integer) as cancelled,
        cast(count(*) filter (where status = 'pending') as integer) as pending,
        -- money is counted on completed orders, like subsidy_total; summed as exact decimals (to 0.0001 yuan) because a
        -- parallel sum of doubles differs from run to run in the last digits
        coalesce(sum(fee_yuan::decimal(18, 4)) filter (where status = 'completed'), 0)::double as fee_yuan,
        coalesce(sum(subsidy_yuan::decimal(18, 4)) filter (where status = 'completed'), 0)::double as subsidy_yuan,
        cast(count(rating) filter (where status = 'completed') as integer) as rated,
        avg(rating) filter (where status = 'completed') as avg_rating
    from located
    group by month, area_code, located.service, located.channel
)

select * from final order by month, area_code, service, channel;
