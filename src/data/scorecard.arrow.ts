// District scorecard (区县督导): score, rank, change on last year and tier per area and year.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    s.area_code,
    a.name_zh,
    a.name_en,
    a.is_city,
    a.sort_order,
    s.year,
    s.score,
    s.rank,
    s.score_change,
    s.indicators_scored,
    s.tier,
    t.label_zh as tier_zh,
    t.label_en as tier_en
  from marts.district_scorecard as s
  join marts.areas as a using (area_code)
  left join marts.score_tiers as t using (tier)
  order by s.year, s.rank nulls first, a.sort_order
`);
