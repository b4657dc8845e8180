-- Rows DuckDB could not split into the header's columns (temp table _ragged: line, reason) as rejects.
-- $1 dataset, $2 file
insert into quality.rejects select $1, $2, line, null, null, null, reason from _ragged order by line
