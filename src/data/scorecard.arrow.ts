// District scorecard (区县督导): score, rank, change on last year (over the items scored in both years) and tier per
// area and year, from the published item values (marts.district_scorecard_public; items scored: 6 of 7).
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
    s.indicators_total,
    s.change_items,
    s.comparable,
    s.tier,
    t.label_zh as tier_zh,
    t.label_en as tier_en
  from marts.district_scorecard_public as s
  join marts.areas as a using (area_code)
  left join marts.score_tiers as t using (tier)
  order by s.year, s.rank nulls first, a.sort_order
`);
