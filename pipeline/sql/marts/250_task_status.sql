-- annual tasks at the as-of date: progress against target, the share of time elapsed, and a status
create or replace table marts.task_status as
with
params as (
    select cast(value as date) as as_of from meta.params where key = 'as_of'
),

-- reports after the as-of date are not known yet at that date
latest as (
    select
        task_id,
        arg_max(value, reported_on) as latest_value,
        max(reported_on) as latest_reported_on
    from staging.task_progress
    where reported_on <= (select as_of from params)
    group by task_id
),

measured as (
    select
        t.*,
        (select as_of from params) as as_of,
        l.latest_value,
        l.latest_reported_on,
        l.latest_value / nullif(t.target, 0) * 100 as progress_pct,
        -- elapsed share of the time from 1 January of the task's year to its due date, within 0–100
        case
            when t.due <= make_date(t.year, 1, 1) then 100
            else least(100, greatest(0,
                date_diff('day', make_date(t.year, 1, 1), (select as_of from params))
                / date_diff('day', make_date(t.year, 1, 1), t.due) * 100))
        end as expected_pct
    from staging.tasks as t
    left join latest as l using (task_id)
),

-- the first rule that applies wins; a task with nothing reported has made no progress
final as (
    select
        *,
        case
            when coalesce(progress_pct, 0) >= 100 then 'done'
            when as_of > due then 'overdue'
            when coalesce(progress_pct, 0) >= expected_pct - 10 then 'on_track'
            when coalesce(progress_pct, 0) >= expected_pct - 25 then 'at_risk'
            else 'behind'
        end as status
    from measured
)

select
    task_id, year, title, category, lead_unit, district_code, unit, target, due,
    as_of, latest_value, latest_reported_on, progress_pct, expected_pct, status
from final
order by year, task_id;
