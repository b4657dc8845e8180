import {afterEach, describe, expect, it} from "vitest";
import {readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {CLEAN, fixtureWith, loadPipeline, query, tempDir} from "./helpers.ts";

// A large file is checked, reported and staged in slices (pipeline/load.ts, AGING_SLICE_ROWS), its keys across
// slices kept apart; and a large file whose first megabyte is ASCII has its encoding decided by the pass that
// hashes it (AGING_DIRECT_MIN_BYTES: read in place meanwhile). Either way the load must be the same as the plain one.
const REJECTS = "select dataset, file, line, cell, column_name, value, reason from quality.rejects order by line, column_name";
const WARNINGS = "select dataset, file, line, column_name, value, reason from quality.warnings order by all";

let lastEncoding: string | undefined;
let lastSlices: number | undefined;
let lastElderSlices: number | undefined;
async function load(dir: string, env: Record<string, string>): Promise<string> {
  Object.assign(process.env, env);
  try {
    const warehouse = path.join(await tempDir(), "w.duckdb");
    const result = await loadPipeline(dir, warehouse);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(0);
    lastEncoding = result.datasets.find((d) => d.dataset === "facilities")?.file?.encoding;
    lastSlices = result.datasets.find((d) => d.dataset === "service_orders")?.slices;
    lastElderSlices = result.datasets.find((d) => d.dataset === "elders")?.slices;
    return warehouse;
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

describe("slices and the encoding decided while hashing", () => {
  afterEach(() => {
    delete process.env.AGING_SLICE_ROWS;
    delete process.env.AGING_DIRECT_MIN_BYTES;
    delete process.env.AGING_SLICE_BYTES;
    delete process.env.AGING_KEY_HASH_BITS;
  });

  // The typed read of a large file read in place: slices of the file itself (read/slices.ts, AGING_SLICE_BYTES),
  // each read, checked and staged in turn, the keys of earlier slices in a scratch database.
  const FILE_SLICES = {AGING_DIRECT_MIN_BYTES: "1", AGING_SLICE_BYTES: "400"};

  it("file slices give the rejects, warnings and rows of the whole file: duplicates across and within slices, rows DuckDB sets aside", async () => {
    const lines = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).trimEnd().split("\n");
    const [header, ...rows] = lines;
    const id = (row: string) => row.split(",")[0];
    const late = rows.findIndex((r, i) => i >= 30 && /,F003,/.test(r));
    expect(late).toBeGreaterThan(0);
    const edited = [
      ...rows.slice(0, 10),
      rows[2], // a duplicate of line 4, in a later slice
      rows[3].replace(/,\d+(\.\d+)?,(\d+(\.\d+)?)?,(\d)?$/, ",abc,,9"), // its own problems
      `${rows[4]},extra`, // one field too many: set aside by DuckDB
      rows[5].split(",").slice(0, 4).join(","), // too few
      ...rows.slice(10, 20),
      rows[0], // a duplicate of line 2, later still
      rows[12], // a duplicate of a row of this slice or the one before
      rows[12], // twice
      rows[20].replace(/^[^,]+/, ""), // no order id
      [id(rows[21]), "990102194001151003", ...rows[21].split(",").slice(2)].join(","), // a person whose ID fails its checksum
      rows[21], // then the same order id, on a row without problems: the first of its key
      rows[late].replace(/,F003,/, ",F999,"), // an unknown facility: rejected, yet the first of its key
      ...rows.slice(22, 30),
      ` ${rows[7]}`, // read by the text path (a space to trim), and a duplicate of line 9
      ...rows.slice(30) // rows[late] among them: a duplicate of the row with the unknown facility
    ];
    const dir = await fixtureWith({"service_orders.csv": [header, ...edited].join("\n") + "\n"});
    const whole = await load(dir, {});
    expect(lastSlices).toBeUndefined();
    const rejects = await query<{line: number; reason: string}>(whole, REJECTS);
    const duplicates = rejects.filter((r) => /duplicate key/.test(r.reason)).map((r) => [r.line, Number(r.reason.replace(/.*first seen on line /, ""))]);
    expect(duplicates.length).toBeGreaterThanOrEqual(6);
    // (the repeat of the row with the unknown facility, and the one the text path reads)
    const unknown = edited.indexOf(rows[late].replace(/,F003,/, ",F999,")) + 2;
    expect(duplicates).toContainEqual([edited.indexOf(rows[late]) + 2, unknown]);
    expect(duplicates).toContainEqual([edited.indexOf(` ${rows[7]}`) + 2, 9]);
    expect(rejects.filter((r) => /fields than the header/.test(r.reason)).length).toBe(2);
    const staged = "select * from staging.service_orders order by all";
    for (const env of [FILE_SLICES, {...FILE_SLICES, AGING_KEY_HASH_BITS: "2"}]) {
      const sliced = await load(dir, env);
      expect(lastSlices).toBeGreaterThan(10);
      expect(await query(sliced, REJECTS)).toEqual(rejects);
      expect(await query(sliced, WARNINGS)).toEqual(await query(whole, WARNINGS));
      expect(await query(sliced, staged)).toEqual(await query(whole, staged));
    }
  });

  it("file slices of the text path (elders): the same rejects, warnings and rows; keys across slices are the persons' pseudonyms", async () => {
    const [header, ...rows] = (await readFile(path.join(CLEAN, "elders.csv"), "utf8")).trimEnd().split("\n");
    const edited = [
      ...rows.slice(0, 8),
      ...rows.slice(8).map((r) => r.replace(/^(\d{17}[\dX]),,,,/, "$1,,1900-01-01,,")), // birth dates that differ from the IDs': warnings
      rows[0].replace(/X,/, "x,"), // the same ID number written in lower case: a duplicate of line 2
      rows[1].replace(/^(\d+),,,,/, "$1,,1941-02-16,男,"), // the same person again
      ",P-0001,1950-01-01,女,990102,1,,alone,,2023-05-01,", // a person id only
      "990102194001151003,,,,990102,0,,alone,,2023-05-01,", // an ID whose checksum fails
      `${rows[2]},extra`, // one field too many
      ...rows.slice(3, 8).map((r) => r.replace(/^(\d{6})/, "$1")),
      ",P-0001,1950-01-01,女,990103,2,,alone,,2023-05-01,", // the person id again
      ",P-0002,1951-01-01,男,990102,0,,alone,,2023-05-01," // a new one
    ];
    const dir = await fixtureWith({"elders.csv": [header, ...edited].join("\n") + "\n"});
    const whole = await load(dir, {});
    expect(lastElderSlices).toBeUndefined();
    const rejects = await query<{reason: string}>(whole, REJECTS);
    expect(rejects.filter((r) => /duplicate key/.test(r.reason)).length).toBeGreaterThanOrEqual(8);
    const warnings = await query(whole, WARNINGS);
    expect(warnings.length).toBeGreaterThan(0);
    const staged = "select * from staging.elders order by all";
    for (const env of [FILE_SLICES, {...FILE_SLICES, AGING_KEY_HASH_BITS: "2"}]) {
      const sliced = await load(dir, env);
      expect(lastElderSlices).toBeGreaterThan(3);
      expect(await query(sliced, REJECTS)).toEqual(rejects);
      expect(await query(sliced, WARNINGS)).toEqual(warnings);
      expect(await query(sliced, staged)).toEqual(await query(whole, staged));
    }
  });

  it("file slices of a file with a byte-order mark and CRLF line ends, and no line end at its end", async () => {
    const [header, ...rows] = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).trimEnd().split("\n");
    const edited = [...rows.slice(0, 20), rows[3], `${rows[20]},extra`, ...rows.slice(21)];
    const dir = await fixtureWith({"service_orders.csv": "\ufeff" + [header, ...edited].join("\r\n")});
    const whole = await load(dir, {});
    const rejects = await query<{line: number; reason: string}>(whole, REJECTS);
    expect(rejects.map((r) => [r.line, /duplicate key/.test(r.reason)])).toEqual([
      [22, true],
      [23, false]
    ]);
    const sliced = await load(dir, FILE_SLICES);
    expect(lastSlices).toBeGreaterThan(10);
    expect(await query(sliced, REJECTS)).toEqual(rejects);
    const staged = "select * from staging.service_orders order by all";
    expect(await query(sliced, staged)).toEqual(await query(whole, staged));
  });

  it("file slices: a file that turns out not to be plain after its first slices is read whole through the numbered copy", async () => {
    const lines = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).trimEnd().split("\n");
    const [header, ...rows] = lines;
    const quoted = rows[30].split(",");
    quoted[10] = '"1,5"';
    const edited = [...rows.slice(0, 30), quoted.join(","), ...rows.slice(31), rows[1]];
    const dir = await fixtureWith({"service_orders.csv": [header, ...edited].join("\n") + "\n"});
    const whole = await load(dir, {});
    const sliced = await load(dir, FILE_SLICES);
    expect(lastSlices).toBeUndefined();
    const rejects = await query<{reason: string}>(whole, REJECTS);
    expect(rejects.some((r) => /duplicate key/.test(r.reason))).toBe(true);
    expect(await query(sliced, REJECTS)).toEqual(rejects);
    const staged = "select * from staging.service_orders order by all";
    expect(await query(sliced, staged)).toEqual(await query(whole, staged));
  });

  it("slices give the rejects, warnings and rows of the whole file, duplicates across slices included", async () => {
    const lines = (await readFile(path.join(CLEAN, "service_orders.csv"), "utf8")).trimEnd().split("\n");
    const [header, ...rows] = lines;
    const edited = [
      ...rows.slice(0, 10),
      rows[2], // a duplicate of line 4, in another slice
      rows[3].replace(/,\d+(\.\d+)?,(\d+(\.\d+)?)?,(\d)?$/, ",abc,,9"), // its own problems (then a duplicate that is not one: it is rejected)
      rows[3],
      ...rows.slice(10, 20),
      rows[0], // a duplicate of line 2, later still
      rows[20].replace(/^[^,]+/, "") // no order id
    ];
    const dir = await fixtureWith({"service_orders.csv": [header, ...edited].join("\n") + "\n"});
    const whole = await load(dir, {});
    const sliced = await load(dir, {AGING_SLICE_ROWS: "3"});
    const rejects = await query<{line: number; reason: string}>(whole, REJECTS);
    expect(rejects.filter((r) => /duplicate key/.test(r.reason)).map((r) => [r.line, r.reason.replace(/.*first seen on line /, "")])).toEqual([
      [12, "4"],
      [14, "5"],
      [25, "2"]
    ]);
    expect(await query(sliced, REJECTS)).toEqual(rejects);
    expect(await query(sliced, WARNINGS)).toEqual(await query(whole, WARNINGS));
    const staged = "select * from staging.service_orders order by all";
    expect(await query(sliced, staged)).toEqual(await query(whole, staged));
  });

  it("a file whose first megabyte is ASCII and that is GBK after it: the same load in place as through the copy", async () => {
    const header = "year,facility_id,name,district,type,ownership,beds,nursing_beds,residents,star,on_platform,medical,lon,lat";
    const ascii = Array.from({length: 3_600}, (_, i) => `2024,G${String(i).padStart(6, "0")},Facility ${i} ${"x".repeat(280)},990102,institution,public,100,50,40,3,yes,yes,117.01,36.61`);
    const gbkName = Buffer.from("b6abbafec7f8b5dab6fed1f8c0cfd4ba", "hex"); // 东湖区第二养老院
    const last = Buffer.concat([Buffer.from("2024,H000001,"), gbkName, Buffer.from(",990102,institution,public,100,50,40,3,yes,yes,117.01,36.61\n")]);
    const dir = await fixtureWith();
    await writeFile(path.join(dir, "facilities.csv"), Buffer.concat([Buffer.from(header + "\n" + ascii.join("\n") + "\n"), last]));
    const copy = await load(dir, {});
    expect(lastEncoding).toBe("GBK/GB18030");
    const direct = await load(dir, {AGING_DIRECT_MIN_BYTES: "1"});
    expect(lastEncoding).toBe("GBK/GB18030");
    const staged = "select * from staging.facilities order by all";
    expect(await query(direct, staged)).toEqual(await query(copy, staged));
    expect(await query(direct, "select name from staging.facilities where facility_id = 'H000001'")).toEqual([{name: "东湖区第二养老院"}]);
    expect(await query(direct, REJECTS)).toEqual(await query(copy, REJECTS));
  });
});
