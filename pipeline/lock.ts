// One writer at a time: a lock file beside the warehouse (<warehouse>.lock) holding the pid, the host and the start
// time of the run that holds it. A second run exits with a clear message (or, with --wait, waits for it); a lock left
// by a process that is gone (killed) is taken over with a notice. The lock file is always complete: it is written
// to a temporary name and linked into place, and link fails when another run holds the lock.
import {link, readFile, rename, rm, writeFile} from "node:fs/promises";
import {readFileSync, rmSync} from "node:fs";
import os from "node:os";

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
  /** The process's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid. */
  proc_start: string | null;
}

export class LockBusyError extends Error {
  constructor(readonly holder: LockHolder, readonly lockFile: string) {
    super(
      `另一个运行（进程 ${holder.pid}，${holder.host}，开始于 ${holder.started_at}）正在写入该数据仓库；请等它结束，或加 --wait 排队 / ` +
        `another run (pid ${holder.pid} on ${holder.host}, started ${holder.started_at}) is writing this warehouse; wait for it to finish, or run with --wait to queue (lock: ${lockFile})`
    );
  }
}

export function lockPathFor(warehouse: string): string {
  return `${warehouse}.lock`;
}

/** The start time of a process (field 22 of /proc/<pid>/stat), or null where /proc is not available. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the holder's process is gone (or its pid now belongs to another process). Locks from another host are never stale. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  if (!alive(holder.pid)) return true;
  const start = processStart(holder.pid);
  return holder.proc_start !== null && start !== null && start !== holder.proc_start;
}

async function readHolder(file: string): Promise<{text: string; holder: LockHolder | null} | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return {text, holder: Number.isInteger(holder.pid) ? holder : null};
  } catch {
    return {text, holder: null};
  }
}

export interface Lock {
  file: string;
  holder: LockHolder;
  /** Whether this process still holds the lock (the file is ours). */
  held(): Promise<boolean>;
  release(): Promise<void>;
  /** The same, synchronously (on the way out of a signal handler). */
  releaseSync(): void;
}

export interface LockOptions {
  /** Wait for a busy lock (milliseconds at most; 0: exit at once). */
  waitMs?: number;
  /** Called with a message when a stale lock is taken over. */
  notice?: (message: string) => void;
  /** File mode of the lock file. */
  mode?: number;
}

/** Take the warehouse's lock, or throw LockBusyError. */
export async function acquireLock(warehouse: string, options: LockOptions = {}): Promise<Lock> {
  const file = lockPathFor(warehouse);
  const holder: LockHolder = {pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), proc_start: processStart(process.pid)};
  const text = JSON.stringify(holder) + "\n";
  // (named like the warehouse's temporary files: a run killed right here leaves it for the next run to remove)
  const temp = `${warehouse}.tmp-${process.pid}-${Date.now()}.lock`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  await writeFile(temp, text, {encoding: "utf8", mode: options.mode ?? 0o600});
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(temp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const current = await readHolder(file);
      if (!current) continue; // released meanwhile: try again
      if (!current.holder || isStale(current.holder)) {
        // Move the stale lock aside under a name of our own, check it is the one we judged stale, then retry.
        const aside = `${warehouse}.tmp-${process.pid}-${Date.now()}-stale.lock`;
        try {
          await rename(file, aside);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
          throw error;
        }
        const moved = await readFile(aside, "utf8").catch(() => "");
        if (moved !== current.text) {
          // another run took the lock over between our read and the rename: put its lock back
          await link(aside, file).catch(() => {});
          await rm(aside, {force: true});
          continue;
        }
        await rm(aside, {force: true});
        const who = current.holder ? `pid ${current.holder.pid}, started ${current.holder.started_at}` : "unreadable";
        options.notice?.(`接管了已终止进程留下的锁 / took over a lock left by a run that is gone (${who}): ${file}`);
        continue;
      }
      if (Date.now() >= deadline) throw new LockBusyError(current.holder, file);
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * (attempt + 1))));
    }
  } finally {
    await rm(temp, {force: true});
  }
  const held = async () => (await readHolder(file))?.text === text;
  return {
    file,
    holder,
    held,
    release: async () => {
      if (await held()) await rm(file, {force: true});
    },
    releaseSync: () => {
      try {
        if (readFileSync(file, "utf8") === text) rmSync(file, {force: true});
      } catch {
        // gone already
      }
    }
  };
}
