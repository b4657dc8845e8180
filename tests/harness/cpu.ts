// AGING_TEST_CPU=<file>: each test file's CPU time (user + sys, seconds) appended to <file> as a JSON line, to see
// where `npm test`'s CPU goes (docs/architecture.md "Tests"). Read from /proc/self/stat: the worker's own time and
// that of the child processes it has waited for (CLI runs, site builds, Chromium), so a shared build (tests/harness
// `shared`) counts in the file that asked for it first. The time counts from before the file's own
// imports to its last afterAll. Off (nothing measured) when unset; Linux only.
import {appendFileSync, existsSync, readFileSync} from "node:fs";
import {afterAll, beforeAll, expect} from "vitest";

const out = process.env.AGING_TEST_CPU;

/** utime, stime, cutime, cstime of this process, in seconds. */
function times(): {user: number; sys: number} {
  // the fields after the command name (which may hold spaces) start at field 3
  const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /s, "").split(" ").map(Number);
  const tick = 100; // USER_HZ on Linux
  return {user: (fields[11]! + fields[13]!) / tick, sys: (fields[12]! + fields[14]!) / tick};
}

if (out && existsSync("/proc/self/stat")) {
  // from here: this setup file runs again before each test file, ahead of the file's imports
  const start = times();
  let file = "";
  beforeAll(({}, suite) => {
    file = (suite as {file?: {filepath?: string}}).file?.filepath ?? expect.getState().testPath ?? "?";
  });
  afterAll(() => {
    const end = times();
    const user = +(end.user - start.user).toFixed(2);
    const sys = +(end.sys - start.sys).toFixed(2);
    appendFileSync(out, JSON.stringify({file: file.replace(/^.*?\/tests\//, "tests/"), user, sys, cpu: +(user + sys).toFixed(2), pid: process.pid}) + "\n");
  });
}
