// One row of run facts for the pages: the as-of date, whether the data are synthetic, the projection horizon, whether
// the run was a census start (population from the 2010 and 2020 censuses, docs/init-city.md).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    max(value) filter (where key = 'as_of') as as_of,
    coalesce(max(value) filter (where key = 'demo'), 'false') = 'true' as demo,
    try_cast(max(value) filter (where key = 'projection_horizon') as integer) as projection_horizon,
    try_cast(max(value) filter (where key = 'k') as integer) as k,
    coalesce(max(value) filter (where key = 'census_start'), 'false') = 'true' as census_start
  from meta.params
`);
