import {createHash} from "node:crypto";
import {mkdtemp, readFile, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {inRing} from "../../pipeline/demo/city.ts";
import {generate, type GenerateResult} from "../../pipeline/demo/generate.ts";
import {FACILITY_HEADER_ROW, FILES, KNOWN_BAD_ROWS, KNOWN_WARNINGS, type KnownRow} from "../../pipeline/demo/known-issues.ts";
import {idBirthDate, idSex, isValidId} from "../../pipeline/lib/idnumber.ts";

const SCALE = 0.02;
let root: string, a: string, b: string, c: string;
let resultA: GenerateResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "demo-test-"));
  [a, b, c] = ["a", "b", "c"].map((n) => join(root, n));
  resultA = await generate({out: a, seed: 1, scale: SCALE});
  await generate({out: b, seed: 1, scale: SCALE});
  await generate({out: c, seed: 2, scale: SCALE});
});
afterAll(async () => {
  await rm(root, {recursive: true, force: true});
});

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = createHash("sha256").update(await readFile(join(dir, f))).digest("hex");
  return out;
}

const cache = new Map<string, Promise<unknown>>();
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as Promise<T>;
}

/** CSV rows as string arrays; index 0 is line 1 (header). Decodes GBK when asked. */
function csv(dir: string, file: string, encoding = "utf-8"): Promise<string[][]> {
  return cached(`${dir}/${file}`, () => readCsv(dir, file, encoding));
}

async function readCsv(dir: string, file: string, encoding: string): Promise<string[][]> {
  let text = new TextDecoder(encoding).decode(await readFile(join(dir, file)));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return Papa.parse<string[]>(text.trimEnd(), {skipEmptyLines: false}).data;
}

function sheet(dir: string, file: string): Promise<ExcelJS.Worksheet> {
  return cached(`${dir}/${file}`, async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, file));
    return wb.worksheets[0];
  });
}

const HEADER: Record<string, Record<string, string>> = {
  population: {population: "人口数"},
  facilities: {nursing_beds: "护理型床位数", district: "区县", residents: "在住人数", beds: "床位数"},
};

/** The cell at a KnownRow's line and column, read back from the file. */
async function cellAt(dir: string, row: KnownRow): Promise<string> {
  const header = HEADER[row.dataset]?.[row.column] ?? row.column;
  if (row.file.endsWith(".xlsx")) {
    const ws = await sheet(dir, row.file);
    const names = (ws.getRow(FACILITY_HEADER_ROW).values as unknown[]).map((v) => String(v ?? ""));
    return String(ws.getRow(row.line!).getCell(names.indexOf(header)).value);
  }
  const rows = await csv(dir, row.file, row.file === FILES.population ? "gb18030" : "utf-8");
  return rows[row.line! - 1][rows[0].indexOf(header)];
}

describe("demo city generator", () => {
  it("writes every contract file", async () => {
    expect((await readdir(a)).sort()).toEqual(Object.values(FILES).sort());
  });

  it("gives byte-identical files for the same seed, different ones for another", async () => {
    const [ha, hb, hc] = await Promise.all([hashes(a), hashes(b), hashes(c)]);
    expect(hb).toEqual(ha);
    for (const f of [FILES.elders, FILES.service_orders, FILES.facilities]) expect(hc[f]).not.toBe(ha[f]);
  });

  it("plants exactly the known bad rows and warnings, where the lists say", async () => {
    expect(resultA.badRows).toEqual(KNOWN_BAD_ROWS);
    expect(resultA.warnings).toEqual(KNOWN_WARNINGS);
    expect(KNOWN_BAD_ROWS.length).toBeGreaterThanOrEqual(5);
    for (const dir of [a, c]) {
      for (const row of [...KNOWN_BAD_ROWS, ...KNOWN_WARNINGS]) expect(await cellAt(dir, row), `${row.file}:${row.line}`).toBe(row.value);
    }
  });

  it("writes valid ID numbers that agree with birth date and sex, except the bad one", async () => {
    const rows = await csv(a, FILES.elders);
    const bad = new Set(KNOWN_BAD_ROWS.filter((r) => r.dataset === "elders").map((r) => r.value));
    const ids = new Set<string>();
    let blanks = 0;
    const problems: string[] = [];
    for (const [id, birth, sex] of rows.slice(1)) {
      ids.add(id);
      if (bad.has(id)) {
        if (isValidId(id)) problems.push(`${id} should be invalid`);
        continue;
      }
      if (!isValidId(id) || !id.startsWith("9901")) problems.push(`${id} invalid`);
      if (birth && birth !== idBirthDate(id)) problems.push(`${id} birth ${birth}`);
      if (!birth) blanks++;
      if (sex && sex !== idSex(id)) problems.push(`${id} sex ${sex}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(ids.size).toBe(rows.length - 1);
    expect(blanks).toBeGreaterThan(0);
  });

  it("shapes the population on the national ageing figures", async () => {
    const rows = (await csv(a, FILES.population, "gb18030")).slice(1);
    const share = (year: number, from: number) => {
      let all = 0, old = 0;
      for (const [y, , sex, age, n] of rows) {
        if (Number(y) !== year || sex === "合计") continue;
        all += Number(n);
        if (parseInt(age) >= from) old += Number(n);
      }
      return {pct: (old / all) * 100, all};
    };
    expect(Math.abs(share(2020, 60).pct - 18.7)).toBeLessThan(1.5);
    expect(Math.abs(share(2024, 60).pct - 22.0)).toBeLessThan(1.5);
    expect(Math.abs(share(2020, 65).pct - 13.5)).toBeLessThan(1.5);
    expect(Math.abs(share(2024, 65).pct - 15.6)).toBeLessThan(1.5);
    expect(share(2020, 0).all).toBeGreaterThan(1_000_000);
    expect(share(2020, 0).all).toBeLessThan(1_500_000);
    // 合计 rows equal 男 + 女 except the one planted warning
    const byKey = new Map<string, number>();
    for (const [y, d, sex, age, n] of rows) byKey.set(`${y}|${d}|${sex}|${age}`, Number(n));
    const mismatches = rows
      .map((r, i) => ({r, line: i + 2}))
      .filter(({r: [y, d, sex, age, n]}) => sex === "合计" && Number(n) !== byKey.get(`${y}|${d}|男|${age}`)! + byKey.get(`${y}|${d}|女|${age}`)!);
    expect(mismatches.map((m) => m.line)).toEqual(KNOWN_WARNINGS.filter((w) => w.dataset === "population").map((w) => w.line));
  });

  it("keeps beds per 1,000, nursing share and occupancy on their trends", async () => {
    const ws = await sheet(a, FILES.facilities);
    const byYear = new Map<number, {beds: number; instBeds: number; nursing: number; residents: number}>();
    ws.eachRow((row, n) => {
      if (n <= FACILITY_HEADER_ROW) return;
      const [year, , , , type, , beds, nursing, residents] = (row.values as unknown[]).slice(1);
      const y = byYear.get(Number(year)) ?? {beds: 0, instBeds: 0, nursing: 0, residents: 0};
      if (type === "养老机构" || type === "社区养老服务机构") y.beds += Number(beds);
      if (type === "养老机构") {
        y.instBeds += Number(beds);
        y.nursing += Number(nursing);
        y.residents += Number(residents);
      }
      byYear.set(Number(year), y);
    });
    const pop = (await csv(a, FILES.population, "gb18030")).slice(1);
    const pop60 = (year: number) => pop.filter(([y, , sex, age]) => Number(y) === year && sex !== "合计" && parseInt(age) >= 60).reduce((s, r) => s + Number(r[4]), 0);
    const per1000 = (y: number) => (byYear.get(y)!.beds / pop60(y)) * 1000;
    const nursing = (y: number) => (byYear.get(y)!.nursing / byYear.get(y)!.instBeds) * 100;
    expect(per1000(2020)).toBeGreaterThan(29);
    expect(per1000(2020)).toBeLessThan(33);
    expect(per1000(2024)).toBeGreaterThan(24);
    expect(per1000(2024)).toBeLessThan(28);
    expect(nursing(2020)).toBeGreaterThan(44);
    expect(nursing(2020)).toBeLessThan(52);
    expect(nursing(2024)).toBeGreaterThan(62);
    expect(nursing(2024)).toBeLessThan(70);
    for (const y of [2015, 2020, 2025]) {
      const occupancy = (byYear.get(y)!.residents / byYear.get(y)!.instBeds) * 100;
      expect(occupancy).toBeGreaterThan(38);
      expect(occupancy).toBeLessThan(52);
    }
  });

  it("puts facilities inside their district and districts inside China", async () => {
    const geo = JSON.parse(await readFile(join(a, FILES.shapes), "utf8"));
    const districts = (await csv(a, FILES.districts)).slice(1);
    expect(geo.features.map((f: {properties: {code: string}}) => f.properties.code).sort()).toEqual(districts.map((d) => d[0]).sort());
    const rings = new Map<string, [number, number][]>();
    for (const f of geo.features) {
      const ring = f.geometry.coordinates[0] as [number, number][];
      for (const [lon, lat] of ring) {
        expect(lon).toBeGreaterThan(73);
        expect(lon).toBeLessThan(135);
        expect(lat).toBeGreaterThan(18);
        expect(lat).toBeLessThan(54);
        expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
      }
      rings.set(f.properties.code, ring);
    }
    const byName = new Map<string, string>();
    for (const [code, name, , , aliases] of districts) {
      for (const n of [name, name.replace(/区$/, ""), ...aliases.split(";").filter(Boolean)]) byName.set(n, code);
    }
    const ws = await sheet(a, FILES.facilities);
    const unknown = KNOWN_BAD_ROWS.find((r) => r.column === "district")!;
    let checked = 0;
    ws.eachRow((row, n) => {
      if (n <= FACILITY_HEADER_ROW || n === unknown.line) return;
      const v = row.values as unknown[];
      const code = byName.get(String(v[4]));
      expect(code, String(v[4])).toBeDefined();
      expect(inRing(rings.get(code!)!, [Number(v[13]), Number(v[14])])).toBe(true);
      checked++;
    });
    expect(checked).toBeGreaterThan(1000);
  });

  it("keeps orders valid apart from the planted rows", async () => {
    const rows = await csv(a, FILES.service_orders);
    const bad = new Set(KNOWN_BAD_ROWS.filter((r) => r.dataset === "service_orders").map((r) => r.line));
    const elders = new Set((await csv(a, FILES.elders)).slice(1).map((r) => r[0]));
    const seen = new Set<string>();
    const channels = new Map<string, Map<string, number>>();
    const problems: string[] = [];
    const SERVICES = new Set(["meal", "cleaning", "bathing", "medical", "emergency", "mobility", "visit", "day_care", "rehab", "other"]);
    rows.slice(1).forEach((r, i) => {
      const line = i + 2;
      const [id, person, , , service, channel, orderedAt, completedAt, status, fee, subsidy, rating] = r;
      if (bad.has(line)) return;
      const fail = (why: string) => problems.push(`line ${line}: ${why}`);
      if (seen.has(id)) fail("duplicate id");
      seen.add(id);
      if (!elders.has(person)) fail("person not in elders");
      if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(orderedAt)) fail("ordered_at format");
      if (completedAt && completedAt < orderedAt) fail("completed before ordered");
      if ((completedAt !== "") !== (status === "completed")) fail("completed_at vs status");
      if (Number(subsidy) > Number(fee)) fail("subsidy above fee");
      if (!(orderedAt >= "2022-01-01" && orderedAt <= "2025-10-31 23:59:59")) fail("ordered_at out of period");
      if (rating && !/^[1-5]$/.test(rating)) fail("rating");
      if (!SERVICES.has(service)) fail("service");
      const year = orderedAt.slice(0, 4);
      const m = channels.get(year) ?? new Map<string, number>();
      m.set(channel, (m.get(channel) ?? 0) + 1);
      channels.set(year, m);
    });
    expect(problems.slice(0, 10)).toEqual([]);
    const online = (y: string) => {
      const m = channels.get(y)!;
      const all = [...m.values()].reduce((s, n) => s + n, 0);
      return ((m.get("app") ?? 0) + (m.get("smart_device") ?? 0)) / all;
    };
    expect(online("2025")).toBeGreaterThan(online("2022") + 0.1);
  });
});
