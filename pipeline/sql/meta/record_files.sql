-- meta.run_files: one row per file read, from a JSON list. $1 run id, $2 [{dataset, file, bytes, sha256, encoding, delimiter, sheet}]
insert into meta.run_files
select $1, dataset, file, bytes, sha256, encoding, delimiter, sheet
from (select unnest(from_json($2::json, '[{"dataset":"VARCHAR","file":"VARCHAR","bytes":"BIGINT","sha256":"VARCHAR","encoding":"VARCHAR","delimiter":"VARCHAR","sheet":"VARCHAR"}]'), recursive := true))
