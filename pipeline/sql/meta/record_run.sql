-- One row of meta.runs for the run being published. $1 run id, $2 started (ISO), $3 as-of date, $4 input folder,
-- $5 versions (JSON), $6 seconds per stage (JSON), $7 the report's path.
insert into meta.runs
select $1, $2::timestamptz::timestamp, now()::timestamp, $3::date, $4, 'published', $5::json, $6::json, $7
