// One row per dataset of the input contract: did the latest run load it? Pages whose data are absent say which file
// would fill them (components/absent.js). `census_start`: the run was a census start (docs/init-city.md).
import {DATASETS} from "../../pipeline/datasets/contract.ts";
import {literal} from "../../pipeline/db.ts";
import {sheetName} from "../../pipeline/templates.ts";
import {writeArrow} from "./lib/warehouse.ts";

const contract = DATASETS.map(
  (d, i) => `(${i}, ${literal(d.name)}, ${literal(d.zh)}, ${d.required}, ${Boolean(d.optionalInCensusStart)}, ${literal(sheetName(d))})`
).join(", ");

await writeArrow(`
  with latest as (select run_id from meta.runs order by finished_at desc limit 1),
  contract(sort_order, dataset, zh, required, optional_in_census_start, template_sheet) as (values ${contract})
  select c.dataset, c.zh, c.required, c.optional_in_census_start, c.template_sheet,
         coalesce(d.status, 'absent') as status, coalesce(d.rows_loaded, 0)::integer as rows_loaded, d.file
  from contract c left join meta.run_datasets d on d.dataset = c.dataset and d.run_id = (select run_id from latest)
  order by c.sort_order
`);
