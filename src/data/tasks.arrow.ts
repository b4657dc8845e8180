// Annual tasks (年度任务) at the as-of date: progress, expected-by-now and status. A task's progress is what its
// lead unit reported (task_progress); where the platform computes the same indicator (the task's title is an
// indicator's name, 老年人 read as 老人, in the same unit) for the task's area and year, the platform's published figure
// comes beside it (platform_*), so that the tasks page can show both and say which is which.
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
    t.status,
    r.code as platform_indicator,
    v.value as platform_value,
    r.decimals as platform_decimals,
    v.period as platform_period,
    v.period_end as platform_period_end,
    v.target as platform_target,
    v.status as platform_status
  from marts.task_status as t
  left join marts.areas as a on a.area_code = t.district_code
  left join marts.indicator_registry as r on r.name_zh = replace(t.title, '老年人', '老人') and r.unit_zh = t.unit
  left join marts.indicator_values_public as v
    on v.indicator = r.code and v.area_code = coalesce(t.district_code, 'CITY') and v.year = t.year and not v.projected
  order by t.year, t.lead_unit, t.task_id
`);
