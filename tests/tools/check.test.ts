// `npm run check`: lists rejects and warnings grouped by dataset and reason, publishes nothing, exits 0/1/2.
import {appendFile, cp, mkdtemp, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {Writable} from "node:stream";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {CheckUsageError, checkFolder, formatCheck, main, parseCheckArgs} from "../../pipeline/check-cli.ts";

const CLEAN = fileURLToPath(new URL("../fixtures/clean/", import.meta.url));
let work: string;

function capture(): {io: {stdout: Writable; stderr: Writable}; out: () => string; err: () => string} {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) => new Writable({write(chunk, _enc, cb) { append(String(chunk)); cb(); }});
  return {io: {stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s))}, out: () => out, err: () => err};
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "aging-check-test-"));
});

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

describe("parseCheckArgs", () => {
  it.each([
    [["--input", "in"], {input: "in", examples: 3, quiet: false, help: false}],
    [["in"], {input: "in", examples: 3, quiet: false, help: false}],
    [["--input", "in", "--examples", "5", "--quiet"], {input: "in", examples: 5, quiet: true, help: false}],
    [["-h"], {input: "", examples: 3, quiet: false, help: true}]
  ])("%j", (argv, expected) => {
    expect(parseCheckArgs(argv)).toEqual(expected);
  });

  it.each([[[]], [["--input"]], [["--input", "a", "b"]], [["--bogus", "x"]], [["a", "--examples", "-1"]]])("rejects %j", (argv) => {
    expect(() => parseCheckArgs(argv)).toThrow(CheckUsageError);
  });

  it("exits 2 on a usage error, with the usage", async () => {
    const c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.err()).toContain("--input DIR");
  });
});

describe("check", () => {
  // Each check is a pipeline run: generous timeouts for a busy machine.
  it("passes the clean fixture with nothing rejected and leaves the folder as it was", {timeout: 300_000}, async () => {
    const before = await readdir(CLEAN);
    const c = capture();
    expect(await main(["--input", CLEAN, "--quiet"], c.io)).toBe(0);
    expect(c.out()).toContain("拒收的行 / rejected rows：无 / none");
    expect(c.out()).toContain("警告 / warnings：无 / none");
    expect(c.out()).toContain("✔ 所有数据集可用 / every dataset is usable");
    expect(await readdir(CLEAN)).toEqual(before);
  });

  it("groups planted bad rows by dataset and reason, with the count and the first three lines; exits 0", {timeout: 300_000}, async () => {
    const input = path.join(work, "planted");
    await cp(CLEAN, input, {recursive: true});
    // facilities.csv has a header and 8 rows: the planted rows are lines 10–15.
    await appendFile(path.join(input, "facilities.csv"), [
      "2024,F901,坏一,990102,institution,public,50,80,10,3,yes,,,",
      "2024,F902,坏二,990102,institution,public,50,90,10,3,yes,,,",
      "2024,F903,坏三,990102,institution,public,50,70,10,3,yes,,,",
      "2024,F904,坏四,990102,institution,public,50,60,10,3,yes,,,",
      "2024,F905,坏五,火星区,nursing_home,public,50,10,10,3,yes,,,",
      "2024,F906,满员,990102,institution,public,50,10,60,3,yes,,,"
    ].join("\n") + "\n");
    await appendFile(path.join(input, "districts.csv"), "AB,怪区,,district,,10\n");
    const report = await checkFolder(input);
    expect(report.exitCode).toBe(0);
    const summary = report.rejects.map((g) => ({dataset: g.dataset, reason: g.reason.split(" / ")[0], count: g.count, lines: g.first.map((p) => p.line)}));
    expect(summary).toEqual([
      {dataset: "districts", reason: "区划代码须为6–12位字母或数字", count: 1, lines: [5]},
      {dataset: "facilities", reason: "护理型床位数大于床位数", count: 4, lines: [10, 11, 12]},
      expect.objectContaining({dataset: "facilities", count: 1, lines: [14]}),
      expect.objectContaining({dataset: "facilities", count: 1, lines: [14]})
    ]);
    expect(report.rejects[1].first.map((p) => [p.file, p.column_name, p.value])).toEqual([
      ["facilities.csv", "nursing_beds", "80"], ["facilities.csv", "nursing_beds", "90"], ["facilities.csv", "nursing_beds", "70"]
    ]);
    expect(report.warnings).toEqual([
      {dataset: "facilities", reason: "在住人数大于床位数 / residents > beds", count: 1, first: [expect.objectContaining({file: "facilities.csv", line: 15, column_name: "residents", value: "60"})]}
    ]);
    const out = formatCheck(report);
    expect(out).toContain("护理型床位数大于床位数 / nursing_beds > beds — 4 处 / 4 found");
    expect(out).toContain('facilities.csv 第 10 行 / line 10 [nursing_beds] = "80"');
    expect(out).toContain("… 另有 1 处 / 1 more");
    expect(out).toContain("✔ 所有数据集可用");
    expect(out).toContain('[district] = "火星区"');
    expect(out.indexOf("警告 / warnings")).toBeGreaterThan(out.indexOf("拒收的行 / rejected rows"));
    // Nothing written into the folder checked.
    expect((await readdir(input)).sort()).toEqual((await readdir(CLEAN)).sort());
  });

  it("exits 1 naming the file when a required dataset is missing", {timeout: 300_000}, async () => {
    const input = path.join(work, "no-population");
    await cp(CLEAN, input, {recursive: true});
    await rm(path.join(input, "population.csv"));
    const c = capture();
    expect(await main(["--input", input, "--quiet"], c.io)).toBe(1);
    expect(c.out()).toContain("✘");
    expect(c.out()).toContain("population");
    expect(await readdir(input)).not.toContain("pseudonym.key");
  });
});
