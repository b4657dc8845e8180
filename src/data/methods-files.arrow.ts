// Input files of the latest run with what became of them: size, sha256, encoding, rows read/loaded/rejected.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  with latest as (
    select run_id from meta.runs order by finished_at desc nulls last, started_at desc limit 1
  )
  select
    coalesce(f.dataset, d.dataset) as dataset,
    coalesce(f.file, d.file) as file,
    f.bytes,
    f.sha256,
    f.encoding,
    f.delimiter,
    f.sheet,
    d.status,
    d.rows_read,
    d.rows_loaded,
    d.rows_rejected,
    d.warnings,
    d.seconds
  from (select * from meta.run_files where run_id = (select run_id from latest)) as f
  full join (select * from meta.run_datasets where run_id = (select run_id from latest)) as d
    on d.dataset = f.dataset and d.file is not distinct from f.file
  order by dataset, file
`);
