// One writer at a time, history never dropped, and what a run writes: issue 18's runs that lost runs or data.
// Two runs at once on one warehouse (one publishes, the other exits 3, or both publish in turn with --wait); a stale
// lock of a killed run taken over; a warehouse held read-write by another process fails the run instead of losing
// its history; --report equal to --warehouse refused; a lost key stops the run unless --new-key; files 0600/0700.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {existsSync, statSync, readdirSync} from "node:fs";
import {cp, rm, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {cleanSubset, query, tempDir} from "./helpers.ts";
import {spawnCli, useCli} from "./kill-harness.ts";
import {bundled} from "../harness/index.ts";

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

let input: string;
const dirs: string[] = [];

/** Run the CLI; `loading` resolves when the run reports its load stage (it holds the lock then). */
function start(warehouse: string, extra: string[] = []): {done: Promise<Cli>; loading: Promise<void>} {
  const child = spawnCli(input, warehouse, {args: extra, stdout: "pipe"});
  let stdout = "";
  let stderr = "";
  let loaded: () => void;
  const loading = new Promise<void>((resolve) => (loaded = resolve));
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => {
    stderr += d;
    if (stderr.includes("[stage] load")) loaded();
  });
  const done = new Promise<Cli>((resolve) => child.on("exit", (code) => (loaded(), resolve({code, stdout, stderr}))));
  return {done, loading};
}

const cli = (warehouse: string, extra: string[] = []) => start(warehouse, extra).done;

async function fresh(): Promise<string> {
  const dir = await tempDir("ao-writers-");
  dirs.push(dir);
  return path.join(dir, "w.duckdb");
}

/**
 * A warehouse that one CLI run has published (with its key file, report and exports beside it), copied from the run
 * made once in beforeAll: the tests below are about the runs that come after it.
 */
let base: string;
async function published(): Promise<string> {
  const warehouse = await fresh();
  await cp(path.dirname(base), path.dirname(warehouse), {recursive: true});
  return warehouse;
}

const runs = async (warehouse: string) => (await query<{n: number}>(warehouse, "select count(*)::integer as n from meta.runs"))[0].n;

beforeAll(async () => {
  useCli(await bundled("pipeline/cli.ts"));
  // the three required datasets only: each run takes a few seconds
  input = await cleanSubset(["districts", "population", "facilities"]);
  dirs.push(input);
  base = await fresh();
  const first = await cli(base);
  expect(first.code, first.stderr).toBe(0);
  expect(await runs(base)).toBe(1);
});

afterAll(async () => {
  for (const d of dirs) await rm(d, {recursive: true, force: true});
});

describe("one writer at a time", () => {
  test("two runs at once: one publishes, the other exits 3 naming the holder; the history keeps every published run", async () => {
    const warehouse = await published();
    expect(await runs(warehouse)).toBe(1);
    for (let round = 0; round < 2; round++) {
      const before = await runs(warehouse);
      // the second starts once the first holds the lock (is loading)
      const first = start(warehouse);
      await first.loading;
      const loser = await cli(warehouse);
      const a = await first.done;
      expect([a.code, loser.code], a.stderr + loser.stderr).toEqual([0, 3]);
      expect(loser.stderr).toMatch(/another run \(pid \d+ on .+, started .+\) is writing this warehouse/);
      expect(loser.stdout).not.toContain("published");
      expect(await runs(warehouse)).toBe(before + 1);
    }
    expect(existsSync(`${warehouse}.lock`), "the lock is released").toBe(false);
  });

  test("with --wait both publish, one after the other, and the history has both", async () => {
    const warehouse = await published();
    expect(await runs(warehouse)).toBe(1);
    const first = start(warehouse);
    await first.loading;
    const b = await cli(warehouse, ["--wait", "5"]);
    const a = await first.done;
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(await runs(warehouse)).toBe(3);
  });

  test("a stale lock left by a killed run is taken over with a notice", async () => {
    const warehouse = await published();
    expect(await runs(warehouse)).toBe(1);
    // a pid no live process has (Linux pids stay below 2^22)
    await writeFile(`${warehouse}.lock`, JSON.stringify({pid: 4_194_400, host: os.hostname(), started_at: "2025-01-01T00:00:00.000Z", proc_start: null}) + "\n");
    const r = await cli(warehouse);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("took over a lock left by a run that is gone (pid 4194400, started 2025-01-01T00:00:00.000Z)");
    expect(await runs(warehouse)).toBe(2);
    expect(existsSync(`${warehouse}.lock`)).toBe(false);
  });

  test("a warehouse held read-write by another process: the run fails (exit 1) and the history is kept", async () => {
    const warehouse = await published();
    expect((await cli(warehouse)).code).toBe(0);
    const holder = await DuckDBInstance.create(warehouse);
    const conn = await holder.connect();
    try {
      const r = await cli(warehouse);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("cannot read the run history of the existing warehouse");
      expect(r.stdout).not.toContain("published");
    } finally {
      conn.closeSync();
      holder.closeSync();
    }
    expect(await runs(warehouse)).toBe(2);
  });
});

describe("what a run writes", () => {
  test("--report equal to --warehouse is refused (exit 2) and the warehouse is untouched", async () => {
    const warehouse = await published();
    expect(await runs(warehouse)).toBe(1);
    const before = statSync(warehouse);
    const r = await cli(warehouse, ["--report", warehouse]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the report path must not be the warehouse");
    expect(statSync(warehouse).mtimeMs).toBe(before.mtimeMs);
    expect(await runs(warehouse)).toBe(1);
  });

  test("a lost key beside an existing warehouse stops the run; --new-key goes on", async () => {
    const warehouse = await published();
    expect(await runs(warehouse)).toBe(1);
    await rm(path.join(path.dirname(warehouse), "pseudonym.key"));
    const r = await cli(warehouse);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("pseudonym key file");
    expect(r.stderr).toContain("a new key would change every pseudonym");
    expect(existsSync(path.join(path.dirname(warehouse), "pseudonym.key")), "no new key made").toBe(false);
    const again = await cli(warehouse, ["--new-key"]);
    expect(again.code, again.stderr).toBe(0);
    expect(await runs(warehouse)).toBe(2);
  });

  test("files are written 0600 in 0700 folders; --group-access gives 0640 and 0750", async () => {
    const modesIn = (dir: string): string[] =>
      readdirSync(dir, {recursive: true, withFileTypes: true}).map((e) => {
        const p = path.join(e.parentPath, e.name);
        return `${path.relative(dir, p)} ${(statSync(p).mode & 0o777).toString(8)}`;
      });
    // what the first run (beforeAll, into an empty folder) wrote
    for (const line of modesIn(path.dirname(base))) expect(line).toMatch(/ (600|700)$/);
    expect(modesIn(path.dirname(base))).toEqual(expect.arrayContaining(["w.duckdb 600", "run-report.json 600", "pseudonym.key 600", "exports 700", "exports/csv 700"]));
    // a run with --group-access over a copy of it
    const warehouse = await published();
    const dir = path.dirname(warehouse);
    expect((await cli(warehouse, ["--group-access"])).code).toBe(0);
    const shared = modesIn(dir).filter((l) => !l.startsWith("pseudonym.key"));
    for (const line of shared) expect(line).toMatch(/ (640|750)$/);
  });
});
