-- Input: temp table _clean, the checked rows of task_progress kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/task_progress.ts. Runs on its own given that table.
insert into staging.task_progress
select task_id, reported_on, value, note
from _clean
order by _line;
