// Indicator scores behind the district scorecard (heatmap district × indicator).
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
    -- A value suppressed for disclosure on the public table stays hidden here: its score
    -- (value / target) would reveal it.
    case when p.suppressed then null else i.value end as value,
    i.target,
    i.target_direction,
    case when p.suppressed then null else i.status end as status,
    i.weight,
    case when p.suppressed then null else i.score end as score,
    coalesce(p.suppressed, false) as suppressed
  from marts.district_scorecard_items as i
  left join marts.indicator_values_public as p
    on p.indicator = i.indicator and p.area_code = i.area_code and p.year = i.year and not p.projected
  left join marts.indicator_registry as r on r.code = i.indicator
  order by i.year, r.sort_order, i.area_code
`);
