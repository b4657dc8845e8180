import {afterEach, describe, expect, it} from "vitest";
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import path from "node:path";
import {CLEAN, fixtureWith, loadPipeline, query, tempDir} from "./helpers.ts";

// The typed read (pipeline/validate/fast.ts) types the cells that parse in the common forms as the file is read and
// sends the other rows to the text path (validate/typed.ts). Every edge value below goes through both (the typed
// read, and AGING_TEXT_PATH=1, the text path alone): the same rejects, warnings and staged rows.
const REJECTS = "select dataset, file, line, cell, column_name, value, reason from quality.rejects order by line, column_name, reason";
const WARNINGS = "select dataset, file, line, column_name, value, reason from quality.warnings order by all";
const STAGED = "select * from staging.service_orders order by all";

function quote(cell: string): string {
  return /[",\n\r]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Edge values per column: each makes one row from the clean file's first row. */
const EDGES: Record<string, string[]> = {
  fee: [" 66.00", "66.00 ", "\t66", "1.000", "1,000", "1 000", "1,5", "１２", "NaN", "nan", "inf", "-inf", "Infinity", "-0", "0", "00012", "1e3", "0x10", "1_000",
    "123456789012345678901234567890", "1e13", "—", "-", "无", "", " ", "+5", ".5", "5.", "66%", "-1", "1e12", "66.00\u3000", "\u00a066"],
  subsidy: ["", "-", "30", "20.5", "1,000", "abc", "-0", " 5", "0"],
  rating: ["5.0", "5.5", "1.000", "+5", "05", " 5", "5 ", "6", "0", "-0", "1e0", "１", "", "—", "2147483648", "9999999999999999", "nan", "3\t", "1_0"],
  ordered_at: ["2025-01-05T10:00:00", "2025-01-05 10:00:00+08", "2025-01-05 10:00:00Z", "2025/1/5", "2025/01/05 10:00", "2025-1-5", " 2025-01-05", "2025-01-05 ",
    "2025年1月5日", "20250105", "2025-01-05 10:00", "１９９０-01-01", "1849-12-31", "1850-01-01", "2030-01-01", "2025-02-30", "2025-01-05 25:00:00",
    "infinity", "-infinity", "epoch", "2025-01-05 10:00:00.123456", "2025.01.05", "", "—", "2025-01-05\t"],
  completed_at: ["", "-", "2025-01-10 08:00:00", "2025-01-10T10:00:00", "2025/01/10", "2030-01-01", " 2025-01-10 10:00:00 "],
  district: ["990102", " 990102", "990102 ", "青湖区", "青湖", "Qinghu District", "qinghudistrict", "QINGHUDISTRICT", "９９０１０２", "西山区", "", "—", "青湖 区"],
  service: ["meal", "MEAL", " meal", "Meal ", "助餐", "无", "", "day_care", "day care", "ｍｅａｌ", "unknown"],
  channel: ["app", "小程序", "APP", "phone ", ""],
  status: ["completed", "已完成", "Completed", " 完成", "done", ""],
  order_id: [" GD1", "GD2 ", "—", "-", "--", "无", "GD\u30003", "GD4\u00a0", "\ufeffGD5", "中文编号", "", "GD6\t", "AB", "ＯＸ"],
  facility_id: ["", "F003", " F003", "F999", "—", "F003\u3000"],
  person: ["990102194001151002", "99010219400115100x", " 99010219400115100X", "-", "无", "", "P-0001", "990102194001151003", "９９０１０２１９４００１１５１００Ｘ"]
};

afterEach(() => {
  delete process.env.AGING_TEXT_PATH;
  delete process.env.AGING_PROFILE;
});

async function load(dir: string, textPath: boolean): Promise<{warehouse: string; typed: boolean}> {
  const profile = await tempDir("profile-");
  process.env.AGING_PROFILE = profile;
  if (textPath) process.env.AGING_TEXT_PATH = "1";
  try {
    const warehouse = path.join(await tempDir(), "w.duckdb");
    const result = await loadPipeline(dir, warehouse);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(0);
    // the typed read profiles its reading statement (AGING_PROFILE): it was used
    return {warehouse, typed: existsSync(path.join(profile, "read-service_orders.json"))};
  } finally {
    delete process.env.AGING_TEXT_PATH;
    delete process.env.AGING_PROFILE;
  }
}

describe("the typed read and the text path agree", () => {
  it("on every edge value: the same typed values, the same rejects as written, the same warnings", async () => {
    const [header, ...rows] = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).trimEnd().split("\n");
    const columns = header.split(",");
    const base = rows[0].split(",");
    const out = [...rows];
    let n = 0;
    for (const [column, values] of Object.entries(EDGES)) {
      const i = columns.indexOf(column);
      for (const value of values) {
        const cells = [...base];
        cells[0] = `E${String(++n).padStart(4, "0")}`;
        cells[i] = value;
        out.push(cells.map(quote).join(","));
      }
    }
    // keys: a duplicate of a row the typed read takes, written so the text path reads it; and one whose person fails
    out.push([` ${rows[1].split(",")[0]}`, ...rows[1].split(",").slice(1)].map(quote).join(","));
    out.push([rows[2].split(",")[0], "990102194001151003", ...rows[2].split(",").slice(2)].join(","));
    out.push(rows[3]);
    // a row DuckDB cannot split (one field too many)
    out.push(`${rows[4]},extra`);
    const dir = await fixtureWith({"service_orders.csv": [header, ...out].join("\n") + "\n"});
    const typed = await load(dir, false);
    const text = await load(dir, true);
    expect(typed.typed).toBe(true);
    expect(text.typed).toBe(false);
    const rejects = await query<{line: number; column_name: string; reason: string}>(text.warehouse, REJECTS);
    // the file is built to reach the checks: many rejects, duplicates among them
    expect(rejects.length).toBeGreaterThan(60);
    expect(rejects.some((r) => /duplicate key/.test(r.reason))).toBe(true);
    expect(rejects.some((r) => r.column_name === "person")).toBe(true);
    expect(rejects.some((r) => /more fields than the header/.test(r.reason))).toBe(true);
    expect(await query(typed.warehouse, REJECTS)).toEqual(rejects);
    expect(await query(typed.warehouse, WARNINGS)).toEqual(await query(text.warehouse, WARNINGS));
    const staged = await query(text.warehouse, STAGED);
    expect(staged.length).toBeGreaterThan(80);
    expect(await query(typed.warehouse, STAGED)).toEqual(staged);
  });

  it("on a GBK file read through the numbered copy", async () => {
    const {encodeGbk} = await import("../../pipeline/demo/write.ts");
    const text = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).replace(/,visit,/g, ",探访,").replace(/,phone,/, ",电话 ,");
    const dir = await fixtureWith({});
    const {writeFile} = await import("node:fs/promises");
    await writeFile(path.join(dir, "service_orders.csv"), encodeGbk(text));
    const typed = await load(dir, false);
    const plain = await load(dir, true);
    expect(typed.typed).toBe(true);
    expect(await query(typed.warehouse, REJECTS)).toEqual(await query(plain.warehouse, REJECTS));
    const staged = await query(plain.warehouse, STAGED);
    expect(staged.length).toBe(49);
    expect(await query(typed.warehouse, STAGED)).toEqual(staged);
  });
});
