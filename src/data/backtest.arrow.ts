// Projection backtests (v2): the latest observed year projected from earlier ones at each horizon (5, 10 years),
// with the algebraic (pe) and absolute (ape) percentage errors, for the population and the 60+ and 65+.
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
    b.ape,
    b.horizon_years,
    b.pe
  from marts.projection_backtest as b
  left join marts.areas as a on a.area_code = b.district_code
  where b.indicator in ('pop_total', 'pop_60p', 'share_65p')
  order by sort_order, b.indicator, b.horizon_years
`);
