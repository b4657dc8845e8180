// Crash safety: SIGKILL the pipeline CLI in each stage of a run — load, marts, publish, exports — chosen by the
// stage the run reports (tests/reliability/kill-harness.ts), at least 20 kills. After every kill the warehouse is
// the previous one or a new complete run, with the history of every earlier run; a reader polling it meanwhile
// never sees a partial state; the next run leaves no temporary file or folder. `npm run soak` does 100 or more.
import {afterAll, beforeAll, describe, expect, test} from "vitest";
import {existsSync, readFileSync} from "node:fs";
import {rm} from "node:fs/promises";
import path from "node:path";
import {cleanSubset, prng, tempDir} from "./helpers.ts";
import {bundled, runs} from "../harness/index.ts";
import {killRuns, spawnCli, STAGES, tempFolders, useCli, warehouseState, type WarehouseState} from "./kill-harness.ts";

/** Kills: 20 by default (the floor), 40 under AGING_DEEP_TESTS=1 (tests/harness), or KILLS. */
const KILLS = Number(process.env.KILLS ?? runs(20, 40));

/**
 * The reader's pause between two looks at the warehouse: 1 s (a look opens it and hashes seven tables, ~50 ms of
 * CPU: every 100 ms that was a fifth of a core for the whole test; still about 100 looks, across every stage's
 * kills), 100 ms under AGING_DEEP_TESTS=1.
 */
const READER_PAUSE_MS = runs(1000, 100);

let folders: Awaited<ReturnType<typeof tempFolders>>;
/** The required datasets only: a run takes a few seconds less (npm run soak runs the whole clean fixture). */
let input: string;

beforeAll(async () => {
  useCli(await bundled("pipeline/cli.ts"));
  folders = await tempFolders("ao-kill-");
  input = await cleanSubset(["districts", "population", "facilities"]);
});

afterAll(async () => {
  await folders.remove();
  await rm(input, {recursive: true, force: true});
});

describe("SIGKILL in each stage", () => {
  test(`${KILLS} kills aimed at load, marts, publish and exports: the old warehouse or a complete new one, every time; no temp left`, async () => {
    const warehouse = path.join(folders.dir, "w.duckdb");
    const readerErrors: string[] = [];
    let readerSamples = 0;
    let reading = true;
    let reference: WarehouseState | undefined;
    // A reader opening the warehouse read-only in a loop while runs are killed (once the first run has published).
    const reader = (async () => {
      while (reading) {
        if (existsSync(warehouse)) {
          try {
            const s = await warehouseState(warehouse);
            reference ??= s;
            readerSamples++;
            if (JSON.stringify(s.tables) !== JSON.stringify(reference.tables)) readerErrors.push("data differ from the first state read");
            if (s.orphanRuns) readerErrors.push(`${s.orphanRuns} runs without their dataset rows`);
          } catch (error) {
            readerErrors.push(`open/read failed: ${(error as Error).message}`);
          }
        }
        await new Promise((r) => setTimeout(r, READER_PAUSE_MS));
      }
    })();
    const report = await killRuns({input, dir: folders.dir, tmp: folders.tmp, kills: KILLS, log: process.env.KILL_VERBOSE ? console.info : undefined});
    reading = false;
    await reader;
    console.info(`kill test: ${JSON.stringify(report.killsByStage)}, ${report.missed} missed, ${report.publishedThenKilled} killed after publishing; stage lengths ${JSON.stringify(report.reference)} ms; ${readerSamples} reader samples`);
    expect(report.corrupt).toEqual([]);
    expect(report.leftovers).toEqual([]);
    const total = Object.values(report.killsByStage).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(KILLS);
    for (const stage of STAGES) expect(report.killsByStage[stage], `kills in ${stage}`).toBeGreaterThanOrEqual(Math.floor(KILLS / STAGES.length / 2));
    expect(readerErrors).toEqual([]);
    expect(readerSamples).toBeGreaterThan(10);
  }, 1_800_000);

  test("a run killed while making the pseudonym key leaves no damaged key: the next run works", async () => {
    const random = prng(7);
    for (let k = 0; k < 2; k++) {
      const fresh = await tempDir("ao-killkey-");
      const target = path.join(fresh, "w.duckdb");
      const run = () => {
        // the key is made before any input is read: the small input of the kills above serves
        const child = spawnCli(input, target);
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        return {child, done: new Promise<{code: number | null; stderr: string}>((resolve) => child.on("exit", (code) => resolve({code, stderr})))};
      };
      const {child, done} = run();
      // The key is made right after the lock is taken: kill a few milliseconds after the run reports the lock stage.
      child.stderr!.on("data", (d: Buffer) => {
        if (d.toString().includes("[stage] lock")) setTimeout(() => child.kill("SIGKILL"), random() * 40);
      });
      await done;
      const keyFile = path.join(fresh, "pseudonym.key");
      if (existsSync(keyFile)) expect(readFileSync(keyFile, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
      const next = await run().done;
      expect(next.code, next.stderr).toBe(0);
      await rm(fresh, {recursive: true, force: true});
    }
  }, 300_000);
});
