// Every published indicator value (observed and projected, city and districts): the pages' common table.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select indicator, area_code, year, value, target, status, projected, suppressed,
    -- v2: the period a value covers, what it is compared with (computed in the marts), and projection intervals
    period, months, period_end, prior_value, prior_period_end, change, change_pct, pi_lower, pi_upper
  from marts.indicator_values_public
  -- the supervision scores belong to the supervision pages, which load their own marts
  where indicator not in ('district_score', 'district_rank')
  order by indicator, area_code, year
`);
