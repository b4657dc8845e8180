// Writes the complete Demo City input folder: every dataset of the input contract, synthetic and labelled so.
import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {CITY_NAME, DISTRICTS, districtShapes, districtsGeoJson} from "./city.ts";
import {buildRoster, facilityRows, type FacilityRow} from "./facilities.ts";
import {FACILITY_HEADER_ROW, FILES, KNOWN_BAD_ROWS, KNOWN_WARNINGS, PLAN, TASK_HEADER_ROW, type KnownRow} from "./known-issues.ts";
import {REPORT_DATES, TARGETS, TASK_DOC, TASKS, progressValue} from "./plans.ts";
import {BACKCAST_FIRST_YEAR, BANDS, bandCounts, bandCountsByYear, FIRST_YEAR, LAST_YEAR, populationLayout, runPopulation, type PopulationModel} from "./population.ts";
import {AS_OF, writeRecords} from "./records.ts";
import {csvRow, encodeGbk, newWorkbook, workbookBytes} from "./write.ts";

export interface GenerateOptions {
  out: string;
  seed: number;
  scale: number;
  /** Progress lines (stage names and timings); silent when absent. */
  log?: (line: string) => void;
}

export interface GenerateResult {
  files: string[];
  counts: Record<string, number>;
  /** The planted rows as actually written (equal to KNOWN_BAD_ROWS / KNOWN_WARNINGS at scale ≥ 0.01). */
  badRows: KnownRow[];
  warnings: KnownRow[];
  timingsMs: Record<string, number>;
}

const SYNTHETIC = "合成演示数据：示例市为虚构城市，所有数据由程序随机生成，不代表任何真实地区或个人。Synthetic demo data: a fictional city; not real, not any real place or person.";
const SEX_ZH = {male: "男", female: "女", total: "合计"} as const;
const TYPE_ZH = {institution: "养老机构", community: "社区养老服务机构", station: "养老服务站点", canteen: "助餐点"} as const;
const OWNERSHIP_ZH = {public: "公办", public_private: "公建民营", private: "民办"} as const;

const bandLabel = (b: number) => (BANDS[b].hi === null ? `${BANDS[b].lo}岁及以上` : `${BANDS[b].lo}-${BANDS[b].hi}岁`);

function districtsCsv(areas: Map<string, number>): string {
  let text = "\uFEFF" + csvRow(["code", "name", "name_en", "kind", "aliases", "area_km2"]);
  for (const d of DISTRICTS) text += csvRow([d.code, d.name, d.nameEn, d.kind, d.aliases.join(";"), areas.get(d.code)!.toFixed(1)]);
  return text;
}

function populationCsv(model: PopulationModel, issues: KnownRow[], warnings: KnownRow[]): Buffer {
  const counts = bandCountsByYear(model);
  const {negative, totalMismatch} = PLAN.population;
  const lines = [csvRow(["年份", "区县", "性别", "年龄组", "人口数"])];
  for (const row of populationLayout(negative)) {
    const d = DISTRICTS[row.districtIndex];
    const [male, female] = counts.get(row.year)![row.districtIndex].map((v) => v[row.band]);
    let value = row.sex === "male" ? male : row.sex === "female" ? female : male + female;
    const line = lines.length + 1;
    if (row.extra) {
      value = negative.value;
      issues.push({dataset: "population", file: FILES.population, line, column: "population", value: String(value), reason: "negative population"});
    }
    if (row.year === totalMismatch.year && d.code === totalMismatch.district && row.sex === "total" && row.band === totalMismatch.band) {
      value += totalMismatch.delta;
      warnings.push({dataset: "population", file: FILES.population, line, column: "population", value: String(value), reason: `total differs from male + female (${male} + ${female})`});
    }
    lines.push(csvRow([row.year, d.kind === "zone" ? d.aliases[0] : d.name, SEX_ZH[row.sex], bandLabel(row.band), value]));
  }
  return encodeGbk(lines.join(""));
}

async function facilitiesXlsx(rows: FacilityRow[], issues: KnownRow[], warnings: KnownRow[]): Promise<Buffer> {
  const wb = newWorkbook(`${CITY_NAME}养老服务设施年报（合成演示数据）`);
  const ws = wb.addWorksheet("养老服务设施");
  ws.addRow([`${CITY_NAME}养老服务设施年报 ${FIRST_YEAR}—${LAST_YEAR}（合成演示数据）`]);
  ws.addRow([`${SYNTHETIC} 各年为年末数。`]);
  const header = ["年份", "机构编码", "机构名称", "区县", "类型", "性质", "床位数", "护理型床位数", "在住人数", "星级", "接入信息平台", "医养结合", "经度", "纬度"];
  ws.addRow(header);
  if (ws.rowCount !== FACILITY_HEADER_ROW) throw new Error("facilities header row moved");
  ws.getRow(1).font = {bold: true, size: 14};
  ws.getRow(FACILITY_HEADER_ROW).font = {bold: true};
  const f = PLAN.facilities;
  const nth: Record<string, number> = {};
  for (const r of rows) {
    const key = `${r.year}/${r.type}`;
    nth[key] = (nth[key] ?? 0) + 1;
    let {beds, nursingBeds, residents, district} = r;
    const line = ws.rowCount + 1;
    if (r.year === f.nursingOverBeds.year && r.type === "institution" && nth[key] === f.nursingOverBeds.nthInstitution) {
      beds = f.nursingOverBeds.beds;
      nursingBeds = f.nursingOverBeds.nursingBeds;
      residents = Math.min(residents, beds);
      issues.push({dataset: "facilities", file: FILES.facilities, line, column: "nursing_beds", value: String(nursingBeds), reason: "nursing_beds greater than beds"});
    }
    if (r.year === f.unknownDistrict.year && r.type === "canteen" && nth[key] === f.unknownDistrict.nthCanteen) {
      district = f.unknownDistrict.district;
      issues.push({dataset: "facilities", file: FILES.facilities, line, column: "district", value: district, reason: "unknown district"});
    }
    if (r.year === f.residentsOverBeds.year && r.type === "community" && nth[key] === f.residentsOverBeds.nthCommunity) {
      beds = f.residentsOverBeds.beds;
      nursingBeds = f.residentsOverBeds.nursingBeds;
      residents = f.residentsOverBeds.residents;
      warnings.push({dataset: "facilities", file: FILES.facilities, line, column: "residents", value: String(residents), reason: `residents above beds (${beds})`});
    }
    ws.addRow([r.year, r.id, r.name, district, TYPE_ZH[r.type], OWNERSHIP_ZH[r.ownership], beds, nursingBeds, residents, r.star ?? null, r.onPlatform ? "是" : "否", r.medical ? "是" : "否", r.lon, r.lat]);
  }
  [6, 14, 28, 18, 16, 10, 8, 12, 10, 6, 12, 10, 12, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return workbookBytes(wb);
}

async function tasksXlsx(): Promise<Buffer> {
  const wb = newWorkbook(`${CITY_NAME}2025年养老服务重点任务清单（合成演示数据）`);
  const ws = wb.addWorksheet("2025年重点任务");
  ws.addRow([`${CITY_NAME}2025年养老服务重点任务清单（合成演示数据）`]);
  ws.addRow([`依据：${TASK_DOC}。${SYNTHETIC}`]);
  ws.addRow(["任务编号", "年份", "任务名称", "类别", "牵头单位", "区县", "单位", "目标值", "完成时限"]);
  if (ws.rowCount !== TASK_HEADER_ROW) throw new Error("tasks header row moved");
  ws.getRow(1).font = {bold: true, size: 14};
  ws.getRow(TASK_HEADER_ROW).font = {bold: true};
  for (const t of TASKS) ws.addRow([t.id, 2025, t.title, t.category, t.leadUnit, t.district || null, t.unit, t.target, t.due]);
  [12, 8, 30, 10, 24, 10, 8, 10, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return workbookBytes(wb);
}

function taskProgressCsv(): string {
  let text = csvRow(["任务编号", "填报日期", "累计完成值", "说明"]);
  for (const t of TASKS) {
    REPORT_DATES.forEach((date, m) => {
      const value = progressValue(t, m);
      text += csvRow([t.id, date, value, m === REPORT_DATES.length - 1 ? t.notes[0] : value === 0 ? "尚未开工" : "按月填报"]);
    });
  }
  return text;
}

function targetsCsv(): string {
  let text = csvRow(["indicator", "scope", "year", "target", "direction", "basis"]);
  for (const row of TARGETS) text += csvRow(row);
  return text;
}

function readme(opts: GenerateOptions, counts: Record<string, number>, bad: KnownRow[], warnings: KnownRow[]): string {
  const list = (rows: KnownRow[]) => rows.map((r) => `  - ${r.file} line ${r.line}, ${r.column} = ${r.value}: ${r.reason}`).join("\n");
  return [
    `${CITY_NAME}（Demo City）养老服务监测平台演示输入数据`,
    "",
    SYNTHETIC,
    "Region codes 9901xx are fictional and outside the real code range; ID numbers are generated and",
    "belong to nobody. Do not use these figures as statistics.",
    "",
    `Generated by: npm run demo -- --seed ${opts.seed} --scale ${opts.scale}`,
    `Data as of: ${AS_OF} (population: year-end figures ${BACKCAST_FIRST_YEAR}–${LAST_YEAR}, the years before ${FIRST_YEAR} back-cast from ${FIRST_YEAR}; facilities: year-end figures ${FIRST_YEAR}–${LAST_YEAR})`,
    "",
    "Files:",
    `  ${FILES.districts}  UTF-8 with BOM, English headers (${counts.districts} rows)`,
    `  ${FILES.shapes}  GeoJSON polygons, properties.code`,
    `  ${FILES.population}  GBK, Chinese headers, 5-year bands (${counts.population} rows)`,
    `  ${FILES.facilities}  XLSX, two title rows, header on row ${FACILITY_HEADER_ROW} (${counts.facilities} rows)`,
    `  ${FILES.elders}  UTF-8, English headers (${counts.elders} rows)`,
    `  ${FILES.service_orders}  UTF-8, English headers (${counts.service_orders} rows)`,
    `  ${FILES.targets}  UTF-8, English headers (${counts.targets} rows)`,
    `  ${FILES.tasks}  XLSX, two title rows, header on row ${TASK_HEADER_ROW} (${counts.tasks} rows)`,
    `  ${FILES.task_progress}  UTF-8, Chinese headers (${counts.task_progress} rows)`,
    "",
    "Rows planted to be rejected:",
    list(bad),
    "Rows planted to raise warnings:",
    list(warnings),
    "",
  ].join("\n");
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - t);
    log(`${name}: ${timingsMs[name]} ms`);
    t = now;
  };
  await mkdir(opts.out, {recursive: true});
  const badRows: KnownRow[] = [], warnings: KnownRow[] = [];
  const counts: Record<string, number> = {};
  const out = (name: string) => join(opts.out, name);

  const shapes = districtShapes();
  await writeFile(out(FILES.districts), districtsCsv(new Map(shapes.map((s) => [s.code, s.areaKm2]))));
  await writeFile(out(FILES.shapes), districtsGeoJson(shapes));
  counts.districts = DISTRICTS.length;
  lap("districts");

  const model = runPopulation();
  await writeFile(out(FILES.population), populationCsv(model, badRows, warnings));
  counts.population = populationLayout(PLAN.population.negative).length;
  lap("population");

  const pop60 = bandCounts(model).map((y) => y.map((d) => d.reduce((a, bs) => a + bs.reduce((x, v, b) => x + (BANDS[b].lo >= 60 ? v : 0), 0), 0)));
  const roster = buildRoster(pop60);
  const rows = facilityRows(roster, pop60, shapes, opts.seed);
  await writeFile(out(FILES.facilities), await facilitiesXlsx(rows, badRows, warnings));
  counts.facilities = rows.length;
  lap("facilities");

  await writeFile(out(FILES.targets), targetsCsv());
  await writeFile(out(FILES.tasks), await tasksXlsx());
  await writeFile(out(FILES.task_progress), taskProgressCsv());
  counts.targets = TARGETS.length;
  counts.tasks = TASKS.length;
  counts.task_progress = TASKS.length * REPORT_DATES.length;
  lap("targets and tasks");

  const records = await writeRecords(opts.out, model, roster, opts.seed, opts.scale);
  badRows.push(...records.issues);
  counts.elders = records.elders;
  counts.service_orders = records.orders;
  lap("elders and service orders");

  // keep the documented order (population, facilities, elders, orders) for the README and the result
  const order = (rows: KnownRow[], ref: KnownRow[]) => [...rows].sort((a, b) => ref.findIndex((r) => r.file === a.file && r.column === a.column) - ref.findIndex((r) => r.file === b.file && r.column === b.column));
  const result = {files: Object.values(FILES), counts, badRows: order(badRows, KNOWN_BAD_ROWS), warnings: order(warnings, KNOWN_WARNINGS), timingsMs};
  await writeFile(out(FILES.readme), readme(opts, counts, result.badRows, result.warnings));
  return result;
}
