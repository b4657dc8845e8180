// Helpers for pipeline integration tests: run the pipeline in-process on a folder and read the warehouse.
import {cp, mkdtemp, readFile, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import {Db} from "../../pipeline/db.ts";
import {loadOnly, run, type RunResult} from "../../pipeline/run.ts";
import {createProgress} from "../../pipeline/progress.ts";
import {dataset} from "../../pipeline/datasets/contract.ts";
import {encodeGbk} from "../../pipeline/demo/write.ts";

import {CLEAN, TEST_KEY} from "../harness/index.ts";

export {CLEAN, TEST_KEY};
export {cleanCopy, cleanRun} from "../harness/index.ts";

export async function tempDir(prefix = "ao-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function runPipeline(input: string, warehouse: string, extra: {asOf?: string; k?: number} = {}): Promise<RunResult> {
  return run({input, warehouse, quiet: true, asOf: extra.asOf ?? "2025-09-30", k: extra.k, key: TEST_KEY}, createProgress({quiet: true}));
}

/** The load stage alone on a folder (staging and quality in `database`; no marts, nothing published). */
export async function loadPipeline(input: string, database: string): Promise<RunResult> {
  return loadOnly({input, database, key: TEST_KEY});
}

export async function query<T = Record<string, unknown>>(warehouse: string, sql: string): Promise<T[]> {
  const db = await Db.open(warehouse, {readOnly: true});
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

/** Every row of every table of the warehouse, as text: for asserting what it must never hold. */
export async function warehouseText(warehouse: string): Promise<string> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const tables = await db.all<{schema: string; name: string}>(
      "select table_schema as schema, table_name as name from information_schema.tables where table_catalog = current_database() order by all"
    );
    let text = "";
    for (const t of tables) {
      const rows = await db.all(`select * from "${t.schema}"."${t.name}"`);
      text += `${t.schema}.${t.name}\n` + JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n";
    }
    return text;
  } finally {
    db.close();
  }
}

/** A copy of the clean fixture with edits: file name → new text, or null to delete. */
export async function fixtureWith(edits: Record<string, string | null> = {}): Promise<string> {
  const dir = await tempDir("fixture-");
  await cp(CLEAN, dir, {recursive: true});
  const {rm} = await import("node:fs/promises");
  for (const [name, text] of Object.entries(edits)) {
    if (text === null) await rm(path.join(dir, name));
    else await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function readCsv(name: string): Promise<string[][]> {
  return Papa.parse<string[]>(await readFile(path.join(CLEAN, name), "utf8"), {skipEmptyLines: true}).data;
}

const zhHeaders = (datasetName: string, header: string[]) => header.map((key) => dataset(datasetName).columns.find((c) => c.key === key)!.zh[0]);

/**
 * The clean fixture as a bureau would send it: GBK CSVs with Chinese headers and labels, Chinese file names,
 * district names instead of codes, and XLSX workbooks with a title row above the header.
 */
export async function messyTwin(): Promise<string> {
  const dir = await tempDir("twin-");
  const districts = await readCsv("districts.csv");
  const nameOf = new Map(districts.slice(1).map((r) => [r[0], r[1]]));
  const sexZh: Record<string, string> = {male: "男", female: "女", total: "合计"};
  // population: GBK, Chinese headers, 男/女, 60-64岁 and 85岁及以上, district names without suffix where unambiguous
  const population = await readCsv("population.csv");
  const popRows = population.slice(1).map(([year, district, sex, age, pop]) => [
    year,
    nameOf.get(district)!.replace(/区$/, ""),
    sexZh[sex],
    age.endsWith("+") ? `${age.slice(0, -1)}岁及以上` : `${age}岁`,
    Number(pop).toLocaleString("en-US")
  ]);
  await writeFile(path.join(dir, "人口.csv"), encodeGbk(Papa.unparse([zhHeaders("population", population[0]), ...popRows], {newline: "\r\n"})));
  // districts and the record-level files: GBK with Chinese headers
  for (const [name, file] of [["districts", "区县.csv"], ["elders", "老年人信息.csv"], ["service_orders", "服务工单.csv"], ["targets", "目标值.csv"], ["task_progress", "任务进度.csv"]] as const) {
    const rows = await readCsv(`${name}.csv`);
    await writeFile(path.join(dir, file), encodeGbk(Papa.unparse([zhHeaders(name, rows[0]), ...rows.slice(1)], {newline: "\r\n"})));
  }
  // facilities and tasks: XLSX with a title row, numbers as numbers, dates as dates
  for (const [name, file] of [["facilities", "养老服务设施.xlsx"], ["tasks", "年度重点任务.xlsx"]] as const) {
    const rows = await readCsv(`${name}.csv`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    sheet.addRow([`示例市${dataset(name).zh}（测试数据）`]);
    sheet.mergeCells(1, 1, 1, rows[0].length);
    sheet.addRow(zhHeaders(name, rows[0]));
    for (const row of rows.slice(1)) {
      sheet.addRow(
        row.map((cell, i) => {
          const key = rows[0][i];
          if (key === "due") return new Date(`${cell}T00:00:00Z`);
          if (cell !== "" && /^-?\d+(\.\d+)?$/.test(cell) && !["facility_id", "task_id", "district"].includes(key)) return Number(cell);
          return cell;
        })
      );
    }
    await workbook.xlsx.writeFile(path.join(dir, file));
  }
  return dir;
}
