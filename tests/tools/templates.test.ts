// The input templates and docs/inputs.md come from the contract, and filled templates load through the pipeline.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {DATASETS, type Dataset} from "../../pipeline/datasets/contract.ts";
import {findHeaderRow, matchHeaders} from "../../pipeline/read/headers.ts";
import {readSheet} from "../../pipeline/read/xlsx.ts";
import {loadOnly} from "../../pipeline/run.ts";
import {TEST_KEY} from "../harness/index.ts";
import {FIRST_DATA_ROW, NOTES_SHEET, REQUIRED_MARK, WORKBOOK_NAME, renderInputDocs, sheetName, writeTemplates} from "../../pipeline/templates.ts";

const CLEAN = new URL("../fixtures/clean/", import.meta.url);
let work: string;
let templates: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "aging-templates-"));
  templates = path.join(work, "templates");
  await writeTemplates(templates);
});

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

async function fixtureRows(d: Dataset): Promise<Record<string, string>[]> {
  const text = await readFile(new URL(`${d.name}.csv`, CLEAN), "utf8");
  return Papa.parse<Record<string, string>>(text, {header: true, skipEmptyLines: true}).data;
}

/** A cell value as an analyst's Excel would hold it: numbers as numbers, dates as dates, the rest as text. */
function excelValue(d: Dataset, key: string, text: string): ExcelJS.CellValue {
  if (text === "") return null;
  const type = d.columns.find((c) => c.key === key)!.type;
  if ((type === "int" || type === "number") && Number.isFinite(Number(text))) return Number(text);
  if (type === "date" || type === "timestamp") return new Date(`${text.replace(" ", "T")}Z`);
  return text;
}

async function fillSheet(ws: ExcelJS.Worksheet, d: Dataset): Promise<void> {
  const keys = (ws.getRow(2).values as ExcelJS.CellValue[]).slice(1).map(String);
  (await fixtureRows(d)).forEach((row, i) => {
    const r = ws.getRow(FIRST_DATA_ROW + i);
    keys.forEach((key, j) => (r.getCell(j + 1).value = excelValue(d, key, row[key] ?? "")));
  });
}

async function fillCsv(d: Dataset, file: string): Promise<void> {
  const template = await readFile(path.join(templates, "csv", `${d.name}.csv`), "utf8");
  const rows = (await fixtureRows(d)).map((row) => d.columns.map((c) => row[c.key] ?? ""));
  await writeFile(file, template + Papa.unparse(rows, {newline: "\r\n"}) + "\r\n", "utf8");
}

async function expectLoadsLikeTheFixture(input: string): Promise<void> {
  // the load stage decides what loads: it alone runs
  const result = await loadOnly({input, database: path.join(input, "..", `${path.basename(input)}.duckdb`), key: TEST_KEY});
  expect(result.error ?? null).toBeNull();
  expect(result.status).toBe("loaded");
  for (const d of DATASETS) {
    const r = result.datasets.find((x) => x.dataset === d.name)!;
    const expected = (await fixtureRows(d)).length;
    expect({dataset: d.name, status: r.status, loaded: r.rowsLoaded, rejected: r.rowsRejected, warnings: r.warnings}).toEqual({
      dataset: d.name, status: "loaded", loaded: expected, rejected: 0, warnings: 0
    });
  }
}

describe("templates", () => {
  it("name each dataset's sheet so the loader picks it, and every dataset has a required column", () => {
    for (const d of DATASETS) {
      expect(d.fileAliases).toContain(sheetName(d));
      // The ★ on required columns keeps row 1 from being taken as the header: there must be one.
      expect(d.columns.some((c) => c.required), d.name).toBe(true);
    }
  });

  it("have two header rows in XLSX: row 1 Chinese (★ required), row 2 the keys the loader takes as the header", async () => {
    for (const d of DATASETS) {
      const sheet = await readSheet(path.join(templates, "xlsx", `${d.name}.xlsx`), [d.name, ...d.fileAliases]);
      expect(sheet.sheet).toBe(sheetName(d));
      expect(sheet.rows.map((r) => r.number)).toEqual([1, 2]);
      expect(sheet.rows[0].cells).toEqual(d.columns.map((c) => (c.required ? `${c.zh[0]} ${REQUIRED_MARK}` : c.zh[0])));
      expect(sheet.rows[1].cells).toEqual(d.columns.map((c) => c.key));
      const {index, match} = findHeaderRow(sheet.rows.map((r) => r.cells), d);
      expect(index).toBe(1);
      expect(match.missing).toEqual([]);
    }
  });

  it("write a workbook with the notes sheet and every dataset, each column's type, requirement and accepted values", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(templates, WORKBOOK_NAME));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([NOTES_SHEET, ...DATASETS.map(sheetName)]);
    const notes: string[][] = [];
    workbook.getWorksheet(NOTES_SHEET)!.eachRow((row) => notes.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    for (const d of DATASETS) {
      for (const c of d.columns) {
        const row = notes.find((r) => r[0] === d.name && r[1] === c.key);
        expect(row, `${d.name}.${c.key}`).toBeDefined();
        expect(row![2]).toBe(c.zh[0]);
        for (const labels of Object.values(c.labels ?? {})) for (const label of labels) expect(row![6]).toContain(label);
      }
    }
    const facilities = notes.find((r) => r[0] === "facilities" && r[1] === "nursing_beds")!;
    expect(facilities[7]).toContain("护理型床位数大于床位数");
  });

  it("write CSV templates in UTF-8 with BOM and Chinese headers the loader recognizes", async () => {
    for (const d of DATASETS) {
      const bytes = await readFile(path.join(templates, "csv", `${d.name}.csv`));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const header = bytes.subarray(3).toString("utf8").trim().split(",");
      expect(header).toEqual(d.columns.map((c) => c.zh[0]));
      const match = matchHeaders(header, d);
      expect(match.missing).toEqual([]);
      expect(match.unknown).toEqual([]);
    }
  });

  // One pipeline run covers the three ways to fill a template (runs are the slow part).
  it("filled templates load through the pipeline with nothing rejected: single XLSX, the whole workbook under a Chinese name, CSV", {timeout: 300_000}, async () => {
    const input = path.join(work, "filled");
    await mkdir(input);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(templates, WORKBOOK_NAME));
    for (const d of DATASETS) await fillSheet(workbook.getWorksheet(sheetName(d))!, d);
    const filledWorkbook = path.join(work, "filled-workbook.xlsx");
    await workbook.xlsx.writeFile(filledWorkbook);
    for (const [i, d] of DATASETS.entries()) {
      if (i % 3 === 0) {
        const single = new ExcelJS.Workbook();
        await single.xlsx.readFile(path.join(templates, "xlsx", `${d.name}.xlsx`));
        await fillSheet(single.getWorksheet(sheetName(d))!, d);
        await single.xlsx.writeFile(path.join(input, `${d.name}.xlsx`));
      } else if (i % 3 === 1) {
        await copyFile(filledWorkbook, path.join(input, `${d.zh}.xlsx`));
      } else {
        await fillCsv(d, path.join(input, `${d.name}.csv`));
      }
    }
    await expectLoadsLikeTheFixture(input);
  });
});

it("docs/inputs.md is what `npm run docs:inputs` generates", async () => {
  const onDisk = await readFile(new URL("../../docs/inputs.md", import.meta.url), "utf8");
  expect(onDisk, "docs/inputs.md is stale: run npm run docs:inputs").toBe(renderInputDocs());
});
