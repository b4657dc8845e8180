// The one suppression routine for every public table (spec v2 "Disclosure control"). It reads the disclosure model
// that 235_disclosure_cells.sql declares (cells, rows published together, relations) and writes work.dc_hidden:
//   1. primary: counts below k (zero included), amounts over fewer than k records;
//   2. rows: a row published as a unit (a rate, its numerator and denominator) is hidden whole;
//   3. complementary, for every declared equation (and inequality with a total): no equation may hold exactly one hidden cell (it would be the
//      published total minus the rest), and where the total is published, the hidden parts beside a primary cell
//      must hold at least k between them (else the primary cell's range is narrower than k). The cell added is the
//      smallest published part that brings the hidden parts to k, else the largest part, else the total.
// Steps 2–3 repeat, set-based in SQL, until nothing changes; then the LP audit (audit.ts) checks the pattern against
// all relations at once, and where a primary cell can still be narrowed below k, one more part of each of its
// equations is hidden and the audit runs again.
import type {Db} from "../db.ts";
import {auditWarehouse, type AuditResult} from "./audit.ts";

export interface ProtectResult {
  passes: number;
  auditRounds: number;
  /** Seconds in the LP audit (all rounds), and in the whole routine (suppression and audit). */
  auditSeconds: number;
  totalSeconds: number;
  primary: number;
  hidden: number;
  audit: AuditResult;
}

const MAX_PASSES = 200;
const MAX_AUDIT_ROUNDS = 10;

async function count(db: Db, sql: string): Promise<number> {
  return Number((await db.one<{n: number | bigint}>(sql))?.n ?? 0);
}

/** Hide whole rows, then one cell for each violated equation; returns how many cells were added. */
async function pass(db: Db, k: number, n: number): Promise<number> {
  const before = await count(db, "select count(*) as n from work.dc_hidden");
  await db.run(`
    insert into work.dc_hidden
    select distinct m2.cell_id, 'row', ${n}
    from work.dc_members as m1
    join work.dc_hidden as h on h.cell_id = m1.cell_id
    join work.dc_members as m2 on m2.row_id = m1.row_id
    where m2.cell_id not in (select cell_id from work.dc_hidden)`);
  await db.run(`
    insert into work.dc_hidden
    with
    terms as (
        select t.*, c.kind, c.value, c.is_primary, h.cell_id is not null as hidden
        from work.dc_terms as t
        join work.dc_cells as c using (cell_id)
        left join (select distinct cell_id from work.dc_hidden) as h using (cell_id)
        where t.op = 'eq' or t.relation_id in (select relation_id from work.dc_terms where role = 'total')
    ),
    relations as (
        select
            relation_id,
            count(*) filter (where hidden) as n_hidden,
            coalesce(bool_or(hidden and role = 'total'), false) as total_hidden,
            coalesce(bool_or(hidden and is_primary and kind = 'count' and role = 'part'), false) as primary_part,
            coalesce(sum(value) filter (where hidden and role = 'part' and kind = 'count'), 0) as hidden_parts
        from terms
        group by relation_id
    ),
    violated as (
        select relation_id, greatest(${k} - hidden_parts, 0) as need
        from relations
        where n_hidden = 1 or (not total_hidden and primary_part and hidden_parts < ${k})
    ),
    candidates as (
        select
            t.cell_id,
            row_number() over (
                partition by t.relation_id
                order by t.role = 'total', t.value >= v.need and t.value > 0 desc,
                    case when t.value >= v.need and t.value > 0 then t.value else -t.value end, t.cell_id
            ) as rn
        from terms as t
        join violated as v using (relation_id)
        where not t.hidden
    )
    select distinct cell_id, 'complementary', ${n} from candidates where rn = 1`);
  return (await count(db, "select count(*) as n from work.dc_hidden")) - before;
}

async function settle(db: Db, k: number, from: number): Promise<number> {
  let n = from;
  while ((await pass(db, k, ++n)) > 0) {
    if (n - from > MAX_PASSES) throw new Error(`disclosure: complementary suppression did not settle in ${MAX_PASSES} passes`);
  }
  return n;
}

/** Choose the hidden cells of every public table (work.dc_hidden) and audit them; fails when no safe pattern is found. */
export async function protect(db: Db, k: number): Promise<ProtectResult> {
  const t0 = performance.now();
  await db.run(`
    create or replace table work.dc_hidden (cell_id varchar, reason varchar, pass integer);
    insert into work.dc_hidden select cell_id, 'primary', 0 from work.dc_cells where is_primary and ${k} > 0;`);
  let passes = await settle(db, k, 0);
  let audit = await auditWarehouse(db, k);
  let auditSeconds = audit.seconds;
  let rounds = 1;
  while (!audit.passed) {
    if (rounds >= MAX_AUDIT_ROUNDS) {
      const list = audit.failures.slice(0, 10).map((f) => `${f.cell_id} ∈ [${f.lo}, ${f.hi}]`).join("; ");
      throw new Error(`disclosure: ${audit.failures.length} suppressed cells can still be narrowed below k = ${k} after ${rounds} audit rounds: ${list}`);
    }
    // widen: one more published part in each equation that holds a failing cell
    await db.run("create or replace temp table dc_failing (cell_id varchar)");
    await db.run(`insert into dc_failing values ${audit.failures.map((f) => `('${f.cell_id.replaceAll("'", "''")}')`).join(", ")}`);
    await db.run(`
      insert into work.dc_hidden
      with
      rels as (select distinct relation_id from work.dc_terms where cell_id in (select cell_id from dc_failing)),
      candidates as (
          select t.cell_id, row_number() over (partition by t.relation_id order by t.role = 'total', c.value >= ${k} desc, case when c.value >= ${k} then c.value else -c.value end, t.cell_id) as rn
          from work.dc_terms as t
          join rels using (relation_id)
          join work.dc_cells as c using (cell_id)
          where t.cell_id not in (select cell_id from work.dc_hidden)
      )
      select distinct cell_id, 'audit', ${passes + 1} from candidates where rn = 1`);
    passes = await settle(db, k, passes + 1);
    audit = await auditWarehouse(db, k);
    auditSeconds += audit.seconds;
    rounds++;
  }
  return {
    passes,
    auditRounds: rounds,
    auditSeconds,
    totalSeconds: (performance.now() - t0) / 1000,
    primary: await count(db, "select count(*) as n from work.dc_hidden where reason = 'primary'"),
    hidden: await count(db, "select count(distinct cell_id) as n from work.dc_hidden"),
    audit
  };
}

/** Seconds to the millisecond: a timing's last digits are noise (and a long digit run looks like an ID number to the scans). */
const seconds = (s: number): number => Math.round(s * 1000) / 1000;

/** Record the audit in the warehouse (meta, not exported): the intervals of every hidden cell, and a summary. */
export async function recordAudit(db: Db, result: ProtectResult): Promise<void> {
  const a = result.audit;
  await db.run(`
    create or replace table meta.disclosure_audit (cell_id varchar, family varchar, kind varchar, is_primary boolean, block integer, lo double, hi double, width double, safe boolean);
    create or replace table meta.disclosure_audit_summary (k integer, passed boolean, hidden integer, primary_cells integer, blocks integer, largest_block integer, lps integer, audit_rounds integer, passes integer, audit_seconds double, total_seconds double);`);
  const chunk = 2000;
  for (let i = 0; i < a.intervals.length; i += chunk) {
    const rows = a.intervals.slice(i, i + chunk).map((c) =>
      `('${c.cell_id.replaceAll("'", "''")}', '${c.family}', '${c.kind}', ${c.is_primary}, ${c.block}, ${c.lo}, ${Number.isFinite(c.hi) ? c.hi : "'inf'::double"}, ${Number.isFinite(c.width) ? c.width : "'inf'::double"}, ${c.safe})`);
    await db.run(`insert into meta.disclosure_audit values ${rows.join(", ")}`);
  }
  await db.run(`insert into meta.disclosure_audit_summary values (${a.k}, ${a.passed}, ${a.hidden}, ${a.primary}, ${a.blocks}, ${a.largestBlock}, ${a.lps}, ${result.auditRounds}, ${result.passes}, ${seconds(result.auditSeconds)}, ${seconds(result.totalSeconds)})`);
}
