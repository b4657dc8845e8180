import {describe, expect, it} from "vitest";
import {existsSync} from "node:fs";
import {mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {removeStaleTemps, removeStaleWorkDirs} from "../../pipeline/publish.ts";
import {tempDir} from "./helpers.ts";

// A process id no live process has here (Linux pids stay below 2^22).
const DEAD = 4_194_400;

describe("leftovers of killed runs", () => {
  it("removes scratch folders and temporary warehouses of dead processes only", async () => {
    const dir = await tempDir("leftovers-");
    await mkdir(path.join(dir, `aging-run-${DEAD}-abc`));
    await mkdir(path.join(dir, `aging-run-${process.pid}-def`));
    await mkdir(path.join(dir, "aging-run-notapid"));
    await removeStaleWorkDirs(dir);
    expect(existsSync(path.join(dir, `aging-run-${DEAD}-abc`))).toBe(false);
    expect(existsSync(path.join(dir, `aging-run-${process.pid}-def`))).toBe(true);
    expect(existsSync(path.join(dir, "aging-run-notapid"))).toBe(true);

    const target = path.join(dir, "w.duckdb");
    await writeFile(target, "the published warehouse");
    await writeFile(`${target}.tmp-${DEAD}-1`, "half written");
    await removeStaleTemps(target);
    expect(existsSync(`${target}.tmp-${DEAD}-1`)).toBe(false);
    expect(existsSync(target)).toBe(true);
  });
});
