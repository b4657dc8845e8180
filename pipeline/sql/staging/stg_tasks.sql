-- Input: temp table _clean, the checked rows of tasks kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/tasks.ts. Runs on its own given that table.
insert into staging.tasks
select task_id, year::integer, title, category, lead_unit, district_code, unit, target, due
from _clean
order by _line;
