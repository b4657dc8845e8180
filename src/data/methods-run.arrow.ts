// The run that built the warehouse (the latest published one) and the pipeline's parameters.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  with latest as (
    select * from meta.runs order by finished_at desc nulls last, started_at desc limit 1
  )
  select
    run_id,
    started_at,
    finished_at,
    as_of,
    status,
    -- JSON columns travel as text; the page parses them.
    versions::varchar as versions,
    stage_seconds::varchar as stage_seconds,
    (select value from meta.params where key = 'k') as k,
    (select value from meta.params where key = 'projection_horizon') as projection_horizon,
    (select value from meta.params where key = 'demo') as demo,
    -- the disclosure audit of this run (pipeline/disclosure): cells hidden, blocks and LPs solved, whether it passed
    a.passed as audit_passed,
    a.hidden as audit_hidden,
    a.primary_cells as audit_primary,
    a.blocks as audit_blocks,
    a.lps as audit_lps,
    -- of the hidden cells, those of indicator_values_public (an indicator's numerator, e.g. elders assessed); the rest
    -- are counts of the monthly tables (orders, visits): the methods page says what each count of cells counts
    (select count(*) from meta.disclosure_audit where family = 'indicators')::integer as audit_hidden_indicators,
    a.total_seconds as audit_seconds
  from latest
  left join meta.disclosure_audit_summary as a on true
`);
