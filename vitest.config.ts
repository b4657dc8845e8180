import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // one scratch folder per run; the clean warehouse and the site are built there once (tests/harness)
    globalSetup: ["tests/harness/global-setup.ts"],
    // AGING_TEST_CPU=<file>: each test file's CPU time, one JSON line each (tests/harness/cpu.ts); off by default
    setupFiles: ["tests/harness/cpu.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // a worker runs its test files one after the other in one process: modules (DuckDB, the pipeline) are
    // imported once per worker, not once per file. Test files keep no state in modules they share.
    isolate: false
  }
});
