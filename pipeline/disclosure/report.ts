// The disclosure audit for the run report: the summary (k, cells hidden, blocks, LPs, seconds, passed) and, per
// public table family, the narrowest intervals of the primary-suppressed cells (no true values).
import type {Db} from "../db.ts";

export async function auditReport(db: Db): Promise<unknown> {
  const summary = await db.one("select * from meta.disclosure_audit_summary").catch(() => undefined);
  if (!summary) return null;
  const families = await db.all(`
    select family, kind, count(*) filter (where is_primary)::integer as primary_cells, count(*) filter (where not is_primary)::integer as complementary_cells,
        round(min(width) filter (where is_primary), 6) as min_primary_width, count(*) filter (where is_primary and isinf(hi))::integer as primary_unbounded
    from meta.disclosure_audit group by family, kind order by family, kind`);
  const narrowest = await db.all(`
    select family, cell_id, round(lo, 6) as lo, case when isinf(hi) then null else round(hi, 6) end as hi, case when isinf(width) then null else round(width, 6) end as width
    from (select *, row_number() over (partition by family order by width, cell_id) as n from meta.disclosure_audit where is_primary)
    where n <= 5 order by family, width, cell_id`);
  return {...summary, families, narrowest_primary_intervals: narrowest};
}
