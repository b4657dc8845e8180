// Annual tasks at the as-of date, counted by status, for the overview's "tasks on track" card.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, status, count(*)::integer as tasks
  from marts.task_status
  group by year, status
  order by year, status
`);
