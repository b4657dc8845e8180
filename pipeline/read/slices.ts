// A large plain CSV file cut into slices at line ends while the pass that hashes it reads it (read/csv.ts scanFile),
// so DuckDB reads, checks and stages one slice at a time and no temp table outgrows the load's memory limit.
// (DuckDB's reader cannot start at a byte offset, so each slice is a file of its own in the scratch folder; the
// writer keeps at most two ahead of the reader and each is deleted once read.)
import {createWriteStream, type WriteStream} from "node:fs";
import {rm} from "node:fs/promises";
import path from "node:path";

/**
 * Bytes of CSV per slice: AGING_SLICE_BYTES, else 256 MB for the typed read (service_orders: about 1.5 bytes of
 * memory a byte of CSV; at scale 30, 11 slices) and 48 MB for the text path (elders: about 8 bytes a byte, for the
 * text of every cell, the maps of identifiers and the checked rows), so that a slice's temp tables fit in the load's
 * 768 MB (docs/benchmarks.md).
 */
export function sliceBytes(typedRead: boolean): number {
  return Number(process.env.AGING_SLICE_BYTES) || (typedRead ? 256 : 48) << 20;
}

export interface FileSlice {
  /** 0, 1, …: slice 0 starts at the file's first byte (its header, and any lines above it). */
  index: number;
  path: string;
  /** Lines in the slice: every slice but the last ends with a line end. */
  lines: number;
}

/** Thrown to the reader of the slices when the writer stopped: the file is not plain or not UTF-8 after all. */
export class SlicesStopped extends Error {}

/**
 * The slices of one file: `write` each chunk in order (the hashing pass), `end` at the end of the file, or `stop`
 * when the file turns out not to be plain; the reader takes them with `next` (null after the last) and deletes
 * each with `release`.
 */
export class SliceWriter {
  private readonly ready: FileSlice[] = [];
  private waiting: {resolve: (s: FileSlice | null) => void; reject: (e: Error) => void} | null = null;
  private roomWaiter: (() => void) | null = null;
  private out: WriteStream | null = null;
  private current: FileSlice | null = null;
  private bytes = 0;
  private count = 0;
  private finished = false;
  private stopped: Error | null = null;
  private abandoned = false;
  private outstanding = 0;
  private last = 0x0a;

  constructor(
    private readonly dir: string,
    private readonly stem: string,
    readonly target: number
  ) {}

  /** The next chunk of the file (in order). Waits while two slices are written and not yet released. */
  async write(chunk: Buffer): Promise<void> {
    if (this.stopped || this.abandoned) return;
    let rest = chunk;
    while (rest.length) {
      if (!this.current) await this.open();
      if (this.abandoned) return;
      const room = this.target - this.bytes;
      // cut at the first line end once the slice is full (a slice holds whole lines; a very long line stretches it)
      const nl = room <= rest.length ? rest.indexOf(0x0a, Math.max(0, room - 1)) : -1;
      const part = nl >= 0 ? rest.subarray(0, nl + 1) : rest;
      this.current!.lines += countLines(part);
      this.bytes += part.length;
      this.last = part[part.length - 1];
      if (!this.out!.write(part)) await settled(this.out!, "drain");
      if (this.stopped || this.abandoned) return;
      rest = rest.subarray(part.length);
      if (nl >= 0) await this.close();
    }
  }

  /** The file ended: its last slice is ready. */
  async end(): Promise<void> {
    if (this.stopped || this.abandoned) return;
    if (this.current) await this.close();
    this.finished = true;
    this.flush();
  }

  /** The file cannot be read in slices (not plain, not UTF-8): the reader gets SlicesStopped. */
  stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = new SlicesStopped(reason);
    this.out?.destroy();
    this.flush();
  }

  /** The reader gave up (an error of its own): the writer writes no more and its files are deleted. */
  async abandon(): Promise<void> {
    this.abandoned = true;
    this.out?.destroy();
    this.roomWaiter?.();
    for (const s of this.ready.splice(0)) await rm(s.path, {force: true});
    if (this.current) await rm(this.current.path, {force: true});
  }

  /** The next slice (in order), null after the last. */
  next(): Promise<FileSlice | null> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.ready.length) return Promise.resolve(this.ready.shift()!);
    if (this.finished) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting = {resolve, reject};
    });
  }

  /** The reader is done with a slice: it is deleted, and the writer may write another. */
  async release(slice: FileSlice): Promise<void> {
    await rm(slice.path, {force: true});
    this.outstanding--;
    const wake = this.roomWaiter;
    this.roomWaiter = null;
    wake?.();
  }

  private async open(): Promise<void> {
    // (two slices written and not released: wait for the reader)
    while (this.outstanding >= 2 && !this.abandoned) await new Promise<void>((resolve) => (this.roomWaiter = resolve));
    if (this.abandoned) return;
    this.current = {index: this.count++, path: path.join(this.dir, `${this.stem}.slice${this.count - 1}.csv`), lines: 0};
    this.out = createWriteStream(this.current.path);
    // (a slice that cannot be written: the reader falls back to the whole file, whose copy then reports the error)
    this.out.on("error", (error) => this.stop(`a slice cannot be written: ${error.message}`));
    this.bytes = 0;
    this.outstanding++;
  }

  private async close(): Promise<void> {
    const out = this.out!;
    // (the file's last line without a line end is a line too)
    if (this.bytes && this.last !== 0x0a) this.current!.lines++;
    out.end();
    await settled(out, "finish");
    if (this.abandoned || this.stopped) return;
    this.ready.push(this.current!);
    this.current = null;
    this.out = null;
    this.flush();
  }

  private flush(): void {
    if (!this.waiting) return;
    const {resolve, reject} = this.waiting;
    if (this.stopped) {
      this.waiting = null;
      reject(this.stopped);
    } else if (this.ready.length) {
      this.waiting = null;
      resolve(this.ready.shift()!);
    } else if (this.finished) {
      this.waiting = null;
      resolve(null);
    }
  }
}

/**
 * Resolves when `out` emits `event`, or closes first (destroyed by `abandon` or `stop`, or failed): a writer that
 * waits on a stream the reader gave up on must not wait for ever.
 */
function settled(out: WriteStream, event: "drain" | "finish"): Promise<void> {
  return new Promise((resolve) => {
    if (out.destroyed) return resolve();
    const done = () => {
      out.off(event, done);
      out.off("close", done);
      resolve();
    };
    out.once(event, done);
    out.once("close", done);
  });
}

/** The line ends (LF) in a chunk. (indexOf is native: about 20 ns a line.) */
function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
}
