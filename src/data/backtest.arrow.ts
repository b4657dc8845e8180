// Projection backtest: the latest observed year projected from earlier ones, with the absolute percentage error.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    b.district_code as area_code,
    coalesce(a.name_zh, b.district_code) as name_zh,
    coalesce(a.name_en, b.district_code) as name_en,
    coalesce(a.sort_order, 999) as sort_order,
    b.base_years,
    b.target_year,
    b.indicator,
    b.observed,
    b.projected,
    b.ape
  from marts.projection_backtest as b
  left join marts.areas as a on a.area_code = b.district_code
  order by sort_order, b.indicator
`);
