insert into staging.task_progress
select task_id, reported_on, value, note
from _clean
order by _line;
