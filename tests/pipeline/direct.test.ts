import {afterEach, describe, expect, it} from "vitest";
import {readFile} from "node:fs/promises";
import path from "node:path";
import {CLEAN, fixtureWith, loadPipeline, query, tempDir} from "./helpers.ts";

// Large plain UTF-8 files are read by DuckDB in place (no rewritten copy); their line numbers must be the same.
const REJECTS = "select dataset, line, column_name, value, reason from quality.rejects order by line, column_name";
const STAGED = "select * from staging.facilities order by all";

/** The fixture with these facilities rows, loaded through the numbered copy and in place: both warehouses. */
async function bothWays(rows: string[]): Promise<{numbered: string; direct: string}> {
  const dir = await fixtureWith({"facilities.csv": rows.join("\n") + "\n"});
  const numbered = path.join(await tempDir(), "w.duckdb");
  await loadPipeline(dir, numbered); // lines are the load stage's: it alone runs
  process.env.AGING_DIRECT_MIN_BYTES = "1";
  const direct = path.join(await tempDir(), "w.duckdb");
  await loadPipeline(dir, direct);
  return {numbered, direct};
}

describe("reading in place and through a numbered copy give the same lines", () => {
  afterEach(() => {
    delete process.env.AGING_DIRECT_MIN_BYTES;
  });

  it("numbers rejects identically, including after rows with the wrong number of fields", async () => {
    const clean = (await readFile(path.join(CLEAN, "facilities.csv"), "utf8")).trimEnd().split("\n");
    const rows = [
      ...clean,
      "2025,F005,坏床位,990102,institution,public,10,12,5,0,yes,,,",
      "2025,F006,多一列,990102,institution,public,10,5,5,0,yes,,,,extra",
      "2025,F007,少列,990102,institution",
      "2025,F008,非数字,990102,institution,public,十,5,5,0,yes,,,"
    ];
    const {numbered, direct} = await bothWays(rows);
    const a = await query(numbered, REJECTS);
    expect(await query(direct, REJECTS)).toEqual(a);
    expect(a.map((r) => r.line)).toEqual([clean.length + 1, clean.length + 2, clean.length + 3, clean.length + 4]);
    expect(a[1].reason).toMatch(/more fields than the header's 14 columns/);
    expect(a[2].reason).toMatch(/fewer fields than the header's 14 columns/);
    expect(await query(direct, STAGED)).toEqual(await query(numbered, STAGED));
  });

  it("falls back to the numbered copy when a large file turns out not to be plain (quotes, a newline in a cell, blank lines)", async () => {
    const clean = (await readFile(path.join(CLEAN, "facilities.csv"), "utf8")).trimEnd().split("\n");
    // read in place first, while the file is hashed; the hashing pass finds the quotes and the blank line
    const rows = [...clean.slice(0, 3), "", '2025,F005,"多行\n名称",990102,institution,public,10,5,5,0,yes,,,', ...clean.slice(3), "2025,F006,坏床位,990102,institution,public,十,5,5,0,yes,,,"];
    const {numbered, direct} = await bothWays(rows);
    const a = await query<{line: number; value: string}>(numbered, REJECTS);
    expect(await query(direct, REJECTS)).toEqual(a);
    // the bad row is on the last line as the file has it (the blank line and the two-line record counted)
    expect(a.map((r) => [r.line, r.value])).toEqual([[rows.length + 1, "十"]]);
    expect(await query(direct, STAGED)).toEqual(await query(numbered, STAGED));
    expect((await query<{name: string}>(direct, "select name from staging.facilities where facility_id = 'F005'"))[0].name).toBe("多行\n名称");
  });
});
