// The bad-input corpus (tests/fixtures/bad/<case>/, made by tests/fixtures/bad/make.ts): for each case the exit code
// and the exact rejects and warnings — or the error naming the file (and column) — and, for GOOD inputs in odd forms,
// staging equal to the clean twin's (the clean fixture's files of the same datasets). Each case runs the load stage
// only (pipeline/run.ts loadOnly): what is checked here is all decided there (cases marked `full` run the whole
// pipeline: they check the exports, the report or meta). Every loaded dataset accounts for every record of its file:
// loaded + rejected = records read = the file's data records. Issue 18's failures that are not an input folder —
// two runs at once, a warehouse held by another process, --report equal to --warehouse — are in writers.test.ts.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {spawnSync} from "node:child_process";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import Papa from "papaparse";
import {cp, mkdir, rm, symlink, writeFile} from "node:fs/promises";
import path from "node:path";
import {makeId} from "../../pipeline/lib/idnumber.ts";
import {BAD, CLEAN, cleanSubset, copyFolder, prng, query, removeWarehouse, ROOT, runCase, tempDir, type Outcome, type QualityRow} from "./helpers.ts";
import {warehouseText} from "../pipeline/helpers.ts";

/** An expected quality row; `reason` is a substring of the actual reason. `cell` defaults to null (CSV). */
type Q = Omit<QualityRow, "cell"> & {cell?: string | null};

interface Expected {
  exit: 0 | 1;
  error?: {file: string | RegExp; column?: string; message: string | RegExp};
  rejects?: Q[];
  warnings?: Q[];
  /** Staging equals the clean twin's, after `map` on the case's JSON rows (true: unchanged). */
  twin?: boolean | ((table: string, rows: string[]) => string[]);
  check?: (o: Outcome) => void | Promise<void>;
  /** Run the whole pipeline (report, meta, exports), not the load stage only. */
  full?: boolean;
  /** Write generated inputs (not committed) into the temp copy of the case folder. */
  prepare?: (dir: string) => Promise<void>;
}

const q = (dataset: string, file: string, line: number | null, column_name: string | null, value: string | null, reason: string, cell: string | null = null): Q => ({
  dataset, file, line, column_name, value, reason, cell
});

/** Field `col` of lines from..to of a case's CSV file (as the user wrote them). */
function fields(caseName: string, file: string, from: number, to: number, col: number): string[] {
  return readFileSync(path.join(BAD, caseName, file), "utf8").split("\n").slice(from - 1, to).map((l) => l.split(",")[col]);
}
/** Rejects of a whole population group (lines from..to), every row with the same reason unless `except` says otherwise. */
function group(caseName: string, from: number, to: number, reason: string, except: Record<number, Q> = {}): Q[] {
  return fields(caseName, "population.csv", from, to, 3).map((age, i) => except[from + i] ?? q("population", "population.csv", from + i, "age", age, reason));
}
const staging = (o: Outcome, table: string) => o.staging[table].map((r) => JSON.parse(r) as Record<string, unknown>);
const staged = (o: Outcome, table: string) => o.staging[table].map((r) => JSON.parse(r) as Record<string, unknown>);
const facility = (o: Outcome, year: number, id: string) => staged(o, "facilities").find((f) => f.year === year && f.facility_id === id);

const FACILITIES_ASCII_ROWS = 3_600; // long names: just over the 1 MB the encoding is sniffed from
async function writeLateFacilities(dir: string, mode: "gbk" | "mixed"): Promise<void> {
  const header = "year,facility_id,name,district,type,ownership,beds,nursing_beds,residents,star,on_platform,medical,lon,lat";
  const ascii = Array.from({length: FACILITIES_ASCII_ROWS}, (_, i) => `2024,G${String(i).padStart(6, "0")},Facility ${i} ${"x".repeat(280)},990102,institution,public,100,50,40,3,yes,yes,117.01,36.61`);
  const first = mode === "mixed" ? [Buffer.from("2024,U000001,东湖区第三养老院,东湖区,institution,public,100,50,40,3,yes,yes,117.01,36.61\n", "utf8")] : [];
  // The last row in GBK: 东湖区第二养老院 / 东湖区 as GBK bytes (from the GBK table; see tests/fixtures/bad/make.ts for iconv).
  const gbkName = Buffer.from("b6abbafec7f8b5dab6fed1f8c0cfd4ba", "hex"); // 东湖区第二养老院
  const gbkDistrict = Buffer.from("b6abbafec7f8", "hex"); // 东湖区
  const last = Buffer.concat([Buffer.from("2024,H000001,"), gbkName, Buffer.from(","), gbkDistrict, Buffer.from(",institution,public,100,50,40,3,yes,yes,117.01,36.61\n")]);
  await writeFile(path.join(dir, "facilities.csv"), Buffer.concat([Buffer.from(header + "\n"), ...first, Buffer.from(ascii.join("\n") + "\n"), last]));
}

const badChecksumId = (() => {
  const good = makeId("990102", "19400115", 100);
  return good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
})();
const badDateId = makeId("990102", "19410230", 123);
const mask = (id: string) => id.slice(0, 6) + "*".repeat(id.length - 8) + id.slice(-2);

const BANDS = "15, 60, 65 and 80 must be band boundaries（2020 990102 male）";

export const EXPECTED: Record<string, Expected> = {
  // ── encodings
  "encoding-gbk": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "facilities")?.file?.encoding).toBe("GBK/GB18030")},
  "encoding-mixed": {exit: 1, error: {file: "facilities.csv", message: "the file mixes encodings: line 2 is UTF-8, line 3 is not"}},
  "encoding-bom": {exit: 0, twin: true},
  "encoding-gb18030": {exit: 0, twin: (t, rows) => (t === "facilities" ? rows.map((r) => r.replaceAll("𠮷祥颐养中心", "西山颐养中心")) : rows)},
  "encoding-utf16": {exit: 0, twin: true},
  "encoding-late-gbk": {
    exit: 0,
    prepare: (dir) => writeLateFacilities(dir, "gbk"),
    check: (o) => {
      expect(o.staging.facilities).toHaveLength(FACILITIES_ASCII_ROWS + 1);
      expect(facility(o, 2024, "H000001")).toMatchObject({name: "东湖区第二养老院", district_code: "990102"});
    }
  },
  "encoding-late-mixed": {
    exit: 1,
    prepare: (dir) => writeLateFacilities(dir, "mixed"),
    error: {file: "facilities.csv", message: `it starts as UTF-8 but line ${FACILITIES_ASCII_ROWS + 3} is not`}
  },
  // ── file structure
  "empty-file": {exit: 1, error: {file: "population.csv", message: "the file is empty"}},
  "header-only": {exit: 1, error: {file: "facilities.csv", message: "the file has a header but no data rows"}},
  "duplicate-headers": {exit: 1, error: {file: "population.csv", column: "population", message: "column population appears more than once (columns E, F: population, 人口数)"}},
  "missing-column": {exit: 1, error: {file: "facilities.csv", column: "beds", message: "missing required column: beds"}},
  "unknown-columns": {
    exit: 0,
    twin: true,
    warnings: [
      q("facilities", "facilities.csv", 1, "contact_phone", null, "unknown column, kept out of the warehouse"),
      q("facilities", "facilities.csv", 1, "备注", null, "unknown column, kept out of the warehouse")
    ],
    check: async (o) => {
      const cols = await query<{column_name: string}>(o.warehouse, "select column_name from information_schema.columns where table_schema = 'raw' and table_name = 'facilities'");
      expect(cols.map((c) => c.column_name)).not.toContain("contact_phone");
    }
  },
  "ragged-too-many": {
    exit: 0,
    rejects: [q("facilities", "facilities.csv", 3, null, null, "the row has more fields than the header's 14 columns")],
    check: (o) => expect(o.staging.facilities).toHaveLength(7)
  },
  "ragged-too-few": {
    exit: 0,
    rejects: [q("facilities", "facilities.csv", 4, null, null, "the row has fewer fields than the header's 14 columns")],
    check: (o) => {
      expect(o.staging.facilities).toHaveLength(7);
      expect(o.result.datasets.find((d) => d.dataset === "facilities")).toMatchObject({rowsRead: 8, rowsLoaded: 7, rowsRejected: 1});
    }
  },
  "quotes-newlines": {
    exit: 0,
    rejects: [q("facilities", "facilities.csv", 9, "beds", "-1", "below the minimum 0"), q("facilities", "facilities.csv", 9, "nursing_beds", "0", "nursing_beds > beds")],
    check: (o) => expect(facility(o, 2024, "F001")?.name).toBe('东湖区"第一"养老院\n（本部）')
  },
  "crlf-blank-lines": {exit: 0, twin: true},
  "delimiter-semicolon": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "population")?.file?.delimiter).toBe(";")},
  "delimiter-tab": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "population")?.file).toMatchObject({name: "population.tsv", delimiter: "\t"})},
  "chinese-filenames": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.slice(0, 3).map((d) => d.file?.name)).toEqual(["区县.csv", "人口.csv", "养老服务设施.csv"])},
  "same-file-twice": {exit: 1, error: {file: "population.csv, 人口.csv", message: "more than one file for dataset population: population.csv, 人口.csv; keep one"}},
  "missing-dataset": {exit: 1, error: {file: /facilities\.csv$/, message: "required dataset facilities (养老服务设施) is missing"}},
  "garbage-20mb": {
    exit: 1,
    prepare: async (dir) => {
      const random = prng(20240305);
      const bytes = Buffer.alloc(20 << 20);
      for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE(Math.floor(random() * 0x100000000), i);
      await writeFile(path.join(dir, "population.csv"), bytes);
    },
    // Random bytes are read as GB18030 (no header found) or, where a short line happens to be UTF-8, as mixed encodings.
    error: {file: "population.csv", message: /missing required columns: year, district, sex, age, population|the file mixes encodings/}
  },
  "fullwidth-headers-digits": {exit: 0, twin: true},
  "thousands-separators": {exit: 0, twin: true},
  "header-units": {exit: 0, twin: true},
  "missing-tokens": {exit: 0, twin: true},
  "bool-variants": {exit: 0, twin: true},
  // ── XLSX
  "xlsx-plain": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "facilities")?.file).toMatchObject({name: "facilities.xlsx", sheet: "facilities"})},
  "xlsx-formula": {
    exit: 0,
    warnings: [q("facilities", "facilities.xlsx", 3, "residents", "", "a formula without a cached result is read as empty", "facilities!I3")],
    twin: (t, rows) => (t === "facilities" ? rows.map((r) => (r.includes('"F002"') && r.includes('"year":2024') ? r.replace('"residents":null', '"residents":60') : r)) : rows)
  },
  "xlsx-merged": {exit: 0, twin: true},
  "xlsx-dates": {exit: 0, twin: true},
  "xlsx-title-rows": {exit: 0, twin: true},
  "xlsx-sheet-not-first": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "facilities")?.file?.sheet).toBe("养老服务设施")},
  "xlsx-bad-cell": {
    exit: 0,
    rejects: [
      q("facilities", "facilities.xlsx", 6, "beds", "-5", "below the minimum 0", "设施表!G6"),
      q("facilities", "facilities.xlsx", 6, "nursing_beds", "0", "nursing_beds > beds", "设施表!H6")
    ]
  },
  // ── values
  "dates-excel-serial-csv": {
    exit: 0,
    rejects: [
      q("task_progress", "task_progress.csv", 2, "task_id", "T01", "unknown task (not in tasks)"),
      q("task_progress", "task_progress.csv", 3, "task_id", "T01", "unknown task (not in tasks)"),
      q("task_progress", "task_progress.csv", 4, "task_id", "T02", "unknown task (not in tasks)"),
      q("task_progress", "task_progress.csv", 5, "task_id", "T02", "unknown task (not in tasks)"),
      q("tasks", "tasks.csv", 2, "due", "46022", "not a valid date (YYYY-MM-DD)"),
      q("tasks", "tasks.csv", 3, "due", "45838", "not a valid date (YYYY-MM-DD)")
    ]
  },
  "dates-chinese": {exit: 0, twin: true},
  "dates-future": {exit: 0, rejects: [q("elders", "elders.csv", 3, "registered_on", "2099-01-01", "a date in the future")]},
  "dates-invalid": {exit: 0, rejects: [q("task_progress", "task_progress.csv", 2, "reported_on", "2025-02-30", "not a valid date (YYYY-MM-DD)")]},
  "count-negative": {
    exit: 0,
    rejects: group("count-negative", 20, 37, "the bands do not start at age 0（2020 990102 female）", {20: q("population", "population.csv", 20, "population", "-5", "below the minimum 0")})
  },
  "count-non-numeric": {exit: 0, rejects: [q("facilities", "facilities.csv", 3, "beds", "约100", "not a number")]},
  "count-fraction": {exit: 0, rejects: [q("facilities", "facilities.csv", 4, "beds", "20.5", "not a whole number")]},
  "bands-overlap": {
    exit: 0,
    rejects: group("bands-overlap", 2, 19, "the group has overlapping bands（2020 990102 male）", {15: q("population", "population.csv", 15, "age", "65-69", "overlaps the band on line 14")}),
    check: (o) => expect(staged(o, "population").filter((p) => p.year === 2020 && p.district_code === "990102" && p.sex === "male")).toEqual([])
  },
  "bands-missing-60": {exit: 0, rejects: group("bands-missing-60", 2, 18, BANDS)},
  "bands-missing-65": {exit: 0, rejects: group("bands-missing-65", 2, 18, BANDS)},
  "bands-missing-80": {exit: 0, rejects: group("bands-missing-80", 2, 18, BANDS)},
  "bands-single-years": {
    exit: 0,
    check: (o) => {
      const g = staged(o, "population").filter((p) => p.year === 2020 && p.district_code === "990171" && p.sex === "female");
      expect(g).toHaveLength(101);
      expect(g.find((p) => p.age_lo === 100)).toMatchObject({age_hi: null, population: 5});
      expect(staged(o, "population").find((p) => p.year === 2025 && p.district_code === "990171" && p.sex === "female" && p.age_lo === 85)).toMatchObject({age_hi: null});
    }
  },
  "duplicate-keys": {exit: 0, rejects: [q("facilities", "facilities.csv", 10, "facility_id", "2024 / F002", "duplicate key, first seen on line 3")], twin: true},
  "district-unknown": {exit: 0, rejects: [q("facilities", "facilities.csv", 3, "district", "南湖区", "unknown district")]},
  "district-ambiguous": {exit: 0, rejects: [q("facilities", "facilities.csv", 4, "district", "东湖", "ambiguous district, could be: 东湖区, 东湖县")]},
  "district-forms": {exit: 0, twin: true},
  "district-bad-code": {exit: 0, rejects: [q("districts", "districts.csv", 5, "code", "99-0199", "code must be 6–12 letters or digits")], twin: true},
  "nursing-above-beds": {exit: 0, rejects: [q("facilities", "facilities.csv", 2, "nursing_beds", "250", "nursing_beds > beds")]},
  "residents-above-beds": {
    exit: 0,
    warnings: [q("facilities", "facilities.csv", 3, "residents", "120", "residents > beds")],
    check: (o) => expect(facility(o, 2024, "F002")?.residents).toBe(120)
  },
  "coords-outside-china": {
    exit: 0,
    warnings: [q("facilities", "facilities.csv", 2, "lon", "2.35,48.85", "coordinates outside China's extent, dropped")],
    check: (o) => expect(facility(o, 2024, "F001")).toMatchObject({lon: null, lat: null})
  },
  "population-total-mismatch": {exit: 0, warnings: [q("population", "population.csv", 231, "population", "1902", "total differs from male + female (1895)")]},
  "id-checksum": {
    exit: 0,
    rejects: [q("elders", "elders.csv", 2, "id_number", mask(badChecksumId), "the check digit of the ID number is wrong (GB 11643)")],
    check: async (o) => {
      // rejected, and nowhere in the warehouse in clear
      expect(await warehouseText(o.warehouse)).not.toContain(badChecksumId.slice(0, 14));
    }
  },
  "id-bad-date": {exit: 0, rejects: [q("elders", "elders.csv", 3, "id_number", mask(badDateId), "the birth date in the ID number is not a real date")]},
  "orders-unknown-facility": {exit: 0, rejects: [q("service_orders", "service_orders.csv", 2, "facility_id", "F999", "unknown facility (not in facilities)")]},
  "orders-subsidy-above-fee": {exit: 0, rejects: [q("service_orders", "service_orders.csv", 3, "subsidy", "30", "subsidy > fee")]},
  "enum-unknown": {exit: 0, rejects: [q("facilities", "facilities.csv", 5, "type", "养老院", "not one of: institution 养老机构, community 社区养老服务机构")]},
  // ── round two (issue 18)
  "quote-stray": {
    exit: 0,
    twin: (t, rows) => (t === "facilities" ? rows.map((r) => r.replace('西山\\"颐养中心', "西山颐养中心")) : rows),
    check: (o) => {
      expect(facility(o, 2024, "F002")?.name).toBe('西山"颐养中心');
      expect(facility(o, 2025, "F002")?.name).toBe("西山颐养中心");
    }
  },
  "quote-unclosed": {exit: 1, error: {file: "facilities.csv", message: "a quote opened on line 3 is never closed"}},
  "quote-after-closing": {
    exit: 0,
    rejects: [q("facilities", "facilities.csv", 3, null, null, "text after a closing quote")],
    check: (o) => expect(o.staging.facilities).toHaveLength(7)
  },
  "line-ends-cr": {exit: 0, twin: true, check: (o) => expect(o.staging.elders).toHaveLength(13)},
  "header-missing-ids": {
    exit: 0,
    full: true,
    check: async (o) => {
      const elders = o.result.datasets.find((d) => d.dataset === "elders")!;
      expect(elders.status).toBe("failed");
      expect(elders.message).toContain("missing required columns: district, id_number | person_id (header found: 990102**********0X");
      // No ID number in clear in the message, the report or the published meta.run_datasets.
      // not inside a hex digest (a sha256 can hold 18 digits in a row by chance)
      const clearId = /(?<![0-9a-f])[0-9]{17}[0-9X](?![0-9a-f])/;
      expect(elders.message).not.toMatch(clearId);
      expect(readFileSync(o.result.reportPath, "utf8")).not.toMatch(clearId);
      const meta = await query<{message: string}>(o.warehouse, "select message from meta.run_datasets where dataset = 'elders'");
      expect(meta).toHaveLength(1);
      expect(meta[0].message).toContain("990102**********0X");
      expect(meta[0].message).not.toMatch(clearId);
    }
  },
  "formula-cells": {
    exit: 0,
    full: true,
    check: async (o) => {
      const exportsDir = path.join(path.dirname(o.warehouse), "exports");
      const names = ['=HYPERLINK("http://x/?q="&A1,"a")', "+1养老院", "-2养老院", "@SUM(A1)"];
      // staging and Parquet keep the values; every CSV export shows them as text (a leading ')
      expect(staging(o, "facilities").filter((f) => f.year === 2024).map((f) => f.name)).toEqual(expect.arrayContaining(names));
      const csvFiles = readdirSync(path.join(exportsDir, "csv"));
      let seen = 0;
      for (const f of csvFiles) {
        const rows = Papa.parse<string[]>(readFileSync(path.join(exportsDir, "csv", f), "utf8").replace(/^\ufeff/, ""), {skipEmptyLines: true}).data;
        for (const cell of rows.flat()) {
          if (names.some((n) => cell.endsWith(n))) {
            expect(cell, f).toMatch(/^'[=+\-@]/);
            seen++;
          }
        }
        // no other text cell starts a formula either
        expect(rows.flat().filter((c) => /^[=+@\t\r]/.test(c)), f).toEqual([]);
      }
      expect(seen, "the names reach at least one CSV export").toBeGreaterThanOrEqual(4);
      const parquet = await query<{name: string}>(o.warehouse, `select name from read_parquet(${JSON.stringify(path.join(exportsDir, "parquet", "facility_points.parquet")).replaceAll('"', "'")}) where name in (${names.map((n) => `'${n.replaceAll("'", "''")}'`).join(", ")})`);
      expect(parquet.length).toBeGreaterThanOrEqual(4);
    }
  },
  "numbers-nonfinite": {
    exit: 0,
    rejects: [
      q("facilities", "facilities.csv", 2, "lon", "NaN", "not a finite number (NaN, Infinity)"),
      q("service_orders", "service_orders.csv", 2, "fee", "inf", "not a finite number (NaN, Infinity)"),
      q("service_orders", "service_orders.csv", 3, "subsidy", "-inf", "not a finite number (NaN, Infinity)"),
      q("targets", "targets.csv", 2, "target", "Infinity", "not a finite number (NaN, Infinity)")
    ]
  },
  "int-overflow": {
    exit: 0,
    rejects: [q("facilities", "facilities.csv", 4, "beds", "2147483648", "above the largest value accepted, 2147483647")],
    check: (o) => expect(o.staging.facilities).toHaveLength(7)
  },
  "grouping-bad": {
    exit: 0,
    rejects: [
      q("facilities", "facilities.csv", 3, "beds", "1.000", "a point used as a thousands separator? (1.000): write 1000, or 1"),
      q("population", "population.csv", 2, "population", "1,5", "separators must group digits by three (1,000 or 1 000)"),
      ...group("grouping-bad", 3, 19, "the bands do not start at age 0（2020 990102 male）")
    ]
  },
  "optional-folder": {
    exit: 0,
    prepare: (dir) => mkdir(path.join(dir, "elders.csv")),
    check: (o) => expect(o.result.datasets.find((d) => d.dataset === "elders")).toMatchObject({status: "failed", message: expect.stringContaining("elders.csv is a folder, not a file")})
  },
  "symlink-out": {
    exit: 1,
    prepare: async (dir) => {
      const outside = `${dir}-outside`;
      folders.push(outside);
      await mkdir(outside, {recursive: true});
      await cp(path.join(CLEAN, "facilities.csv"), path.join(outside, "facilities.csv"));
      await symlink(path.join(outside, "facilities.csv"), path.join(dir, "facilities.csv"));
    },
    error: {file: "facilities.csv", message: "facilities.csv is a symbolic link out of the input folder and is not followed"}
  },
  "encoding-gbk-invalid": {exit: 1, error: {file: "facilities.csv", message: "line 4 holds bytes that are not valid GBK/GB18030"}},
  "nul-bytes": {exit: 1, error: {file: "facilities.csv", message: "line 4 holds a NUL byte"}},
  "header-1mb": {
    exit: 1,
    prepare: (dir) => writeFile(path.join(dir, "population.csv"), `year,${"x".repeat(1_100_000)}\n` + readFileSync(path.join(CLEAN, "population.csv"), "utf8").split("\n").slice(1).join("\n")),
    error: {file: "population.csv", message: "the first line is longer than 1 MB: no header can be found"}
  },
  "id-birth-1800": {exit: 0, rejects: [q("elders", "elders.csv", 4, "id_number", mask(makeId("990102", "18000101", 231)), "the birth date in the ID number is not a real date")]},
  "xlsx-hidden-sheet": {exit: 0, twin: true, check: (o) => expect(o.result.datasets.find((d) => d.dataset === "facilities")?.file).toMatchObject({name: "facilities.xlsx", sheet: "2025报送"})},
  "xlsx-serial-untyped": {
    exit: 0,
    rejects: ([[2, "45838"], [3, "45930"], [4, "45838"], [5, "45930"]] as const).map(([line, v]) =>
      q("task_progress", "task_progress.xlsx", line, "reported_on", v, "not a valid date (YYYY-MM-DD)", `task_progress!B${line}`)
    )
  }
};

const ALL_CASES = readdirSync(BAD, {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => e.name).sort();
/** CORPUS_ONLY=case1,case2 runs only those (for debugging a case). */
const CASES = process.env.CORPUS_ONLY ? ALL_CASES.filter((c) => process.env.CORPUS_ONLY!.split(",").includes(c)) : ALL_CASES;

/**
 * The data records of a CSV file as a spreadsheet program reads them (papaparse, decoded on its own here: BOM,
 * else strict UTF-8, else GB18030): records after the header, blank ones left out.
 */
function dataRecords(file: string): number {
  const bytes = readFileSync(file);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes);
  else {
    try {
      text = new TextDecoder("utf-8", {fatal: true}).decode(bytes);
    } catch {
      text = new TextDecoder("gb18030").decode(bytes);
    }
  }
  const parsed = Papa.parse<string[]>(text.replace(/^\ufeff/, ""), {skipEmptyLines: "greedy"});
  // A malformed quote (text after a closing quote) throws papaparse off: there each non-blank line is a record.
  if (parsed.errors.some((e) => e.type === "Quotes")) return text.split(/\r\n|\r|\n/).filter((l) => l.trim()).length - 1;
  return parsed.data.length - 1;
}

/** Actual rows with each reason cut down to the expected substring where it contains it, for a readable diff. */
function fit(actual: QualityRow[], expected: Q[]): QualityRow[] {
  return actual.map((a, i) => {
    const e = expected[i];
    return e && a.reason.includes(e.reason) ? {...a, reason: e.reason} : a;
  });
}

const outcomes = new Map<string, Outcome>();
/** The input folder each case ran on (a temp copy for cases with generated files). */
const inputs = new Map<string, string>();
const twins = new Map<string, Promise<Outcome>>();
const folders: string[] = [];

function twinFor(o: Outcome): Promise<Outcome> {
  const datasets = o.result.datasets.filter((d) => d.status === "loaded").map((d) => d.dataset);
  const key = datasets.join(",");
  if (!twins.has(key)) twins.set(key, cleanSubset(datasets).then((dir) => (folders.push(dir), runCase(dir, {loadOnly: true}))));
  return twins.get(key)!;
}

async function runOne(name: string): Promise<void> {
  const e = EXPECTED[name];
  let input = path.join(BAD, name);
  if (e?.prepare) {
    input = await copyFolder(input);
    folders.push(input);
    await e.prepare(input);
  }
  inputs.set(name, input);
  // the load stage only, unless the case checks what a full run writes (exports, report, meta)
  const o = await runCase(input, {loadOnly: !e?.full});
  outcomes.set(name, o);
  if (process.env.CORPUS_VERBOSE) console.error(`corpus: ${name} exit ${o.result.exitCode} in ${o.seconds.toFixed(1)} s`);
  if (process.env.CORPUS_VERBOSE === "2") {
    const datasets = o.result.datasets.map((d) => `${d.dataset} ${d.status} ${d.file?.name ?? ""}${d.file?.sheet ? ` (${d.file.sheet})` : ""} read ${d.rowsRead} loaded ${d.rowsLoaded} rejected ${d.rowsRejected}${d.message ? ` — ${d.message}` : ""}`);
    console.error(JSON.stringify({name, error: o.result.error, datasets, rejects: o.rejects, warnings: o.warnings}, null, 1));
  }
}

beforeAll(async () => {
  // Two runs at a time: DuckDB works off the event loop, so this keeps two cores busy without more.
  const queue = [...CASES];
  await Promise.all([0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await runOne(name);
  }));
}, 900_000);

afterAll(async () => {
  for (const o of [...outcomes.values(), ...(await Promise.all(twins.values()))]) await removeWarehouse(o);
  for (const dir of folders) await rm(dir, {recursive: true, force: true});
});

describe("the corpus", () => {
  test("has at least 40 cases, each with a NOTE.md and an expectation", () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(40);
    for (const c of ALL_CASES) expect(existsSync(path.join(BAD, c, "NOTE.md")), c).toBe(true);
    expect(ALL_CASES.filter((c) => !EXPECTED[c])).toEqual([]);
    expect(Object.keys(EXPECTED).filter((c) => !ALL_CASES.includes(c))).toEqual([]);
  });
});

describe.each(CASES)("%s", (name) => {
  const e = EXPECTED[name] ?? {exit: 0};
  test(`exit ${e.exit}${e.error ? ", error naming the file" : ""}`, () => {
    const o = outcomes.get(name)!;
    expect(o.result.exitCode, JSON.stringify(o.result.error)).toBe(e.exit);
    if (e.exit === 1) {
      expect(o.result.status).toBe("failed");
      expect(existsSync(o.warehouse), "a failed run leaves nothing").toBe(false);
    }
    if (e.error) {
      const err = o.result.error!;
      if (typeof e.error.file === "string") expect(err.file).toBe(e.error.file);
      else expect(err.file).toMatch(e.error.file);
      expect(err.column).toBe(e.error.column);
      if (typeof e.error.message === "string") expect(err.message).toContain(e.error.message);
      else expect(err.message).toMatch(e.error.message);
    }
  });
  if (e.exit === 0) {
    test("exactly the expected rejects and warnings", () => {
      const o = outcomes.get(name)!;
      const rejects = (e.rejects ?? []).map((r) => ({cell: null, ...r}));
      const warnings = (e.warnings ?? []).map((r) => ({cell: null, ...r}));
      expect(fit(o.rejects, rejects)).toEqual(rejects);
      expect(fit(o.warnings, warnings)).toEqual(warnings);
    });
    test("every data record accounted for: loaded + rejected = records read = records in the file", () => {
      const o = outcomes.get(name)!;
      const input = inputs.get(name)!;
      for (const d of o.result.datasets.filter((x) => x.status === "loaded")) {
        expect(d.rowsLoaded + d.rowsRejected, `${d.dataset}: loaded + rejected = read`).toBe(d.rowsRead);
        if (/\.(csv|tsv|txt)$/i.test(d.file!.name)) expect(d.rowsRead, `${d.dataset}: records in ${d.file!.name}`).toBe(dataRecords(path.join(input, d.file!.name)));
      }
    });
    if (e.twin) {
      test("staging equals the clean twin's", async () => {
        const o = outcomes.get(name)!;
        const twin = await twinFor(o);
        for (const [table, rows] of Object.entries(o.staging)) {
          expect(typeof e.twin === "function" ? e.twin(table, rows) : rows, `staging.${table}`).toEqual(twin.staging[table]);
        }
      });
    }
  }
  if (e.check) test("case-specific checks", async () => e.check!(outcomes.get(name)!));
});

describe("the command line", () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "pipeline/cli.ts"), ...args], {cwd: ROOT, encoding: "utf8", env: {...process.env, AGING_PSEUDONYM_KEY: "cli-test-pseudonym-key-0123456789"}});

  test("a missing required column: exit 1, stderr names the file and the column, nothing published", async () => {
    const dir = await tempDir();
    const r = cli(["--input", path.join(BAD, "missing-column"), "--warehouse", path.join(dir, "w.duckdb"), "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("facilities.csv [beds]: 缺少必需的列：beds / missing required column: beds");
    expect(existsSync(path.join(dir, "w.duckdb"))).toBe(false);
    await rm(dir, {recursive: true, force: true});
  });

  test("a usage error: exit 2", () => {
    const r = cli(["--k=-1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--k must be a whole number");
  });
});
