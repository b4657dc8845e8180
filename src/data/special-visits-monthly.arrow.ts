// Monthly visit rate of elders in special hardship, city and districts (small cells suppressed in the mart).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select month, year, area_code, special_elders, visited, visit_rate_pct, suppressed
  from marts.special_visits_monthly_public
  order by area_code, month
`);
