-- After a dataset's rejects are written: the rows kept become temp table _clean (the input of its warnings and of
-- staging/stg_<dataset>.sql), and what the checks left behind goes.
drop table if exists _clean;
delete from _checked where not _ok or _line in (select _line from _xrej);
alter table _checked rename to _clean;
drop table _xrej;
