// City-wide service orders (every status) by month, service and channel (small cells already suppressed in the mart).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select month, year, service, channel, orders, suppressed
  from marts.orders_monthly_public
  -- districts by year come from the indicator table; monthly detail is shown for the city only
  where area_code = 'CITY'
  order by month, service, channel
`);
