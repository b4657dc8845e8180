// CSV files: encoding and delimiter detection, header row, and a UTF-8 copy with line numbers for DuckDB.
import Papa from "papaparse";
import {isAscii, isUtf8} from "node:buffer";
import {createHash} from "node:crypto";
import {createReadStream, createWriteStream} from "node:fs";
import {open, stat} from "node:fs/promises";
import {once} from "node:events";
import type {SliceWriter} from "./slices.ts";

export type Encoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

export class InputError extends Error {
  constructor(message: string, readonly file: string, readonly column?: string) {
    super(message);
  }
}

const SAMPLE_BYTES = 1 << 20;
/** Files at least this large that need no rewriting are read by DuckDB in place. */
export function directMinBytes(): number {
  return Number(process.env.AGING_DIRECT_MIN_BYTES) || 16 << 20;
}

export interface CsvSniff {
  encoding: Encoding;
  /**
   * The first megabyte is ASCII and the encoding was left to the pass that hashes the file (scanFile with
   * `nonAscii`): `encoding` is "utf-8" until then (for ASCII text, every encoding reads the same).
   */
  encodingDeferred?: boolean;
  delimiter: string;
  /** The first records (blank lines skipped), as cells. */
  rows: string[][];
  size: number;
}

function bomOf(bytes: Uint8Array): Encoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8-bom";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * Detect the encoding of a file from its first bytes: a BOM if there is one, else strict UTF-8, else GB18030
 * (a superset of GBK). A sample whose lines are partly valid UTF-8 with Chinese text and partly not is a file
 * of mixed encodings: an error naming one line of each kind.
 */
export function detectEncoding(sample: Uint8Array, file = "", complete = true): Encoding {
  const bom = bomOf(sample);
  if (bom) return bom;
  try {
    new TextDecoder("utf-8", {fatal: true}).decode(sample, {stream: !complete});
    return "utf-8";
  } catch {
    // Classify lines to tell a GBK file from a file that mixes encodings.
    let utf8Line = 0, badLine = 0, line = 1, start = 0;
    const end = complete ? sample.length : sample.lastIndexOf(0x0a) + 1;
    for (let i = 0; i <= end && !(utf8Line && badLine); i++) {
      if (i === end || sample[i] === 0x0a) {
        const bytes = sample.subarray(start, i);
        if (bytes.some((b) => b >= 0x80)) {
          try {
            new TextDecoder("utf-8", {fatal: true}).decode(bytes);
            utf8Line ||= line;
          } catch {
            badLine ||= line;
          }
        }
        line++;
        start = i + 1;
      }
    }
    if (utf8Line && badLine) throw mixedError(file, utf8Line, badLine);
    return "gb18030";
  }
}

function mixedError(file: string, utf8Line: number, badLine: number): InputError {
  return new InputError(
    `文件混用了多种编码：第 ${utf8Line} 行是 UTF-8，第 ${badLine} 行不是 / the file mixes encodings: line ${utf8Line} is UTF-8, line ${badLine} is not; save it again as UTF-8`,
    file
  );
}

/**
 * The sniff's rule for the lines of its sample, applied to every line of a GBK/GB18030 file as it is read: a line
 * with non-ASCII bytes that is valid UTF-8 and one that is not make a file that mixes encodings (GBK text is
 * almost never valid UTF-8; decoded as GB18030, UTF-8 Chinese would load as other characters without an error).
 * `feed` each chunk with the number of the line it starts in (lines end with LF); `end` with the number of the last line.
 */
export function gbkMixChecker(file: string): {feed: (chunk: Buffer, first: number) => void; end: (last: number) => void} {
  let tail: Uint8Array = new Uint8Array(0);
  let tailLost = false; // a line longer than DuckDB's max_line_size is not kept whole (DuckDB rejects it anyway)
  let utf8Line = 0;
  let gbkLine = 0;
  const check = (bytes: Uint8Array, n: number) => {
    if (isAscii(bytes)) return;
    if (isUtf8(bytes)) utf8Line ||= n;
    else gbkLine ||= n;
    if (utf8Line && gbkLine) throw mixedError(file, utf8Line, gbkLine);
  };
  const feed = (chunk: Buffer, first: number) => {
    const nl = chunk.indexOf(0x0a);
    if (nl < 0) {
      if (!tailLost && tail.length + chunk.length <= 8 << 20) tail = Buffer.concat([tail, chunk]);
      else tailLost = true;
      return;
    }
    // the line the last chunk ended in
    if (!tailLost) check(tail.length ? Buffer.concat([tail, chunk.subarray(0, nl)]) : chunk.subarray(0, nl), first);
    tailLost = false;
    const last = chunk.lastIndexOf(0x0a);
    if (nl < last && !isAscii(chunk.subarray(nl + 1, last))) {
      let n = first + 1;
      for (let start = nl + 1; start <= last; n++) {
        const end = chunk.indexOf(0x0a, start);
        check(chunk.subarray(start, end), n);
        start = end + 1;
      }
    }
    tail = chunk.slice(last + 1);
  };
  return {feed, end: (last) => (tail.length && !tailLost ? check(tail, last) : undefined)};
}

function decoderFor(encoding: Encoding, fatal = false): TextDecoder {
  const label = encoding === "utf-8-bom" ? "utf-8" : encoding;
  return new TextDecoder(label, {ignoreBOM: false, fatal});
}

/** Up to SAMPLE_BYTES from the start of the first line after `from` that holds a non-ASCII byte; empty when none does. */
async function nonAsciiSample(file: string, from: number): Promise<Uint8Array> {
  let position = from;
  let lineStart = from;
  for await (const chunk of createReadStream(file, {start: from, highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    // (isAscii is native: a byte-by-byte callback would take a second per 100 MB)
    const i = isAscii(chunk) ? -1 : chunk.findIndex((b) => b >= 0x80);
    if (i >= 0) {
      const nl = chunk.lastIndexOf(0x0a, i);
      if (nl >= 0) lineStart = position + nl + 1;
      const handle = await open(file, "r");
      try {
        const buffer = new Uint8Array(SAMPLE_BYTES);
        const {bytesRead} = await handle.read(buffer, 0, SAMPLE_BYTES, lineStart);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    }
    const nl = chunk.lastIndexOf(0x0a);
    if (nl >= 0) lineStart = position + nl + 1;
    position += chunk.length;
  }
  return new Uint8Array(0);
}

/** The encoding of a file whose first megabyte is ASCII, from a sample of its first lines that are not (scanFile's `nonAsciiSample`). */
export function encodingFromSample(sample: Uint8Array, file: string): Encoding {
  return sample.length ? detectEncoding(sample, file, sample.length < SAMPLE_BYTES) : "utf-8";
}

/**
 * The encoding, delimiter and first rows of a CSV. `deferAsciiFrom`: for a file at least this large whose first
 * megabyte is ASCII, the encoding is not looked for further here (that would read on to the first line that is not
 * ASCII, the whole file when there is none) but left to scanFile's pass (`encodingDeferred`).
 */
export async function sniffCsv(file: string, options: {deferAsciiFrom?: number} = {}): Promise<CsvSniff> {
  const {size} = await stat(file);
  const handle = await open(file, "r");
  const buffer = new Uint8Array(Math.min(size, SAMPLE_BYTES));
  try {
    await handle.read(buffer, 0, buffer.length, 0);
  } finally {
    await handle.close();
  }
  if (size === 0) throw new InputError("文件为空 / the file is empty", file);
  const complete = size <= SAMPLE_BYTES;
  let encoding = detectEncoding(buffer, file, complete);
  let encodingDeferred = false;
  if (!complete && encoding === "utf-8" && isAscii(buffer)) {
    // An ASCII first megabyte says nothing about the encoding: decide by the first lines that are not ASCII.
    if (options.deferAsciiFrom !== undefined && size >= options.deferAsciiFrom) encodingDeferred = true;
    else encoding = encodingFromSample(await nonAsciiSample(file, buffer.length), file);
  }
  let text = decoderFor(encoding).decode(buffer, {stream: !complete});
  if (!complete) {
    const end = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
    if (end < 0) {
      throw new InputError(
        `第一行超过 ${SAMPLE_BYTES >> 20} MB，找不到表头（不是 CSV 文件，或没有换行）/ the first line is longer than ${SAMPLE_BYTES >> 20} MB: no header can be found (not a CSV file, or no line breaks)`,
        file
      );
    }
    text = text.slice(0, end + 1);
  }
  const parsed = Papa.parse<string[]>(text, {preview: 40, delimitersToGuess: [",", "\t", ";", "|"], skipEmptyLines: true});
  const delimiter = parsed.meta.delimiter || ",";
  return {encoding, ...(encodingDeferred ? {encodingDeferred} : {}), delimiter, rows: parsed.data, size};
}

/** Whether a chunk holds a CR that is not followed by LF (a line end DuckDB's in-place read would not count). */
function hasBareCr(chunk: Buffer, previousLast: number): boolean {
  if (previousLast === 0x0d && chunk[0] !== 0x0a) return true;
  for (let i = chunk.indexOf(0x0d); i >= 0 && i < chunk.length - 1; i = chunk.indexOf(0x0d, i + 1)) {
    if (chunk[i + 1] !== 0x0a) return true;
  }
  return false;
}

/**
 * Strict UTF-8 validation of a stream, chunk by chunk (a character may be split across chunks): `feed` each chunk,
 * false from the first byte sequence that is not UTF-8 on; `end` says whether the stream ended on a whole character.
 * (isUtf8 is native: the check costs next to nothing beside the hash.)
 */
export function utf8Validator(): {feed: (chunk: Uint8Array) => boolean; end: () => boolean} {
  let tail = new Uint8Array(0);
  const feed = (chunk: Uint8Array): boolean => {
    let start = 0;
    if (tail.length) {
      // the rest of the character the last chunk ended in: the continuation bytes this one starts with
      while (start < 3 && start < chunk.length && (chunk[start] & 0xc0) === 0x80) start++;
      const joined = new Uint8Array(tail.length + start);
      joined.set(tail);
      joined.set(chunk.subarray(0, start), tail.length);
      const need = tail[0] >= 0xf0 ? 4 : tail[0] >= 0xe0 ? 3 : 2;
      if (start === chunk.length && joined.length < need) {
        tail = joined;
        return true;
      }
      if (!isUtf8(joined)) return false;
      tail = new Uint8Array(0);
    }
    // an incomplete character at the end waits for the next chunk
    let end = chunk.length;
    for (let k = 1; k <= 3 && k <= chunk.length - start; k++) {
      const b = chunk[chunk.length - k];
      if ((b & 0xc0) === 0x80) continue;
      if (b >= 0xc0 && (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k) end = chunk.length - k;
      break;
    }
    if (!isUtf8(chunk.subarray(start, end))) return false;
    tail = chunk.slice(end);
    return true;
  };
  return {feed, end: () => tail.length === 0};
}

/**
 * One pass over the file: its sha256, and whether DuckDB can read it in place with line = physical line
 * (`plain`: no quotes, no blank lines, no bare CR, no NUL; the caller checks the encoding). `utf8`: also whether
 * the whole file is valid UTF-8 (a file sniffed as UTF-8 from its first megabyte may turn to GBK further on;
 * DuckDB's in-place read must not be kept then).
 */
export async function scanFile(
  file: string,
  options: {nonAscii?: boolean; utf8?: boolean; slices?: SliceWriter} = {}
): Promise<{sha256: string; plain: boolean; nonAsciiSample?: Uint8Array; utf8?: boolean}> {
  const hash = createHash("sha256");
  let plain = true;
  let previousLast = 0x0a;
  // nonAscii: where the first line holding a byte that is not ASCII starts (-1: none yet), for the encoding
  let looking = options.nonAscii === true;
  let sampleFrom = -1;
  let position = 0;
  let lineStart = 0;
  const validator = options.utf8 ? utf8Validator() : null;
  let utf8 = options.utf8 === true;
  // slices (read/slices.ts): only of a file read in place, whose UTF-8 is checked here
  let slicing = options.slices !== undefined && options.utf8 === true;
  if (options.slices && !slicing) options.slices.stop("not checked as UTF-8");
  for await (const chunk of createReadStream(file, {highWaterMark: 4 << 20}) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (utf8) utf8 = validator!.feed(chunk);
    if (looking) {
      // (isAscii is native: a byte-by-byte callback would take a second per 100 MB)
      const i = isAscii(chunk) ? -1 : chunk.findIndex((b) => b >= 0x80);
      const nl = chunk.lastIndexOf(0x0a, i >= 0 ? i : chunk.length - 1);
      if (nl >= 0) lineStart = position + nl + 1;
      if (i >= 0) {
        sampleFrom = lineStart;
        looking = false;
      }
      position += chunk.length;
    }
    if (plain) {
      if (chunk.indexOf(0x22) >= 0 || chunk.indexOf("\n\n") >= 0 || chunk.indexOf("\n\r\n") >= 0 || chunk.indexOf(0) >= 0 || hasBareCr(chunk, previousLast)) plain = false;
      else if (previousLast === 0x0a && (chunk[0] === 0x0a || chunk[0] === 0x0d)) plain = false;
      previousLast = chunk[chunk.length - 1];
    }
    if (slicing) {
      // (each slice is written once its bytes are known to be plain and UTF-8)
      if (!plain || !utf8) {
        options.slices!.stop(!plain ? "not plain" : "not UTF-8");
        slicing = false;
      } else await options.slices!.write(chunk);
    }
  }
  const sha256 = hash.digest("hex");
  if (utf8) utf8 = validator!.end();
  if (slicing) {
    if (utf8) await options.slices!.end();
    else options.slices!.stop("not UTF-8");
  }
  const valid = options.utf8 ? {utf8} : {};
  if (!options.nonAscii) return {sha256, plain, ...valid};
  if (sampleFrom < 0) return {sha256, plain, nonAsciiSample: new Uint8Array(0), ...valid};
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(SAMPLE_BYTES);
    const {bytesRead} = await handle.read(buffer, 0, SAMPLE_BYTES, sampleFrom);
    return {sha256, plain, nonAsciiSample: buffer.subarray(0, bytesRead), ...valid};
  } finally {
    await handle.close();
  }
}

/** Where a line leaves the CSV quoting state (RFC 4180, as DuckDB reads it): inside a quoted field or not. */
export function quoteStateAfter(line: string, delimiter: string, inQuotes: boolean): boolean {
  // States: 0 field start, 1 unquoted field, 2 quoted field, 3 a quote inside a quoted field (an escape or its end).
  let state = inQuotes ? 2 : 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    switch (state) {
      case 0:
        // DuckDB skips spaces before an opening quote (` "a,b"` is one quoted field)
        if (c === '"') state = 2;
        else if (c === delimiter || c === " ") state = 0;
        else state = 1;
        break;
      case 1:
        // a quote inside an unquoted field is a plain character (西山"颐养中心)
        if (c === delimiter) state = 0;
        break;
      case 2:
        if (c === '"') state = 3;
        break;
      case 3:
        if (c === '"') state = 2; // "" is an escaped quote
        else if (c === delimiter) state = 0;
        else state = 1; // text after the closing quote: DuckDB rejects the row; the record ends with the line
        break;
    }
  }
  return state === 2;
}

/** What a line of a CSV file tells the reader: a NUL byte, which no text file holds. */
function nulError(file: string, line: number): InputError {
  return new InputError(
    `第 ${line} 行含有 NUL 字节（二进制数据，或没有字节顺序标记的 UTF-16 文件）/ line ${line} holds a NUL byte (binary data, or UTF-16 without a byte-order mark); save the file again as UTF-8 CSV`,
    file
  );
}

/**
 * Write a UTF-8 copy of the data records of a CSV, each prefixed with the line where it starts in the original
 * (header = the line it is on). Blank lines are left out; records may span lines inside quotes (a quote opens a
 * field only at its start, as DuckDB reads it; a quote in the middle of a field is a plain character).
 * `skipRecords` non-blank records (title rows and the header) are left out too. Line ends may be LF, CRLF or a
 * bare CR (old Mac and some exports): a bare CR ends a line like LF. The file is decoded strictly: bytes that are
 * not valid in its encoding are an error naming the line, never U+FFFD in the data.
 */
export async function writeNumbered(file: string, encoding: Encoding, delimiter: string, skipRecords: number, out: string): Promise<void> {
  const decoder = decoderFor(encoding, encoding !== "utf-16le" && encoding !== "utf-16be");
  const output = createWriteStream(out, {encoding: "utf8"});
  const invalid = (badLine: number) => {
    output.destroy();
    if (encoding === "gb18030") {
      return new InputError(
        `第 ${badLine} 行含有不属于 GBK/GB18030 的字节 / line ${badLine} holds bytes that are not valid GBK/GB18030 (a damaged file, or another encoding); save the file again as UTF-8`,
        file
      );
    }
    return new InputError(
      `文件混用了多种编码：开头是 UTF-8，第 ${badLine} 行不是 / the file mixes encodings: it starts as UTF-8 but line ${badLine} is not; save it again as UTF-8`,
      file
    );
  };
  const label = encoding === "gb18030" ? "gb18030" : "utf-8";
  /** The first line of a chunk (counting from `first`) that does not decode. */
  const badLineIn = (chunk: Buffer, first: number): number => {
    let start = 0;
    if (label === "utf-8") while (start < 3 && start < chunk.length && (chunk[start] & 0xc0) === 0x80) start++; // the tail of a character split across chunks
    for (let n = first; start <= chunk.length; n++) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      try {
        new TextDecoder(label, {fatal: true}).decode(chunk.subarray(start, end), {stream: nl < 0});
      } catch {
        return n;
      }
      if (nl < 0) break;
      start = nl + 1;
    }
    return first;
  };
  let carry = "";
  let line = 0;
  let records = 0;
  let inQuotes = false;
  let recordLine = 0;
  let writing = false;
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length && !output.write(pending.join(""))) await once(output, "drain");
    pending = [];
  };
  const handleLine = (text: string) => {
    line++;
    const content = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (content.includes("\0")) {
      output.destroy();
      throw nulError(file, line);
    }
    if (!inQuotes) {
      if (content.length === 0) return;
      records++;
      recordLine = line;
      writing = records > skipRecords;
      if (writing) pending.push(`${line}${delimiter}`);
    }
    if (writing) pending.push(content, "\n");
    if (inQuotes || content.includes('"')) inQuotes = quoteStateAfter(content, delimiter, inQuotes);
  };
  /** LF and CRLF end lines; so does a bare CR (a CR at the end of the text waits for the next chunk's first character). */
  const lines = (text: string, final: boolean) => {
    let held = "";
    if (!final && text.endsWith("\r")) {
      held = "\r";
      text = text.slice(0, -1);
    }
    if (text.includes("\r")) text = text.replace(/\r(?!\n)/g, "\n");
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      handleLine(text.slice(start, nl));
      start = nl + 1;
    }
    return text.slice(start) + held;
  };
  const mixed = encoding === "gb18030" ? gbkMixChecker(file) : null;
  const checkMixed = (run: () => void) => {
    try {
      run();
    } catch (error) {
      output.destroy();
      throw error;
    }
  };
  for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
    if (mixed) checkMixed(() => mixed.feed(chunk, line + 1));
    let decoded: string;
    try {
      decoded = decoder.decode(chunk, {stream: true});
    } catch {
      throw invalid(badLineIn(chunk, line + 1));
    }
    let text = carry + decoded;
    if (line === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    carry = lines(text, false);
    if (pending.length > 4096) await flush();
  }
  try {
    carry += decoder.decode();
  } catch {
    throw invalid(line + 1);
  }
  carry = lines(carry, true);
  if (carry.length) handleLine(carry);
  if (mixed) checkMixed(() => mixed.end(line));
  if (inQuotes) {
    output.destroy();
    throw new InputError(
      `第 ${recordLine} 行的引号没有闭合，其后各行都会并入一个单元格 / a quote opened on line ${recordLine} is never closed: every line after it would run into one cell; close or remove the quote`,
      file
    );
  }
  await flush();
  output.end();
  await once(output, "finish");
}
