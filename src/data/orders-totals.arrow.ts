// City-wide order totals the services page shows, over published cells only (marts.orders_*_public, 320):
// kind "month_service", "year_service" or "year_channel"; suppressed_cells counts what a total leaves out.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select 'month_service' as kind, month, year, service, null::varchar as channel, orders_published::double as orders_published, suppressed_cells, null::double as share_pct
  from marts.orders_service_monthly_public
  union all
  select 'year_service', null, year, service, null, orders_published::double, suppressed_cells, share_pct
  from marts.orders_service_yearly_public
  union all
  select 'year_channel', null, year, null, channel, orders_published::double, null, share_pct
  from marts.orders_channel_yearly_public
  order by kind, year, month, service, channel
`);
