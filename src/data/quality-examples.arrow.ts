// The first three examples of each (kind, dataset, reason), for the data-quality page.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  with issues as (
    select 'reject' as kind, * from quality.rejects
    union all
    select 'warning' as kind, * from quality.warnings
  ),
  numbered as (
    select *, row_number() over (partition by kind, dataset, reason order by file, line, column_name) as n
    from issues
  )
  select
    kind, dataset, file, line, cell, column_name,
    -- Personal identifiers never leave the warehouse, not even masked.
    case when lower(column_name) in ('id_number', 'person_id', 'person', 'person_key') then null else value end as value,
    reason
  from numbered
  where n <= 3
  order by kind, dataset, reason, n
`);
