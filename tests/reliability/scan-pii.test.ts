// scripts/scan-pii.ts: catches planted ID numbers, mobile numbers, pseudonyms and input identifiers in every file
// type it reads, passes clean files (numbers that only look like them included), and masks what it reports.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {spawnSync} from "node:child_process";
import {mkdir, rm, writeFile} from "node:fs/promises";
import path from "node:path";
import {tableFromArrays, tableToIPC} from "apache-arrow";
import {Db, literal} from "../../pipeline/db.ts";
import {makeId} from "../../pipeline/lib/idnumber.ts";
import {isResidentId, mask, scanPaths, scanText} from "../../scripts/scan-pii.ts";
import {ROOT, tempDir} from "./helpers.ts";

const ID = makeId("990102", "19400115", 100);
const ID2 = makeId("110105", "19521231", 7);
const PHONE = "13912345678";
const HASH = "3f".repeat(32);

let dir: string;
beforeAll(async () => {
  dir = await tempDir("ao-scan-");
});
afterAll(() => rm(dir, {recursive: true, force: true}));

describe("scanText", () => {
  test("finds a valid resident ID, lower-case x too, and masks it", () => {
    const x = makeId("990102", "19400115", 100); // ends in X
    expect(x.endsWith("X")).toBe(true);
    const f = scanText("a.csv", `name,id\n张三,${x.toLowerCase()}\n李四,${ID2}\n`);
    expect(f.map((x) => x.kind)).toEqual(["resident_id", "resident_id"]);
    expect(f[0].masked).toBe(mask("resident_id", x.toLowerCase()));
    expect(f.map((x) => x.masked).join()).not.toContain(ID2);
  });

  test("ignores 18 digits with a wrong check character or an impossible birth date", () => {
    const wrong = ID2.slice(0, 17) + (ID2[17] === "1" ? "2" : "1");
    expect(isResidentId(wrong)).toBe(false);
    expect(isResidentId(makeId("990102", "19410230", 1))).toBe(false);
    expect(scanText("a.txt", `${wrong} ${makeId("990102", "19410230", 1)}`)).toEqual([]);
  });

  test("finds mobile numbers as words, not digits inside longer numbers or decimals", () => {
    expect(scanText("a.json", `{"tel":"${PHONE}"}`).map((f) => f.masked)).toEqual(["139****5678"]);
    expect(scanText("a.html", `<td>${PHONE}</td>`)).toHaveLength(1);
    expect(scanText("a.js", `x=0.${PHONE};y=${PHONE}1;z=2${PHONE};w=${PHONE}.5;v=12345678901;u=1${PHONE.slice(1)}e5`)).toEqual([]);
  });

  test("finds known pseudonyms and input identifiers only when given", () => {
    const text = `{"k":"${HASH}","pid":"P20240001"}`;
    expect(scanText("a.json", text)).toEqual([]);
    const f = scanText("a.json", text, {pseudonyms: new Set([HASH]), identifiers: new Set(["P20240001"])});
    expect(f.map((x) => [x.kind, x.masked])).toEqual([
      ["pseudonym", `${HASH.slice(0, 8)}…(64 hex)`],
      ["input_identifier", "P2******1"]
    ]);
    expect(scanText("a.json", "P202400011 XP20240001", {identifiers: new Set(["P20240001"])})).toEqual([]);
  });
});

describe("scanPaths", () => {
  test("reads CSV, JSON, HTML, JS, Arrow and Parquet; a clean folder passes", async () => {
    const clean = path.join(dir, "clean");
    await mkdir(path.join(clean, "_file"), {recursive: true});
    await writeFile(path.join(clean, "index.html"), `<p>老年人 12,345 人，占比 0.139123456789；2024年</p>`);
    await writeFile(path.join(clean, "app.js"), `const big = 123456789012345678901234; const r = 0.15912345678;`);
    await writeFile(path.join(clean, "data.csv"), "district,value\n990102,13.912345678\n");
    await writeFile(path.join(clean, "_file", "t.arrow"), tableToIPC(tableFromArrays({district: ["990102", "990103"], rate: Float64Array.from([0.13912345678, 0.5])})));
    await writeFile(path.join(clean, "image.png"), `${PHONE} is in a file type that is not scanned`);
    expect(await scanPaths([clean])).toEqual({findings: [], files: 4});
  });

  test("planted personal data is found in each file type", async () => {
    const dirty = path.join(dir, "dirty");
    await mkdir(dirty, {recursive: true});
    await writeFile(path.join(dirty, "a.csv"), `id\n${ID}\n`);
    await writeFile(path.join(dirty, "b.json"), JSON.stringify({phone: PHONE}));
    await writeFile(path.join(dirty, "c.html"), `<td>${HASH}</td>`);
    await writeFile(path.join(dirty, "d.js"), `export default ["P20240001"];`);
    await writeFile(path.join(dirty, "e.arrow"), tableToIPC(tableFromArrays({who: [ID2], n: Int32Array.from([1])})));
    const db = await Db.open(":memory:", {threads: 1});
    await db.run(`copy (select ${literal(PHONE)} as tel, 1 as n) to ${literal(path.join(dirty, "f.parquet"))} (format parquet, compression zstd)`);
    db.close();
    const {findings, files} = await scanPaths([dirty], {pseudonyms: new Set([HASH]), identifiers: new Set(["P20240001"])});
    expect(files).toBe(6);
    expect(findings.map((f) => `${path.basename(f.file)} ${f.kind}`).sort()).toEqual([
      "a.csv resident_id", "b.json mobile", "c.html pseudonym", "d.js input_identifier", "e.arrow resident_id", "f.parquet mobile"
    ]);
    expect(JSON.stringify(findings)).not.toMatch(new RegExp(`${ID}|${ID2}|${PHONE}|${HASH}`));
  });

  test("the command exits 1 listing file and masked match, 0 on clean paths, 2 on a missing path", () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/scan-pii.ts"), "--no-warehouse", ...args], {cwd: ROOT, encoding: "utf8"});
    const dirty = cli([path.join(dir, "dirty")]);
    expect(dirty.status).toBe(1);
    expect(dirty.stderr).toContain(`a.csv: resident_id ${mask("resident_id", ID)}`);
    expect(dirty.stderr + dirty.stdout).not.toContain(ID);
    expect(cli([path.join(dir, "clean")]).status).toBe(0);
    expect(cli([path.join(dir, "nowhere")]).status).toBe(2);
  });
});
