import {describe, expect, it} from "vitest";
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {SlicesStopped, SliceWriter} from "../../pipeline/read/slices.ts";
import {tempDir} from "./helpers.ts";

// The slices of a file (pipeline/read/slices.ts): whole lines, in order, counted; the writer waits for the reader and
// never waits for ever on a reader that gave up.
const line = (i: number) => `row ${String(i).padStart(4, "0")},${"x".repeat(20)}\n`;

describe("the slice writer", () => {
  it("cuts at line ends once a slice is full, counts each slice's lines, and ends with null", async () => {
    const dir = await tempDir();
    const writer = new SliceWriter(dir, "t", 100);
    const text = Array.from({length: 40}, (_, i) => line(i)).join("") + "last line without an end";
    // (chunks that split lines)
    const bytes = Buffer.from(text);
    const writing = (async () => {
      for (let i = 0; i < bytes.length; i += 37) await writer.write(bytes.subarray(i, i + 37));
      await writer.end();
    })();
    const parts: string[] = [];
    let lines = 0;
    for (let slice = await writer.next(); slice; slice = await writer.next()) {
      const content = await readFile(slice.path, "utf8");
      expect(slice.index).toBe(parts.length);
      expect(content.split("\n").length - (content.endsWith("\n") ? 1 : 0)).toBe(slice.lines);
      if (slice.index < 5) expect(content.endsWith("\n")).toBe(true);
      parts.push(content);
      lines += slice.lines;
      await writer.release(slice);
      expect(existsSync(slice.path)).toBe(false);
    }
    await writing;
    expect(parts.join("")).toBe(text);
    expect(parts.length).toBeGreaterThan(5);
    expect(lines).toBe(41);
  });

  it("a reader that gives up frees a writer waiting for room or for the disk; a writer that stops is an error to the reader", async () => {
    const dir = await tempDir();
    const writer = new SliceWriter(dir, "t", 50);
    const big = Buffer.from(Array.from({length: 2000}, (_, i) => line(i)).join(""));
    // nobody reads: after two slices the writer waits for room
    const writing = writer.write(big);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writer.abandon();
    await writing;
    await writer.end();

    const stopped = new SliceWriter(dir, "u", 50);
    await stopped.write(Buffer.from(line(1)));
    stopped.stop("not plain");
    await expect(stopped.next()).rejects.toBeInstanceOf(SlicesStopped);
  });
});
