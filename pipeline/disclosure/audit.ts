// The intruder's audit (spec v2 "Disclosure control"): from everything published, how narrowly can each hidden cell be
// pinned down? The published figures satisfy the declared relations (work.dc_terms); with the published cells fixed
// and every cell ≥ 0 (integrality relaxed), the smallest and largest value of each hidden cell are two linear
// programmes, solved with HiGHS (npm `highs`, WebAssembly). A pattern is safe when every primary-suppressed count can
// range over at least k, and every hidden amount is not determined. Hidden cells that share no relation are
// independent, so each connected block of hidden cells is solved on its own (many small LPs rather than one large).
import highsModule from "highs";
import type {Highs} from "highs";
import type {Db} from "../db.ts";

// highs ships an ES module whose default export is the loader; its declarations are read as CommonJS here
const loadHighs = highsModule as unknown as () => Promise<Highs>;

export interface AuditCell {
  cell_id: string;
  family: string;
  kind: "count" | "amount";
  value: number;
  is_primary: boolean;
  hidden: boolean;
}

export interface AuditTerm {
  relation_id: string;
  op: "eq" | "le";
  cell_id: string;
  coef: number;
}

export interface CellInterval {
  cell_id: string;
  family: string;
  kind: "count" | "amount";
  is_primary: boolean;
  block: number;
  lo: number;
  hi: number;
  width: number;
  safe: boolean;
}

export interface AuditResult {
  k: number;
  passed: boolean;
  hidden: number;
  primary: number;
  blocks: number;
  largestBlock: number;
  lps: number;
  seconds: number;
  intervals: CellInterval[];
  failures: CellInterval[];
}

let highsPromise: Promise<Highs> | undefined;
const highs = () => (highsPromise ??= loadHighs());

/** Tolerance on the LP bounds (HiGHS' feasibility tolerance is 1e-7; counts are whole numbers). */
const EPS = 1e-6;

class UnionFind {
  parent: number[];
  constructor(n: number) {
    this.parent = Array.from({length: n}, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }
}

/** The audit on a system given in memory: cells with their true values and hidden flags, and the relation terms. */
export async function auditSystem(cells: AuditCell[], terms: AuditTerm[], k: number): Promise<AuditResult> {
  const t0 = performance.now();
  const h = await highs();
  const byId = new Map(cells.map((c) => [c.cell_id, c]));
  const hidden = cells.filter((c) => c.hidden);
  const index = new Map(hidden.map((c, i) => [c.cell_id, i]));
  const relations = new Map<string, AuditTerm[]>();
  for (const t of terms) {
    if (!byId.has(t.cell_id)) throw new Error(`disclosure audit: relation ${t.relation_id} names an unknown cell ${t.cell_id}`);
    const list = relations.get(t.relation_id);
    if (list) list.push(t);
    else relations.set(t.relation_id, [t]);
  }
  // blocks: hidden cells joined by a relation they share (published cells are constants and join nothing)
  const uf = new UnionFind(hidden.length);
  const touching: {terms: AuditTerm[]; first: number}[] = [];
  for (const list of relations.values()) {
    const inside = list.filter((t) => index.has(t.cell_id)).map((t) => index.get(t.cell_id)!);
    if (inside.length === 0) continue;
    for (const i of inside.slice(1)) uf.union(inside[0], i);
    touching.push({terms: list, first: inside[0]});
  }
  const blocks = new Map<number, number[]>();
  hidden.forEach((_, i) => {
    const r = uf.find(i);
    const list = blocks.get(r);
    if (list) list.push(i);
    else blocks.set(r, [i]);
  });
  const rowsOf = new Map<number, {terms: AuditTerm[]}[]>();
  for (const rel of touching) {
    const r = uf.find(rel.first);
    const list = rowsOf.get(r);
    if (list) list.push(rel);
    else rowsOf.set(r, [rel]);
  }

  const intervals: CellInterval[] = [];
  let lps = 0;
  let largestBlock = 0;
  let blockNo = 0;
  for (const [root, members] of blocks) {
    blockNo++;
    largestBlock = Math.max(largestBlock, members.length);
    const local = new Map(members.map((m, j) => [m, j]));
    const rows = rowsOf.get(root) ?? [];
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    for (const {terms: list} of rows) {
      // Σ coef · hidden (op) − Σ coef · published
      let constant = 0;
      const coefs = new Map<number, number>();
      for (const t of list) {
        const i = index.get(t.cell_id);
        if (i === undefined) constant += t.coef * byId.get(t.cell_id)!.value;
        else coefs.set(local.get(i)!, (coefs.get(local.get(i)!) ?? 0) + t.coef);
      }
      for (const [j, c] of [...coefs].sort((a, b) => a[0] - b[0])) {
        indices.push(j);
        values.push(c);
      }
      starts.push(indices.length);
      const op = list[0].op;
      rowLower.push(op === "eq" ? -constant : -h.infinity);
      rowUpper.push(-constant);
    }
    const n = members.length;
    const model = h.createModel({
      numCols: n,
      numRows: rows.length,
      colCost: new Array(n).fill(0),
      colLower: new Array(n).fill(0),
      colUpper: new Array(n).fill(h.infinity),
      rowLower,
      rowUpper,
      matrix: {format: "csr", numRows: rows.length, numCols: n, starts, indices, values}
    });
    try {
      model.options.set({output_flag: false});
      const solve = (j: number, sense: "min" | "max"): number => {
        model.changeObjectiveSense(sense === "min" ? h.constants.objectiveSense.minimize : h.constants.objectiveSense.maximize);
        model.run();
        lps++;
        const status = model.getModelStatus();
        if (status === h.constants.modelStatus.optimal) return model.getObjectiveValue();
        if (status === h.constants.modelStatus.unbounded && sense === "max") return Infinity;
        if (status === h.constants.modelStatus.unboundedOrInfeasible && sense === "max") return Infinity;
        const cell = hidden[members[j]].cell_id;
        throw new Error(`disclosure audit: the LP for ${cell} (block of ${n} cells) ended with status ${status}: the declared relations do not hold for the true values`);
      };
      members.forEach((m, j) => {
        model.changeColCost(j, 1);
        const lo = Math.max(0, solve(j, "min"));
        const hi = solve(j, "max");
        model.changeColCost(j, 0);
        const c = hidden[m];
        const width = hi - lo;
        const safe = !c.is_primary || (c.kind === "count" ? width >= k - EPS : width > EPS);
        intervals.push({cell_id: c.cell_id, family: c.family, kind: c.kind, is_primary: c.is_primary, block: blockNo, lo, hi, width, safe});
      });
    } finally {
      model.dispose();
    }
  }
  const failures = intervals.filter((i) => !i.safe);
  return {
    k, passed: failures.length === 0, hidden: hidden.length, primary: hidden.filter((c) => c.is_primary).length,
    blocks: blocks.size, largestBlock, lps, seconds: (performance.now() - t0) / 1000, intervals, failures
  };
}

/** The audit on the warehouse's disclosure model (work.dc_cells, work.dc_terms, work.dc_hidden). */
export async function auditWarehouse(db: Db, k: number): Promise<AuditResult> {
  const cells = await db.all<AuditCell>(`
    select c.cell_id, c.family, c.kind, c.value, c.is_primary, h.cell_id is not null as hidden
    from work.dc_cells as c
    left join (select distinct cell_id from work.dc_hidden) as h using (cell_id)`);
  // only the relations that hold a hidden cell matter
  const terms = await db.all<AuditTerm>(`
    select relation_id, op, cell_id, coef from work.dc_terms
    where relation_id in (select relation_id from work.dc_terms where cell_id in (select cell_id from work.dc_hidden))
    order by relation_id, cell_id`);
  return auditSystem(cells, terms, k);
}
