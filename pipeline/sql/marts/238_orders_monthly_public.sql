-- orders by month for the site: the city only, orders of every status by service and channel, hidden where the
-- disclosure model hides them (235_disclosure_cells.sql). The split by status and the districts by month are not
-- published: with the totals published they gave small cells away by subtraction, and protecting them tied whole
-- years of cells together (docs/indicators.md). Districts by year are in indicator_values_public.
create or replace table marts.orders_monthly_public as
select
    o.month,
    o.year,
    o.area_code,
    o.service,
    o.channel,
    case when h.cell_id is null then o.orders end as orders,
    h.cell_id is not null as suppressed
from marts.orders_monthly as o
left join (select distinct cell_id from work.dc_hidden) as h
    on h.cell_id = 'om:orders:' || o.area_code || ':' || strftime(o.month, '%Y-%m') || ':' || o.service || ':' || o.channel
where o.area_code = 'CITY'
order by o.month, o.area_code, o.service, o.channel;
