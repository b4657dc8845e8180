-- totals the services page shows, summed over the published cells of marts.orders_monthly_public (city rows)
-- once here rather than in the page: a suppressed cell is left out of a total and counted, never taken as zero,
-- so each total is the published part only (an undercount where suppressed_cells > 0), and no total recovers a
-- suppressed cell.

-- orders per month and service, over the channels
create or replace table marts.orders_service_monthly_public as
select
    month,
    year,
    service,
    coalesce(sum(orders), 0) as orders_published,
    (count(*) filter (where orders is null))::integer as suppressed_cells,
    count(*)::integer as cells
from marts.orders_monthly_public
where area_code = 'CITY'
group by month, year, service
order by month, service;

-- orders per year and service, and each service's share of the year's published orders
create or replace table marts.orders_service_yearly_public as
with totals as (
    select year, service, sum(orders_published) as orders_published, sum(suppressed_cells)::integer as suppressed_cells
    from marts.orders_service_monthly_public
    group by year, service
)
select
    year,
    service,
    orders_published,
    suppressed_cells,
    orders_published / nullif(sum(orders_published) over (partition by year), 0) * 100 as share_pct
from totals
order by year, service;

-- orders per year and channel (published cells only), and each channel's share of the year's published orders
create or replace table marts.orders_channel_yearly_public as
with totals as (
    select year, channel, sum(orders) as orders_published
    from marts.orders_monthly_public
    where area_code = 'CITY' and orders is not null
    group by year, channel
)
select
    year,
    channel,
    orders_published,
    orders_published / nullif(sum(orders_published) over (partition by year), 0) * 100 as share_pct
from totals
order by year, channel;
