// `npm start` reruns the pipeline when the inputs or the pipeline's code changed (the code hash in meta.params).
import {mkdtemp, rm, utimes, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {codeHash} from "../../pipeline/run.ts";
import {pipelineStale, recordedCodeHash} from "../../pipeline/start.ts";
import {CLEAN, cleanCopy, cleanRun} from "../harness/index.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, {recursive: true, force: true});
});

describe("the code hash", () => {
  it("changes when a .ts or .sql file of the pipeline changes, not when another file does", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ao-code-"));
    dirs.push(dir);
    await writeFile(path.join(dir, "a.sql"), "select 1");
    await writeFile(path.join(dir, "b.ts"), "export const b = 1;");
    const first = await codeHash(dir);
    await writeFile(path.join(dir, "notes.md"), "not code");
    expect(await codeHash(dir)).toBe(first);
    await writeFile(path.join(dir, "a.sql"), "select 2");
    const second = await codeHash(dir);
    expect(second).not.toBe(first);
    await writeFile(path.join(dir, "a.sql"), "select 1");
    expect(await codeHash(dir)).toBe(first);
  });

  it("is recorded in the warehouse and the run's versions", async () => {
    const {warehouse, result} = await cleanRun();
    expect(await recordedCodeHash(warehouse)).toBe(await codeHash());
    expect(result.status).toBe("published");
  });
});

describe("pipelineStale", () => {
  it("says why the pipeline must run: no warehouse, newer inputs, other code; null when up to date", async () => {
    const {warehouse} = await cleanCopy();
    dirs.push(path.dirname(warehouse));
    expect(await pipelineStale(CLEAN, path.join(path.dirname(warehouse), "none.duckdb"))).toBe("no warehouse yet");
    expect(await pipelineStale(CLEAN, warehouse)).toBeNull();
    // a changed mart SQL file (any pipeline code): another hash recorded than the code's
    const db = await Db.open(warehouse);
    try {
      await db.run("update meta.params set value = 'made-by-older-code' where key = 'code_sha256'");
    } finally {
      db.close();
    }
    expect(await pipelineStale(CLEAN, warehouse)).toBe("the pipeline code changed");
    // a warehouse older than its inputs
    await utimes(warehouse, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(await pipelineStale(CLEAN, warehouse)).toBe("the inputs changed");
  });
});
