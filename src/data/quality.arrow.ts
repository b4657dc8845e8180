// Rejected rows and warnings of the latest load, counted by dataset × column × reason (no values).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  with issues as (
    select 'reject' as kind, dataset, column_name, reason, file from quality.rejects
    union all
    select 'warning' as kind, dataset, column_name, reason, file from quality.warnings
  )
  select kind, dataset, column_name, reason, count(*)::integer as rows, count(distinct file)::integer as files
  from issues
  group by all
  order by kind, rows desc, dataset, reason
`);
