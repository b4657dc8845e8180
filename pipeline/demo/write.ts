// Output helpers for the Demo City: CSV with backpressure and line counting, GBK, deterministic XLSX.
import {createWriteStream, type WriteStream} from "node:fs";
import ExcelJS from "exceljs";

/** Quotes a CSV field only when it must. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly (string | number | null | undefined)[]): string => cells.map(csvField).join(",") + "\n";

/**
 * A UTF-8 CSV written in ~1 MB chunks that waits for 'drain', so memory stays bounded
 * however many rows go through it. `line` is the line the next row will have (header = 1).
 */
export class CsvStream {
  private out: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private lines = 0;
  constructor(path: string, bom = false) {
    this.out = createWriteStream(path, {highWaterMark: 1 << 20});
    if (bom) this.buffer.push("\uFEFF");
  }
  get nextLine(): number {
    return this.lines + 1;
  }
  /** Appends one row and returns its line; call `flush()` when `needsFlush`. */
  push(cells: readonly (string | number | null | undefined)[]): number {
    return this.pushLine(csvRow(cells));
  }
  /** Appends a row already joined (fields known to need no quoting), ending in a newline. */
  pushLine(text: string): number {
    this.buffer.push(text);
    this.size += text.length;
    return ++this.lines;
  }
  get needsFlush(): boolean {
    return this.size >= 1 << 19;
  }
  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once("drain", resolve));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once("error", reject);
      this.out.end(resolve);
    });
  }
}

let gbkTable: Map<number, number> | null = null;

/** Encodes text as GBK, built from the platform's own GBK decoder (no extra package). */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    const pair = new Uint8Array(2);
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        pair[0] = lead;
        pair[1] = trail;
        const ch = decoder.decode(pair);
        if (ch.length === 1 && ch !== "\uFFFD" && !gbkTable.has(ch.charCodeAt(0))) gbkTable.set(ch.charCodeAt(0), (lead << 8) | trail);
      }
    }
  }
  const out = Buffer.alloc(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else {
      const g = gbkTable.get(c);
      if (g === undefined) throw new Error(`character ${text[i]} has no GBK encoding`);
      out[n++] = g >> 8;
      out[n++] = g & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** A fixed instant for workbook metadata, so the same seed gives the same bytes. */
export const FIXED_DATE = new Date(Date.UTC(2025, 10, 1, 0, 0, 0));

export function newWorkbook(title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  wb.description = "合成演示数据 synthetic demo data (示例市 is a fictional city)";
  wb.creator = "Aging Observatory demo generator";
  wb.lastModifiedBy = "Aging Observatory demo generator";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

/**
 * The workbook as bytes, with every zip entry's DOS time set to 1980-01-01 00:00
 * (JSZip, which exceljs uses, stamps entries with the current time).
 */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimes(buf);
}

export function fixZipTimes(buf: Buffer): Buffer {
  const DOS_TIME = 0, DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error("not a zip: no end of central directory");
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad zip central directory");
    buf.writeUInt16LE(DOS_TIME, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error("bad zip local header");
    buf.writeUInt16LE(DOS_TIME, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
