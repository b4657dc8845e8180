// One row of run facts for the pages: the as-of date, whether the data are synthetic, the projection horizon.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    max(value) filter (where key = 'as_of') as as_of,
    coalesce(max(value) filter (where key = 'demo'), 'false') = 'true' as demo,
    try_cast(max(value) filter (where key = 'projection_horizon') as integer) as projection_horizon,
    try_cast(max(value) filter (where key = 'k') as integer) as k
  from meta.params
`);
