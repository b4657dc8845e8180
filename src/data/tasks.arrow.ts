// Annual tasks (年度任务) at the as-of date: progress, expected-by-now and status.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    t.task_id,
    t.year,
    t.title,
    t.category,
    t.lead_unit,
    t.district_code,
    -- A task without a district is city-wide.
    coalesce(a.name_zh, '全市') as district_zh,
    coalesce(a.name_en, 'City') as district_en,
    t.unit,
    t.target,
    t.due,
    t.as_of,
    t.latest_value,
    t.latest_reported_on,
    t.progress_pct,
    t.expected_pct,
    t.status
  from marts.task_status as t
  left join marts.areas as a on a.area_code = t.district_code
  order by t.year, t.lead_unit, t.task_id
`);
