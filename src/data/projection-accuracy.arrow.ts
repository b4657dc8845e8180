// Projection accuracy (v2): MAPE and MALPE per area and backtest horizon, for the population and the 60+ and 65+.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    a.area_code,
    coalesce(r.name_zh, case a.area_code when 'DISTRICTS' then '各区县平均' else a.area_code end) as name_zh,
    coalesce(r.name_en, case a.area_code when 'DISTRICTS' then 'Mean over districts' else a.area_code end) as name_en,
    -- the mean over districts first (the figure the literature reports), then the city and the districts
    case a.area_code when 'DISTRICTS' then -1 else coalesce(r.sort_order, 999) end as sort_order,
    a.horizon_years,
    a.indicator,
    a.n,
    a.mape,
    a.malpe
  from marts.projection_accuracy as a
  left join marts.areas as r on r.area_code = a.area_code
  where a.indicator in ('pop_total', 'pop_60p', 'share_65p')
  order by sort_order, a.indicator, a.horizon_years
`);
