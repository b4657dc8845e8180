// `npm run doctor`: a pure diagnosis over gathered facts, each problem with its fix; exit 1 when something required is broken.
import {chmod, mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {diagnose, doctorExitCode, formatFindings, gatherFacts, type Facts} from "../../pipeline/doctor.ts";

const GB = 1024 ** 3;

function healthy(): Facts {
  return {
    nodeVersion: "v20.19.0",
    packages: [{name: "@duckdb/node-api", found: true, dev: false}, {name: "exceljs", found: true, dev: false}, {name: "vitest", found: true, dev: true}],
    duckdb: {ok: true},
    dataDir: {path: "/srv/aging/data", exists: true, writable: true},
    key: {envLength: null, file: "/srv/aging/data/pseudonym.key", fileFromEnv: false, exists: true, mode: 0o600, length: 64, readable: true},
    chromium: {path: "/usr/bin/chromium", exists: true},
    cjkFont: true,
    diskFreeBytes: 50 * GB,
    nginx: "/usr/sbin/nginx",
    warehouse: {path: "/srv/aging/data/warehouse.duckdb", exists: true, asOf: "2025-09-30", runs: 3}
  };
}

type Change = (f: Facts) => void;

describe("diagnose", () => {
  it("finds nothing to fix on a healthy machine", () => {
    const findings = diagnose(healthy());
    expect(findings.filter((f) => f.level !== "ok")).toEqual([]);
    expect(doctorExitCode(findings)).toBe(0);
    expect(formatFindings(findings)).toContain("✔ 可以运行流水线 / ready to run the pipeline");
  });

  it.each<[string, Change, "warn" | "error", RegExp, RegExp]>([
    ["Node 18", (f) => (f.nodeVersion = "v18.20.0"), "error", /Node\.js/, /Node\.js 20/],
    ["a missing required package", (f) => (f.packages[1].found = false), "error", /exceljs/, /npm ci/],
    ["a missing dev package", (f) => (f.packages[2].found = false), "warn", /vitest/, /npm ci/],
    ["a broken DuckDB binding", (f) => (f.duckdb = {ok: false, error: "cannot load binding"}), "error", /cannot load binding/, /npm ci/],
    ["a read-only data folder", (f) => (f.dataDir.writable = false), "error", /不可写 \/ not writable/, /chown/],
    ["a short key in the environment", (f) => (f.key.envLength = 8), "error", /AGING_PSEUDONYM_KEY/, /openssl rand -hex 32/],
    ["a key file others can read", (f) => (f.key.mode = 0o644), "error", /644/, /chmod 600 \/srv\/aging\/data\/pseudonym\.key/],
    ["a damaged key file", (f) => (f.key.length = 5), "error", /damaged/, /backup/],
    ["an unreadable key file", (f) => (f.key.readable = false), "error", /cannot be read/, /chown/],
    ["little disk space", (f) => (f.diskFreeBytes = 0.2 * GB), "error", /0\.2 GB/, /free some space/],
    ["some disk space", (f) => (f.diskFreeBytes = 1.5 * GB), "warn", /1\.5 GB/, /free some space/],
    ["no Chromium", (f) => (f.chromium.exists = false), "warn", /Chromium|chromium/, /apt-get install -y chromium/],
    ["no CJK fonts", (f) => (f.cjkFont = false), "warn", /Noto Sans CJK/, /fonts-noto-cjk/],
    ["no fc-list", (f) => (f.cjkFont = null), "warn", /fc-list/, /fontconfig/],
    ["no nginx", (f) => (f.nginx = null), "warn", /nginx/, /apt-get install -y nginx/],
    ["no warehouse yet", (f) => (f.warehouse = {path: "/srv/aging/data/warehouse.duckdb", exists: false}), "warn", /does not exist yet/, /npm run pipeline/]
  ])("%s", (_name, change, level, detail, fix) => {
    const facts = healthy();
    change(facts);
    const findings = diagnose(facts);
    const problems = findings.filter((f) => f.level !== "ok");
    expect(problems).toHaveLength(1);
    expect(problems[0].level).toBe(level);
    expect(`${problems[0].what} ${problems[0].detail}`).toMatch(detail);
    expect(problems[0].fix).toMatch(fix);
    expect(doctorExitCode(findings)).toBe(level === "error" ? 1 : 0);
    const text = formatFindings(findings);
    expect(text).toContain(`→ 修复 / fix: ${problems[0].fix}`);
    expect(text).toContain(level === "error" ? "✘ 1 个必须修复的问题" : "✔ 可以运行流水线");
  });

  it("accepts a key from the environment and a key file still to be created", () => {
    const fromEnv = healthy();
    fromEnv.key = {...fromEnv.key, envLength: 64, exists: false, mode: null, length: null, readable: false};
    expect(diagnose(fromEnv).find((f) => f.what.includes("pseudonym"))).toMatchObject({level: "ok", detail: expect.stringContaining("AGING_PSEUDONYM_KEY")});
    const later = healthy();
    later.key = {...later.key, exists: false, mode: null, length: null, readable: false};
    expect(diagnose(later).find((f) => f.what.includes("pseudonym"))).toMatchObject({level: "ok", detail: expect.stringContaining("created on first run")});
  });
});

describe("gatherFacts", () => {
  it("reads this machine: Node, packages, DuckDB, a key file's mode from AGING_PSEUDONYM_KEY_FILE", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "aging-doctor-"));
    try {
      const keyFile = path.join(dir, "custody", "pseudonym.key");
      await mkdir(path.dirname(keyFile));
      await writeFile(keyFile, "a".repeat(64) + "\n");
      await chmod(keyFile, 0o644);
      const facts = await gatherFacts({warehouse: path.join(dir, "data", "warehouse.duckdb"), env: {PATH: process.env.PATH, AGING_PSEUDONYM_KEY_FILE: keyFile}});
      expect(facts.nodeVersion).toBe(process.version);
      expect(facts.packages.filter((p) => !p.dev).every((p) => p.found)).toBe(true);
      expect(facts.duckdb.ok).toBe(true);
      expect(facts.dataDir).toEqual({path: path.join(dir, "data"), exists: false, writable: true});
      expect(facts.key).toMatchObject({file: keyFile, fileFromEnv: true, exists: true, mode: 0o644, length: 64, readable: true});
      expect(facts.warehouse.exists).toBe(false);
      expect(facts.diskFreeBytes).toBeGreaterThan(0);
      expect(diagnose(facts).find((f) => f.level === "error" && f.fix === `chmod 600 ${keyFile}`)).toBeDefined();
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });
});
