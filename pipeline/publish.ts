// Atomic publishing: the warehouse is built in a temporary file beside the target and renamed over it when complete.
import {rename, rm, readdir} from "node:fs/promises";
import path from "node:path";
import {Db, literal} from "./db.ts";

export function tempPathFor(target: string): string {
  return `${target}.tmp-${process.pid}-${Date.now()}`;
}

/**
 * Remove what interrupted runs left beside the target (never the target itself, never a live run's): the
 * temporary warehouse and its WAL and lock temps (`<target>.tmp-<pid>-…`), the exports folder's temporary and
 * old copies (`exports.tmp-<pid>-…`, `exports.old-<pid>-…`) and half-made key files (`.pseudonym.key.<pid>-….tmp.key`).
 */
export async function removeStaleTemps(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefixes = [`${path.basename(target)}.tmp-`, "exports.tmp-", "exports.old-"];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    let pid: number;
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix) pid = Number(name.slice(prefix.length).split("-")[0]);
    else {
      const key = /^\..+\.(\d+)-\d+\.tmp\.key$/.exec(name);
      if (!key) continue;
      pid = Number(key[1]);
    }
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    await rm(path.join(dir, name), {recursive: true, force: true});
  }
}

/** Remove the scratch folders (aging-run-<pid>-…) of runs that were killed: their process is gone. */
export async function removeStaleWorkDirs(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^aging-run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(dir, name), {recursive: true, force: true});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Check the finished temporary warehouse opens and holds this run, then rename it over the target. */
export async function publish(temp: string, target: string, runId: string): Promise<void> {
  const check = await Db.open(temp, {readOnly: true});
  try {
    const row = await check.one<{n: number}>(`select count(*)::integer as n from meta.runs where run_id = ${literal(runId)}`);
    if (row?.n !== 1) throw new Error(`the new warehouse ${temp} does not record run ${runId}; not published`);
  } finally {
    check.close();
  }
  await rename(temp, target);
}
