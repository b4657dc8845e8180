// City-wide service orders by month, service and channel (small cells already suppressed in the mart).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select month, year, service, channel, orders, completed, cancelled, subsidy_yuan, rated, avg_rating, suppressed
  from marts.orders_monthly_public
  -- districts by year come from the indicator table; monthly detail is shown for the city only
  where area_code = 'CITY'
  order by month, service, channel
`);
