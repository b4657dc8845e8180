// Input templates (XLSX, CSV) and docs/inputs.md, generated from the input contract so they never drift from it.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import {mkdir, rename, rm, writeFile} from "node:fs/promises";
import path from "node:path";
import {parseArgs} from "node:util";
import {DATASETS, type Column, type ColumnType, type Dataset} from "./datasets/contract.ts";

/** The template workbook holding every dataset's sheet and the notes sheet. */
export const WORKBOOK_NAME = "input-templates.xlsx";
export const NOTES_SHEET = "说明";
/** Marks a required column in the Chinese header row of the XLSX templates. */
export const REQUIRED_MARK = "★";
/** XLSX templates: row 1 Chinese headers, row 2 English keys (the header the pipeline reads), data from row 3. */
export const FIRST_DATA_ROW = 3;
/** Rows below the headers that get drop-down lists for enum and yes/no columns. */
const VALIDATION_ROWS = 10_000;

const TYPE_TEXT: Record<ColumnType, [zh: string, en: string]> = {
  text: ["文本", "text"],
  int: ["整数", "whole number"],
  number: ["数字", "number"],
  bool: ["是/否", "yes/no"],
  date: ["日期", "date"],
  timestamp: ["日期时间", "date and time"],
  enum: ["枚举（下列值之一）", "one of the listed values"],
  district: ["区县", "district"],
  band: ["年龄或年龄组", "age or age band"],
  id_number: ["身份证号", "resident ID number"],
  person_id: ["人员编号", "person id"],
  person: ["身份证号或人员编号", "resident ID or person id"],
  scope: ["范围", "scope"]
};

/** What each type accepts besides the enum labels (which come from the contract). */
const TYPE_ACCEPTS: Partial<Record<ColumnType, string>> = {
  int: "可带千位分隔符和全角数字 / thousands separators and full-width digits are fine",
  number: "可带千位分隔符和全角数字 / thousands separators and full-width digits are fine",
  bool: "是/否 · yes/no · true/false · 1/0 · Y/N",
  date: "2025-06-30 · 2025/6/30 · 2025年6月30日 · Excel 日期 / Excel dates",
  timestamp: "2025-06-30 09:30:00 · 2025/6/30 9:30 · Excel 日期时间 / Excel date-times",
  district: "区划代码、名称或别名（见区县表）；“历下”=“历下区” / a code, name or alias from districts; a name without its suffix resolves",
  band: "单岁 67 · 年龄组 60-64、60-64岁 · 开口组 85+、85岁及以上、100岁以上 / single year, band or open band",
  id_number: "18位居民身份证号（GB 11643，校验位须正确）/ 18-character resident ID, check digit verified",
  person_id: "平台人员编号 / the platform's person id",
  person: "身份证号或人员编号，与老年人信息一致 / resident ID or person id, as in elders",
  scope: "city · 全市，或区县代码、名称、别名 / city, or a district"
};

/** Rules the loader checks in code (across rows or against other datasets): said here so analysts see them. */
export interface ColumnNote {
  dataset: string;
  key: string;
  header: string;
  otherHeaders: string[];
  type: string;
  required: string;
  accepted: string;
  rules: string;
}

function typeText(c: Column): string {
  const [zh, en] = TYPE_TEXT[c.type];
  return `${zh} / ${en}`;
}

function requiredText(d: Dataset, c: Column): string {
  if (d.oneOf?.includes(c.key)) return `${d.oneOf.join(" 或 ")} 二选一 / ${d.oneOf.join(" or ")}`;
  if (!c.required) return "可选 / optional";
  return c.notNull === false ? "必需列，可留空 / column required, cells may be empty" : "必需，每行必填 / required in every row";
}

/** Accepted values: enum keys with their Chinese labels, or what the type takes. */
function acceptedText(c: Column): string {
  if (c.type === "enum" && c.labels) {
    return Object.entries(c.labels)
      .map(([key, labels]) => (labels.length ? `${key} ${labels.join("、")}` : key))
      .join(" · ");
  }
  return TYPE_ACCEPTS[c.type] ?? "";
}

function rangeText(c: Column): string | null {
  if (c.min !== undefined && c.max !== undefined) return `${c.min}–${c.max}`;
  if (c.min !== undefined) return `≥ ${c.min}`;
  if (c.max !== undefined) return `≤ ${c.max}`;
  return null;
}

function rulesText(d: Dataset, c: Column): string {
  const out: string[] = [];
  const range = rangeText(c);
  if (range) out.push(range);
  const unique = (d.key?.columns ?? []).filter((k) => d.columns.some((col) => col.key === k));
  if (unique.includes(c.key)) out.push(unique.length > 1 ? `（${unique.join(", ")}）组合唯一 / unique together` : "唯一 / unique");
  if (c.pastOnly) out.push("不得晚于运行日期 / not after the run date");
  for (const r of d.rules ?? []) {
    if (r.column === c.key) out.push(`${r.reason}（${r.level === "reject" ? "拒收 reject" : "警告 warning"}）`);
  }
  if (c.note) out.push(c.note);
  if (c.description) out.push(c.description);
  return out.join("；");
}

function columnNotes(d: Dataset): ColumnNote[] {
  return d.columns.map((c) => ({
    dataset: d.name,
    key: c.key,
    header: c.zh[0],
    otherHeaders: c.zh.slice(1),
    type: typeText(c),
    required: requiredText(d, c),
    accepted: acceptedText(c),
    rules: rulesText(d, c)
  }));
}

/** The sheet name of a dataset: its Chinese name, which the loader accepts as the sheet to read. */
export function sheetName(d: Dataset): string {
  return d.fileAliases.includes(d.zh) ? d.zh : d.name;
}

/** Row 1 of an XLSX template. Required columns carry ★, so the loader takes row 2 (the English keys) as the header. */
function chineseHeader(d: Dataset, c: Column): string {
  return c.required ? `${c.zh[0]} ${REQUIRED_MARK}` : c.zh[0];
}

/** The drop-down list of an enum or yes/no column (Excel caps a list at 255 characters). */
function dropDown(c: Column): string[] | null {
  if (c.type === "bool") return ["是", "否"];
  if (c.type !== "enum" || !c.labels) return null;
  const values = Object.entries(c.labels).map(([key, labels]) => labels[0] ?? key);
  return values.join(",").length <= 250 && values.every((v) => !v.includes(",")) ? values : null;
}

const TEXT_TYPES = new Set<ColumnType>(["text", "id_number", "person_id", "person", "district", "scope", "band"]);

function noteText(d: Dataset, c: Column): string {
  const accepted = acceptedText(c);
  const rules = rulesText(d, c);
  return [`${c.key} · ${typeText(c)} · ${requiredText(d, c)}`, accepted, rules].filter(Boolean).join("\n");
}

const HEADER_FILL: ExcelJS.Fill = {type: "pattern", pattern: "solid", fgColor: {argb: "FFDCE6F1"}};
const REQUIRED_FILL: ExcelJS.Fill = {type: "pattern", pattern: "solid", fgColor: {argb: "FFFCE4D6"}};
const KEY_FONT: Partial<ExcelJS.Font> = {color: {argb: "FF7F7F7F"}, italic: true};

function addDatasetSheet(workbook: ExcelJS.Workbook, d: Dataset): void {
  const ws = workbook.addWorksheet(sheetName(d), {views: [{state: "frozen", ySplit: FIRST_DATA_ROW - 1}]});
  ws.columns = d.columns.map((c) => ({
    key: c.key,
    width: Math.max(12, Math.min(40, c.zh[0].length * 2 + 6, c.key.length + 6)),
    // Identifiers as text, so Excel keeps all 18 digits of an ID number and the leading zeros of a code.
    style: TEXT_TYPES.has(c.type) ? {numFmt: "@"} : c.type === "date" ? {numFmt: "yyyy-mm-dd"} : c.type === "timestamp" ? {numFmt: "yyyy-mm-dd hh:mm:ss"} : {}
  }));
  const zh = ws.getRow(1);
  const en = ws.getRow(2);
  d.columns.forEach((c, i) => {
    const top = zh.getCell(i + 1);
    top.value = chineseHeader(d, c);
    top.font = {bold: true};
    top.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    top.note = noteText(d, c);
    const key = en.getCell(i + 1);
    key.value = c.key;
    key.font = KEY_FONT;
    key.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    const list = dropDown(c);
    if (list) {
      const letter = ws.getColumn(i + 1).letter;
      // Not in exceljs's typings, but written as one range (cell-by-cell validations would bloat the file).
      (ws as unknown as {dataValidations: {add(address: string, v: ExcelJS.DataValidation): void}}).dataValidations.add(
        `${letter}${FIRST_DATA_ROW}:${letter}${FIRST_DATA_ROW + VALIDATION_ROWS - 1}`,
        {
          type: "list",
          allowBlank: true,
          formulae: [`"${list.join(",")}"`],
          // A warning, not a stop: other accepted spellings (keys, aliases) stay possible.
          showErrorMessage: true,
          errorStyle: "warning",
          errorTitle: "不在列表中 / not in the list",
          error: `可接受的值 / accepted: ${acceptedText(c)}`.slice(0, 250)
        }
      );
    }
  });
}

const NOTES_COLUMNS: {key: keyof ColumnNote; header: string; width: number}[] = [
  {key: "dataset", header: "数据集 dataset", width: 16},
  {key: "key", header: "英文键 key", width: 16},
  {key: "header", header: "中文表头 header", width: 16},
  {key: "otherHeaders", header: "也可用的表头 also accepted", width: 24},
  {key: "type", header: "类型 type", width: 20},
  {key: "required", header: "是否必需 required", width: 22},
  {key: "accepted", header: "可接受的值 accepted values", width: 50},
  {key: "rules", header: "规则 rules", width: 70}
];

function addNotesSheet(workbook: ExcelJS.Workbook, datasets: Dataset[]): void {
  const ws = workbook.addWorksheet(NOTES_SHEET);
  ws.columns = NOTES_COLUMNS.map((c) => ({key: c.key, width: c.width}));
  const intro = [
    "养老服务监测平台 输入模板说明 / Aging Observatory: notes on the input templates",
    `由 pipeline/datasets/contract.ts 生成（npm run templates），请勿手改 / generated from the input contract by npm run templates; do not edit`,
    `每个数据集一张工作表：第1行中文表头（${REQUIRED_MARK} = 必需列），第2行英文键，请勿删除；从第${FIRST_DATA_ROW}行起填写数据 / one sheet per dataset: row 1 Chinese headers (${REQUIRED_MARK} = required column), row 2 English keys — delete neither; fill rows from row ${FIRST_DATA_ROW}`,
    "每个数据集一个文件：将工作簿另存为 <数据集>.xlsx（如 population.xlsx、人口.xlsx；读取同名工作表），或使用 xlsx/、csv/ 下的单个模板 / one file per dataset: save the workbook as <dataset>.xlsx (the sheet named after the dataset is read), or use the single templates in xlsx/ and csv/",
    "空白、-、—、/、无 表示缺失 / empty cells, -, —, / and 无 mean missing · 运行 npm run check -- --input 文件夹 检查 / check a folder with npm run check -- --input DIR"
  ];
  intro.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    if (i === 0) cell.font = {bold: true, size: 13};
  });
  const headerRow = ws.getRow(intro.length + 2);
  NOTES_COLUMNS.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = {bold: true};
    cell.fill = HEADER_FILL;
  });
  let row = intro.length + 3;
  for (const d of datasets) {
    const title = ws.getRow(row++);
    title.getCell(1).value = `${d.name}（${d.zh}）— ${d.required ? "必需数据集 / required dataset" : "可选数据集 / optional dataset"}${d.recordLevel ? "；个人记录，敏感 / record level, sensitive" : ""}；文件名 / file: ${fileNames(d)}`;
    title.getCell(1).font = {bold: true};
    for (const note of columnNotes(d)) {
      const r = ws.getRow(row++);
      NOTES_COLUMNS.forEach((c, i) => {
        const v = note[c.key];
        r.getCell(i + 1).value = Array.isArray(v) ? v.join("、") : v;
        r.getCell(i + 1).alignment = {wrapText: true, vertical: "top"};
      });
    }
    row++;
  }
  ws.views = [{state: "frozen", ySplit: intro.length + 2}];
}

function fileNames(d: Dataset): string {
  return [d.name, ...d.fileAliases].map((n) => `${n}.csv/.xlsx`).join("、");
}

/** A workbook of the given datasets' sheets; the notes sheet first or last. */
function buildWorkbook(datasets: Dataset[], notesFirst: boolean): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Aging Observatory 养老服务监测平台";
  if (notesFirst) addNotesSheet(workbook, datasets);
  for (const d of datasets) addDatasetSheet(workbook, d);
  if (!notesFirst) addNotesSheet(workbook, datasets);
  return workbook;
}

/** A CSV template: UTF-8 with BOM (so Excel shows the Chinese), one row of Chinese headers. */
function csvTemplate(d: Dataset): string {
  return "\ufeff" + Papa.unparse([d.columns.map((c) => c.zh[0])], {newline: "\r\n"}) + "\r\n";
}

/**
 * Write the templates under outDir: input-templates.xlsx (notes and every dataset), xlsx/<dataset>.xlsx and
 * csv/<dataset>.csv. The folder is replaced as a whole. Returns the files written, relative to outDir.
 */
export async function writeTemplates(outDir: string, datasets: Dataset[] = DATASETS): Promise<string[]> {
  const out = path.resolve(outDir);
  const temp = `${out}.tmp-${process.pid}`;
  await rm(temp, {recursive: true, force: true});
  await mkdir(path.join(temp, "xlsx"), {recursive: true});
  await mkdir(path.join(temp, "csv"), {recursive: true});
  const files: string[] = [WORKBOOK_NAME];
  await buildWorkbook(datasets, true).xlsx.writeFile(path.join(temp, WORKBOOK_NAME));
  for (const d of datasets) {
    // The data sheet first: the loader falls back to the first sheet.
    await buildWorkbook([d], false).xlsx.writeFile(path.join(temp, "xlsx", `${d.name}.xlsx`));
    await writeFile(path.join(temp, "csv", `${d.name}.csv`), csvTemplate(d), "utf8");
    files.push(`xlsx/${d.name}.xlsx`, `csv/${d.name}.csv`);
  }
  await rm(out, {recursive: true, force: true});
  await mkdir(path.dirname(out), {recursive: true});
  await rename(temp, out);
  return files;
}

export const TEMPLATES_USAGE = `用法 / usage: npm run templates -- [--out DIR]

  --out DIR    输出文件夹 / where to write the templates (default data/templates; replaced as a whole)
  -h, --help   显示本帮助 / show this help`;

export function parseTemplatesArgs(argv: string[]): {out: string; help: boolean} {
  const {values} = parseArgs({args: argv, strict: true, allowPositionals: false, options: {out: {type: "string"}, help: {type: "boolean", short: "h"}}});
  return {out: values.out ?? "data/templates", help: values.help ?? false};
}

const md = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** docs/inputs.md: the folder's rules, the templates, and every dataset's columns. */
export function renderInputDocs(datasets: Dataset[] = DATASETS): string {
  const out: string[] = [
    "# 输入数据说明 / Input files",
    "",
    "<!-- Generated from pipeline/datasets/contract.ts by `npm run docs:inputs`. Do not edit: change the contract and regenerate. -->",
    "",
    "一个输入文件夹，每个数据集一个文件。本页由输入约定（`pipeline/datasets/contract.ts`）生成，与模板（`npm run templates`）同源。",
    "One input folder, one file per dataset. This page is generated from the input contract (`pipeline/datasets/contract.ts`), like the templates (`npm run templates`).",
    "",
    "## 文件夹 / The folder",
    "",
    "- 文件以数据集命名：`population.csv` 或 `population.xlsx`（读取与数据集同名的工作表，否则第一张）；也可用中文名，如 `人口.csv`。",
    "  Files are named after the dataset: `population.csv` or `population.xlsx` (the sheet named after the dataset, else the first); Chinese names such as `人口.csv` work too.",
    "- CSV：逗号、制表符或分号分隔，自动识别；编码 UTF-8（带或不带 BOM）、GBK 或 GB18030，自动识别。",
    "  CSV: comma, tab or semicolon separated, detected; UTF-8 (with or without BOM), GBK or GB18030, detected.",
    "- 表头可用英文键或中文表头，不区分大小写、空格和全角半角；XLSX 表头上方可有标题行（表头是第一行列出全部必需列的行）。",
    "  Headers: the English key or a Chinese header, case-, space- and width-insensitive; an XLSX sheet may have title rows above the header (the first row naming every required column).",
    "- 数字可带千位分隔符、全角数字和空格；空白、`-`、`—`、`/`、`无` 表示缺失。",
    "  Numbers may carry thousands separators, full-width digits and spaces; empty cells, `-`, `—`, `/` and `无` mean missing.",
    "- 区县可用区划代码、名称或别名（`高新区` = `高新技术产业开发区`），不带“区/县”后缀的名称在无歧义时也可识别（`历下` = `历下区`）。",
    "  A district is given by its code, name or alias; a name without its suffix resolves when unambiguous.",
    "- 多余的列不进入数据仓库并给出警告；缺少必需列时该数据集失败，并指出文件和列。",
    "  Extra columns are kept out of the warehouse with a warning; a missing required column fails the dataset, naming the file and column.",
    "- 每一条被拒收的行都会记录（文件、行、列、值、原因）并计数，不会悄悄丢弃。",
    "  Every rejected row is kept (file, line, column, value, reason) and counted; nothing is dropped silently.",
    "",
    "## 模板 / Templates",
    "",
    "`npm run templates` 写入 `data/templates/`（`--out DIR` 可改）/ writes `data/templates/` (`--out DIR` to change):",
    "",
    `- \`${WORKBOOK_NAME}\`：“${NOTES_SHEET}”工作表（每列的类型、是否必需、可接受的值、规则）和每个数据集一张工作表 / the notes sheet (each column's type, whether required, accepted values, rules) and one sheet per dataset;`,
    "- `xlsx/<dataset>.xlsx`：单个数据集的模板 / one dataset's template;",
    "- `csv/<dataset>.csv`：UTF-8 带 BOM、中文表头的 CSV 模板 / CSV templates, UTF-8 with BOM, Chinese headers.",
    "",
    `XLSX 模板第1行为中文表头（${REQUIRED_MARK} 表示必需列），第2行为英文键，两行都不要删除，从第${FIRST_DATA_ROW}行起填写。身份证号、代码等列已设为文本格式，Excel 不会吞掉位数或前导零。`,
    `In the XLSX templates row 1 holds the Chinese headers (${REQUIRED_MARK} marks a required column) and row 2 the English keys: delete neither, fill rows from row ${FIRST_DATA_ROW}. ID and code columns are formatted as text, so Excel keeps every digit and leading zero.`,
    "",
    "填好后检查 / when filled, check: `npm run check -- --input 文件夹`（见 / see [analysts.md](analysts.md)）.",
    ""
  ];
  out.push("## 数据集一览 / Datasets", "", "| 数据集 dataset | 中文 | 必需 required | 个人记录 record level | 文件名 file names |", "|---|---|---|---|---|");
  for (const d of datasets) {
    out.push(`| [${d.name}](#${d.name}) | ${d.zh} | ${d.required ? "必需 required" : "可选 optional"} | ${d.recordLevel ? "是，敏感 yes, sensitive" : ""} | ${md([d.name, ...d.fileAliases].map((n) => `\`${n}\``).join(" "))} |`);
  }
  out.push("");
  for (const d of datasets) {
    out.push(`<a id="${d.name}"></a>`, "", `## ${d.name}（${d.zh}）— ${d.required ? "必需 / required" : "可选 / optional"}`, "");
    out.push(`文件名 / file names: ${[d.name, ...d.fileAliases].map((n) => `\`${n}.csv\``).join("、")}（或 / or \`.xlsx\`）`, "");
    if (d.recordLevel) out.push("个人记录，敏感：身份证号和人员编号在写入数据仓库前以密钥哈希替换。/ Record level and sensitive: ID numbers and person ids are replaced by a keyed hash before anything is written.", "");
    const unique = (d.key?.columns ?? []).filter((k) => d.columns.some((c) => c.key === k));
    if (unique.length > 1) out.push(`唯一键 / unique key: (${unique.join(", ")})`, "");
    if (d.oneOf) out.push(`${d.oneOf.map((k) => `\`${k}\``).join(" 或 ")} 至少有一列 / at least one of ${d.oneOf.map((k) => `\`${k}\``).join(", ")}`, "");
    out.push("| 英文键 key | 中文表头 header | 也可用 also accepted | 类型 type | 是否必需 required | 可接受的值 accepted values | 规则 rules |", "|---|---|---|---|---|---|---|");
    for (const n of columnNotes(d)) {
      out.push(`| \`${n.key}\` | ${n.header} | ${md(n.otherHeaders.join("、"))} | ${md(n.type)} | ${md(n.required)} | ${md(n.accepted)} | ${md(n.rules)} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
