insert into staging.tasks
select task_id, year::integer, title, category, lead_unit, district_code, unit, target, due
from _clean
order by _line;
