-- meta.run_datasets: one row per dataset of the run, from a JSON list (one statement, whatever the count).
-- $1 run id, $2 [{dataset, file, status, rows_read, rows_loaded, rows_rejected, warnings, seconds, message}]
insert into meta.run_datasets
select $1, dataset, file, status, rows_read, rows_loaded, rows_rejected, warnings, seconds, message
from (select unnest(from_json($2::json, '[{"dataset":"VARCHAR","file":"VARCHAR","status":"VARCHAR","rows_read":"BIGINT","rows_loaded":"BIGINT","rows_rejected":"BIGINT","warnings":"BIGINT","seconds":"DOUBLE","message":"VARCHAR"}]'), recursive := true))
