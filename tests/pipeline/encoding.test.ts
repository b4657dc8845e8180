import {afterEach, describe, expect, it} from "vitest";
import {isUtf8} from "node:buffer";
import {existsSync} from "node:fs";
import {writeFile} from "node:fs/promises";
import path from "node:path";
import {gbkMixChecker, utf8Validator} from "../../pipeline/read/csv.ts";
import {fixtureWith, loadPipeline, query, tempDir} from "./helpers.ts";

// A CSV sniffed as UTF-8 (or ASCII) from its first megabyte may hold GBK further on. Read in place by DuckDB
// (files above the direct-read threshold: AGING_DIRECT_MIN_BYTES) or through the numbered copy, it is either read
// as GBK (the whole file is GBK) or rejected naming the first line that is not UTF-8 — never loaded with U+FFFD.

const HEADER = "year,facility_id,name,district,type,ownership,beds,nursing_beds,residents,star,on_platform,medical,lon,lat";
const ASCII_ROWS = 3_600; // ~330 bytes each: just over the megabyte the encoding is sniffed from
const ascii = (prefix: string) =>
  Buffer.from(Array.from({length: ASCII_ROWS}, (_, i) => `2024,${prefix}${String(i).padStart(6, "0")},Facility ${i} ${"x".repeat(280)},990102,institution,public,100,50,40,3,yes,yes,117.01,36.61\n`).join(""));
const utf8Row = (id: string) => Buffer.from(`2024,${id},东湖区第三养老院,东湖区,institution,public,100,50,40,3,yes,yes,117.01,36.61\n`, "utf8");
// 东湖区第二养老院 and 东湖区 as GBK bytes
const gbkRow = (id: string) =>
  Buffer.concat([Buffer.from(`2024,${id},`), Buffer.from("b6abbafec7f8b5dab6fed1f8c0cfd4ba", "hex"), Buffer.from(","), Buffer.from("b6abbafec7f8", "hex"), Buffer.from(",institution,public,100,50,40,3,yes,yes,117.01,36.61\n")]);

// ~330-byte rows in GBK (东湖区第二养老院 …): over a megabyte of GBK
const gbkRows = (prefix: string) =>
  Buffer.concat(Array.from({length: ASCII_ROWS}, (_, i) => {
    const row = gbkRow(`${prefix}${String(i).padStart(6, "0")}`);
    return Buffer.concat([row.subarray(0, 13), Buffer.from(`${"x".repeat(280)} `), row.subarray(13)]);
  }));

async function load(parts: Buffer[], direct: boolean) {
  const dir = await fixtureWith();
  await writeFile(path.join(dir, "facilities.csv"), Buffer.concat([Buffer.from(HEADER + "\n"), ...parts]));
  if (direct) process.env.AGING_DIRECT_MIN_BYTES = "1";
  else delete process.env.AGING_DIRECT_MIN_BYTES;
  const warehouse = path.join(await tempDir(), "w.duckdb");
  const result = await loadPipeline(dir, warehouse);
  return {result, warehouse};
}

const WAYS = [
  ["read in place", true],
  ["read through the numbered copy", false]
] as const;

describe.each(WAYS)("a file that turns to GBK after its first megabyte, %s", (_way, direct) => {
  afterEach(() => {
    delete process.env.AGING_DIRECT_MIN_BYTES;
  });

  it("starting in UTF-8 (Chinese on line 2): rejected naming the GBK line", async () => {
    const {result, warehouse} = await load([utf8Row("U000001"), ascii("A"), gbkRow("H000001")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(1);
    expect(result.error?.file).toBe("facilities.csv");
    expect(result.error?.message).toContain(`it starts as UTF-8 but line ${ASCII_ROWS + 3} is not`);
    expect(existsSync(warehouse)).toBe(false);
  });

  it("ASCII for over a megabyte, then UTF-8, then GBK beyond the sample the encoding is decided from: rejected naming the GBK line", async () => {
    const {result} = await load([ascii("A"), utf8Row("U000001"), ascii("B"), gbkRow("H000001")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(1);
    expect(result.error?.file).toBe("facilities.csv");
    expect(result.error?.message).toContain(`it starts as UTF-8 but line ${2 * ASCII_ROWS + 3} is not`);
  });

  it("starting in GBK, then UTF-8 beyond the first megabyte: rejected naming the UTF-8 line and the first GBK line", async () => {
    const {result} = await load([gbkRows("G"), utf8Row("U000001")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(1);
    expect(result.error?.file).toBe("facilities.csv");
    expect(result.error?.message).toContain(`the file mixes encodings: line ${ASCII_ROWS + 2} is UTF-8, line 2 is not`);
  });

  it("ASCII for over a megabyte, then GBK, then UTF-8 beyond the sample the encoding is decided from: rejected naming both lines", async () => {
    const {result} = await load([ascii("A"), gbkRow("H000001"), ascii("B"), utf8Row("U000001")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(1);
    expect(result.error?.file).toBe("facilities.csv");
    expect(result.error?.message).toContain(`the file mixes encodings: line ${2 * ASCII_ROWS + 3} is UTF-8, line ${ASCII_ROWS + 2} is not`);
  });

  it("GBK throughout (over a megabyte): read as GBK", async () => {
    const {result, warehouse} = await load([gbkRows("G")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(0);
    expect(result.datasets.find((d) => d.dataset === "facilities")?.file?.encoding).toBe("GBK/GB18030");
    const rows = await query<{n: number}>(warehouse, "select count(*)::integer as n from staging.facilities where name = 'x' || repeat('x', 279) || ' 东湖区第二养老院' and district_code = '990102' and facility_id like 'G%'");
    expect(rows).toEqual([{n: ASCII_ROWS}]);
  });

  it("ASCII for over a megabyte, then GBK only: read as GBK", async () => {
    const {result, warehouse} = await load([ascii("A"), gbkRow("H000001")], direct);
    expect(result.exitCode, JSON.stringify(result.error)).toBe(0);
    expect(result.datasets.find((d) => d.dataset === "facilities")?.file?.encoding).toBe("GBK/GB18030");
    const rows = await query<{name: string; district_code: string}>(warehouse, "select name, district_code from staging.facilities where facility_id = 'H000001'");
    expect(rows).toEqual([{name: "东湖区第二养老院", district_code: "990102"}]);
  });
});

describe("utf8Validator", () => {
  it("agrees with a whole-buffer check however the bytes are split into chunks", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const samples = [
      Buffer.from("abc东湖区😀é\n".repeat(5)),
      Buffer.concat([Buffer.from("东湖"), Buffer.from("b6abbafe", "hex"), Buffer.from("x")]),
      Buffer.from("e4b8", "hex"), // a character cut short at the end
      Buffer.from("80", "hex"), // a stray continuation byte
      Buffer.from("f09f98", "hex"),
      Buffer.from("c0af", "hex"), // overlong
      Buffer.from("eda080", "hex"), // a surrogate
      Buffer.from("e4b8ad80", "hex") // one continuation byte too many
    ];
    for (const sample of samples) {
      for (let n = 0; n < 200; n++) {
        const v = utf8Validator();
        let ok = true;
        for (let i = 0; i < sample.length; ) {
          const len = 1 + Math.floor(random() * 5);
          if (ok) ok = v.feed(sample.subarray(i, i + len));
          i += len;
        }
        if (ok) ok = v.end();
        expect(ok, sample.toString("hex")).toBe(isUtf8(sample));
      }
    }
  });
});

describe("gbkMixChecker", () => {
  it("names the same lines however the bytes are split into chunks", () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const file = Buffer.concat([Buffer.from("a,b\n"), gbkRow("H1"), Buffer.from("ascii\n"), gbkRow("H2"), utf8Row("U1"), gbkRow("H3")]);
    const noUtf8 = Buffer.concat([Buffer.from("a,b\n"), gbkRow("H1"), gbkRow("H2"), Buffer.from("last")]);
    for (let n = 0; n < 200; n++) {
      for (const [bytes, expected] of [[file, "line 5 is UTF-8, line 2 is not"], [noUtf8, null]] as const) {
        const checker = gbkMixChecker("f.csv");
        let message: string | null = null;
        try {
          let line = 1;
          for (let i = 0; i < bytes.length; ) {
            const chunk = bytes.subarray(i, i + 1 + Math.floor(random() * 40));
            checker.feed(chunk, line);
            line += chunk.filter((b) => b === 0x0a).length;
            i += chunk.length;
          }
          checker.end(line);
        } catch (error) {
          message = (error as Error).message;
        }
        if (expected) expect(message).toContain(expected);
        else expect(message).toBeNull();
      }
    }
  });
});
