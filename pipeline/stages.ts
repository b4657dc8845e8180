// The stage a run is in, for tools that watch it (the SIGKILL tests, npm run soak): with AGING_STAGE_MARKS=1 the run
// writes "[stage] <name>" lines to stderr as it enters load, marts, publish, exports and done.
export type Stage = "lock" | "load" | "marts" | "publish" | "exports" | "done";

export function markStage(stage: Stage): void {
  if (process.env.AGING_STAGE_MARKS === "1") process.stderr.write(`[stage] ${stage}\n`);
}

/** A function that runs a step and adds its seconds to `seconds[stage]` (whether it succeeds or throws). */
export function stageTimer(seconds: Record<string, number>): <T>(stage: string, fn: () => Promise<T>) => Promise<T> {
  return async (stage, fn) => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      seconds[stage] = (seconds[stage] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
}
