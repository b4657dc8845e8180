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
    // the exports folder's temporary and old copies, lock temps and half-made keys of dead runs go too; a live run's stay
    await mkdir(path.join(dir, `exports.tmp-${DEAD}-1`, "csv"), {recursive: true});
    await mkdir(path.join(dir, `exports.old-${DEAD}-1`));
    await mkdir(path.join(dir, `exports.tmp-${process.ppid}-1`));
    await writeFile(`${target}.tmp-${DEAD}-2.lock`, "{}");
    await writeFile(path.join(dir, `.pseudonym.key.${DEAD}-1.tmp.key`), "");
    await removeStaleTemps(target);
    expect(existsSync(`${target}.tmp-${DEAD}-1`)).toBe(false);
    expect(existsSync(target)).toBe(true);
    expect(existsSync(path.join(dir, `exports.tmp-${DEAD}-1`))).toBe(false);
    expect(existsSync(path.join(dir, `exports.old-${DEAD}-1`))).toBe(false);
    expect(existsSync(`${target}.tmp-${DEAD}-2.lock`)).toBe(false);
    expect(existsSync(path.join(dir, `.pseudonym.key.${DEAD}-1.tmp.key`))).toBe(false);
    expect(existsSync(path.join(dir, `exports.tmp-${process.ppid}-1`))).toBe(true);
  });
});
