-- task progress: the task must be one of the tasks loaded before
select _line, 'task_id' as column_name, task_id as value, '未知的任务编号（不在任务数据中）/ unknown task (not in tasks)' as reason
from (select * from _checked where _ok) p
where not exists (select 1 from staging.tasks t where t.task_id = p.task_id)
