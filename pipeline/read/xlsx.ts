// XLSX files: pick the sheet, turn cells into text (dates, formulas, rich text, merged cells), write numbered CSV.
import type ExcelJS from "exceljs";
import Papa from "papaparse";
import {writeFile} from "node:fs/promises";
import {InputError} from "./csv.ts";
import {normalizeHeader} from "./headers.ts";

export interface SheetRows {
  sheet: string;
  /** Rows as [sheet row number, cells…], empty rows left out. */
  rows: {number: number; cells: string[]}[];
  /** Cells whose formula has no cached result: reported as warnings. */
  formulasWithoutResult: string[];
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Text of an Excel date: a date, or a timestamp when it carries a time of day. */
function dateText(d: Date): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return seconds === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dateText(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return null;
      if (typeof result === "object" && !(result instanceof Date) && "error" in result) return String(result.error);
      return cellText(result as ExcelJS.CellValue);
    }
    if ("hyperlink" in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? "");
    if ("error" in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

/**
 * Read the visible sheet named like the dataset (by key or alias), else the first visible sheet. Hidden sheets
 * (often a stale copy or a lookup list) are never read; the sheet read is named in the run's summary and report.
 */
export async function readSheet(file: string, names: string[]): Promise<SheetRows> {
  // imported when a workbook is read: a run of CSV files (and every CLI start) does without exceljs' load time
  const {default: Excel} = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new InputError(`无法读取 XLSX 文件 / cannot read the XLSX file: ${(error as Error).message}`, file);
  }
  const wanted = new Set(names.map(normalizeHeader));
  const visible = workbook.worksheets.filter((ws) => (ws.state ?? "visible") === "visible");
  if (!visible.length && workbook.worksheets.length) throw new InputError("工作簿中没有可见的工作表（只有隐藏的）/ the workbook has no visible sheet (only hidden ones)", file);
  const sheet = visible.find((ws) => wanted.has(normalizeHeader(ws.name))) ?? visible[0];
  if (!sheet) throw new InputError("工作簿中没有工作表 / the workbook has no sheet", file);
  const rows: SheetRows["rows"] = [];
  const formulasWithoutResult: string[] = [];
  sheet.eachRow({includeEmpty: false}, (row, number) => {
    const cells: string[] = [];
    row.eachCell({includeEmpty: true}, (cell, col) => {
      // A merged cell takes its master's value: a district written once across several rows applies to each.
      const source = cell.isMerged ? cell.master : cell;
      const value = source.value;
      if (value && typeof value === "object" && ("formula" in value || "sharedFormula" in value) && (value as ExcelJS.CellFormulaValue).result === undefined) {
        formulasWithoutResult.push(cell.address);
      }
      cells[col - 1] = cellText(value) ?? "";
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    if (cells.some((c) => c.trim() !== "")) rows.push({number, cells});
  });
  return {sheet: sheet.name, rows, formulasWithoutResult};
}

/** Write the data rows after the header as CSV, each prefixed with its sheet row number. */
export async function writeSheetCsv(rows: SheetRows["rows"], width: number, out: string): Promise<void> {
  const data = rows.map((r) => [String(r.number), ...Array.from({length: width}, (_, i) => r.cells[i] ?? "")]);
  await writeFile(out, data.length ? Papa.unparse(data, {newline: "\n"}) + "\n" : "", "utf8");
}
