// Personal data through the whole pipeline: no clear identifier of the inputs in the warehouse, its exports or its
// report; small cells suppressed (with a complementary cell) in the public marts; the pseudonym key outside git.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {execFileSync} from "node:child_process";
import {readFileSync, statSync} from "node:fs";
import {cp, rm, writeFile} from "node:fs/promises";
import path from "node:path";
import {Db, literal} from "../../pipeline/db.ts";
import {makeId} from "../../pipeline/lib/idnumber.ts";
import {inputIdentifiers, scanPaths, warehousePseudonyms} from "../../scripts/scan-pii.ts";
import {BAD, CLEAN, ROOT, cleanCase, cleanSubset, query, removeWarehouse, runCase, tempDir, type Outcome} from "./helpers.ts";
import {warehouseText} from "../pipeline/helpers.ts";

/** Every table of a warehouse as CSV in a temp folder (EXPORT DATABASE), plus its report and exports. */
async function exportAll(o: Outcome): Promise<string> {
  const out = await tempDir("ao-export-");
  const db = await Db.open(o.warehouse, {readOnly: true, threads: 1});
  try {
    await db.run(`export database ${literal(path.join(out, "db"))} (format csv)`);
  } finally {
    db.close();
  }
  const beside = path.dirname(o.warehouse);
  await cp(path.join(beside, "run-report.json"), path.join(out, "run-report.json"));
  await cp(path.join(beside, "exports"), path.join(out, "exports"), {recursive: true}).catch(() => {});
  return out;
}

describe("no clear identifier of the inputs reaches the warehouse", () => {
  // clean: valid IDs and a person id; id-checksum: a rejected (invalid) ID; unknown-columns: a phone column kept out.
  const inputs = {clean: CLEAN, "id-checksum": path.join(BAD, "id-checksum"), "unknown-columns": path.join(BAD, "unknown-columns")};
  const outcomes: Record<string, Outcome> = {};
  const exported: string[] = [];
  beforeAll(async () => {
    // the clean fixture's run is the harness's (a copy); the two bad cases run here
    for (const [name, dir] of Object.entries(inputs)) outcomes[name] = name === "clean" ? await cleanCase() : await runCase(dir);
  }, 300_000);
  afterAll(async () => {
    for (const o of Object.values(outcomes)) await removeWarehouse(o);
    for (const d of exported) await rm(d, {recursive: true, force: true});
  });

  for (const name of Object.keys(inputs)) {
    test(`${name}: every table, the report and the exports hold no resident ID, mobile number or input identifier`, async () => {
      const o = outcomes[name];
      expect(o.result.status).toBe("published");
      const dir = await exportAll(o);
      exported.push(dir);
      const identifiers = await inputIdentifiers(inputs[name as keyof typeof inputs]);
      if (name !== "unknown-columns") expect(identifiers.size).toBeGreaterThan(0);
      const {findings, files} = await scanPaths([dir], {identifiers});
      expect(files).toBeGreaterThan(20);
      expect(findings).toEqual([]);
    });
  }

  test("the pseudonyms are in the warehouse only: none in its exports or report", async () => {
    const o = outcomes.clean;
    const pseudonyms = await warehousePseudonyms(o.warehouse);
    expect(pseudonyms.size).toBe(13);
    const beside = path.dirname(o.warehouse);
    const {findings} = await scanPaths([path.join(beside, "exports"), path.join(beside, "run-report.json")], {pseudonyms});
    expect(findings).toEqual([]);
  });

  test("an invalid ID is rejected masked, and kept nowhere in clear", async () => {
    const o = outcomes["id-checksum"];
    expect(await warehouseText(o.warehouse)).not.toMatch(/990102\d{12}/);
    expect(o.rejects[0].value).toMatch(/^990102\*{10}\d{2}$/);
  });
});

describe("small-cell suppression through the whole pipeline", () => {
  // Disabled elders (ability level 2–4): 990102 has 12, 990103 has 15, 990171 has 3.
  let input: string;
  const runs: Record<string, Outcome> = {};
  beforeAll(async () => {
    input = await cleanSubset(["districts", "population", "facilities"]);
    const rows = ["id_number,district,ability_level,living,special,registered_on"];
    let seq = 0;
    for (const [district, n] of [["990102", 12], ["990103", 15], ["990171", 3]] as const) {
      for (let i = 0; i < n; i++) rows.push(`${makeId(district, `19${40 + (seq % 20)}0${1 + (seq % 9)}1${seq % 10}`, seq++)},${district},${2 + (i % 3)},alone,none,2023-05-01`);
    }
    // A few able elders too, so the district totals are not the disabled counts.
    for (let i = 0; i < 5; i++) rows.push(`${makeId("990171", "19500101", 500 + i)},990171,0,alone,none,2023-05-01`);
    await writeFile(path.join(input, "elders.csv"), rows.join("\n") + "\n");
    runs.default = await runCase(input);
    runs.k2 = await runCase(input, {k: 2});
  }, 300_000);
  afterAll(async () => {
    for (const o of Object.values(runs)) await removeWarehouse(o);
    await rm(input, {recursive: true, force: true});
  });

  const cells = (o: Outcome, table: string) =>
    query<{area_code: string; value: number | null; suppressed: boolean | null}>(
      o.warehouse,
      `select area_code, value, ${table.endsWith("_public") ? "suppressed" : "null as suppressed"} from ${table} where indicator = 'disabled_elders' and year = 2025 order by area_code`
    );

  test("k = 10 (default): the district of 3 is hidden, and the next smallest (12) with it; the city and the rest are shown", async () => {
    expect(runs.default.rejects).toEqual([]);
    expect(await cells(runs.default, "marts.indicator_values_public")).toEqual([
      {area_code: "990102", value: null, suppressed: true},
      {area_code: "990103", value: 15, suppressed: false},
      {area_code: "990171", value: null, suppressed: true},
      {area_code: "CITY", value: 30, suppressed: false}
    ]);
  });

  test("the warehouse keeps the true values", async () => {
    expect((await cells(runs.default, "marts.indicator_values")).map((c) => [c.area_code, c.value])).toEqual([
      ["990102", 12], ["990103", 15], ["990171", 3], ["CITY", 30]
    ]);
  });

  test("k is configurable: with k = 2 nothing is hidden", async () => {
    expect((await cells(runs.k2, "marts.indicator_values_public")).map((c) => [c.area_code, c.value, c.suppressed])).toEqual([
      ["990102", 12, false], ["990103", 15, false], ["990171", 3, false], ["CITY", 30, false]
    ]);
  });

  test("no public cell derived from elders or orders shows a count below k", async () => {
    const leaks = await query(
      runs.default.warehouse,
      `select * from marts.indicator_values_public where indicator in ('disabled_elders', 'served_elders', 'orders_completed', 'meal_orders') and value > 0 and value < 10`
    );
    expect(leaks).toEqual([]);
  });
});

describe("the pseudonym key never enters git", () => {
  const git = (...args: string[]) => execFileSync("git", args, {cwd: ROOT, encoding: "utf8"});

  test("data/pseudonym.key and key files beside any warehouse are ignored", () => {
    expect(git("check-ignore", "data/pseudonym.key").trim()).toBe("data/pseudonym.key");
    expect(git("check-ignore", "some/where/pseudonym.key").trim()).toBe("some/where/pseudonym.key");
    expect(git("check-ignore", "some/where/.pseudonym.key.123-456.tmp.key").trim()).toBe("some/where/.pseudonym.key.123-456.tmp.key");
  });

  test("no tracked file looks like a key", () => {
    const tracked = git("ls-files", "-z").split("\0").filter(Boolean);
    expect(tracked.filter((f) => /(^|\/)[^/]*\.key$|pseudonym[._-]?key|\.pem$|id_rsa/i.test(f))).toEqual([]);
    const keyLike = tracked.filter((f) => {
      const file = path.join(ROOT, f);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return false; // deleted in the working tree
      }
      if (size > 4096) return false;
      const text = readFileSync(file, "utf8").trim();
      return /^[0-9a-fA-F]{32,128}$/.test(text) || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) || /^AGING_PSEUDONYM_KEY\s*=\s*\S{16,}/m.test(text);
    });
    expect(keyLike).toEqual([]);
  });
});
