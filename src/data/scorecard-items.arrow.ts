// Indicator scores behind the district scorecard (heatmap district × indicator): the public items, an item hidden for
// disclosure has no value or score (marts.district_scorecard_items_public).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    i.area_code,
    i.year,
    i.indicator,
    r.name_zh,
    r.name_en,
    r.unit_zh,
    r.unit_en,
    r.sort_order,
    i.value,
    i.target,
    i.target_direction,
    i.status,
    i.weight,
    i.score,
    i.suppressed
  from marts.district_scorecard_items_public as i
  left join marts.indicator_registry as r on r.code = i.indicator
  order by i.year, r.sort_order, i.area_code
`);
