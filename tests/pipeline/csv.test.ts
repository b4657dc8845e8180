import {describe, expect, it} from "vitest";
import {mkdtemp, readFile, writeFile} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {detectEncoding, InputError, sniffCsv, writeNumbered} from "../../pipeline/read/csv.ts";
import {encodeGbk} from "../../pipeline/demo/write.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("encoding detection", () => {
  it("tells UTF-8, UTF-8 with BOM, GBK and UTF-16 apart", () => {
    expect(detectEncoding(utf8("年份,区县\n2024,东湖区\n"))).toBe("utf-8");
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("年份\n")]))).toBe("utf-8-bom");
    expect(detectEncoding(encodeGbk("年份,区县\n2024,东湖区\n"))).toBe("gb18030");
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toBe("utf-16le");
    expect(detectEncoding(utf8("year,district\n2024,A\n"))).toBe("utf-8");
  });

  it("names the lines of a file that mixes UTF-8 and GBK", () => {
    const bytes = Buffer.concat([Buffer.from("年份,区县\n2024,东湖区\n"), encodeGbk("2025,西山区\n")]);
    expect(() => detectEncoding(bytes, "p.csv")).toThrow(InputError);
    expect(() => detectEncoding(bytes, "p.csv")).toThrow(/line 1 is UTF-8, line 3 is not/);
  });

  it("accepts a multi-byte character cut at the end of a sample", () => {
    const bytes = utf8("区县\n东湖区");
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), "", false)).toBe("utf-8");
  });
});

describe("sniffing and numbering", () => {
  it("detects comma, tab and semicolon delimiters", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "csv-"));
    for (const delimiter of [",", "\t", ";"]) {
      const file = path.join(dir, "x.csv");
      await writeFile(file, ["year", "district", "sex"].join(delimiter) + "\n" + ["2024", "东湖区", "男"].join(delimiter) + "\n");
      expect((await sniffCsv(file)).delimiter).toBe(delimiter);
    }
  });

  it("prefixes each record with the line it starts on, skipping blank lines and title rows, across quoted newlines", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "csv-"));
    const file = path.join(dir, "in.csv");
    const out = path.join(dir, "out.csv");
    await writeFile(file, 'title\n\na,b\r\n1,"x\ny"\n\n2,"he said ""hi"""\n3,z');
    await writeNumbered(file, "utf-8", ",", 2, out);
    expect(await readFile(out, "utf8")).toBe('4,1,"x\ny"\n7,2,"he said ""hi"""\n8,3,z\n');
  });

  it("decodes GBK while numbering", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "csv-"));
    const file = path.join(dir, "in.csv");
    await writeFile(file, encodeGbk("区县,人口数\n东湖区,1\n西山区,2\n"));
    await writeNumbered(file, "gb18030", ",", 1, path.join(dir, "out.csv"));
    expect(await readFile(path.join(dir, "out.csv"), "utf8")).toBe("2,东湖区,1\n3,西山区,2\n");
  });
});

describe("quotes and line ends as DuckDB reads them (issue 18)", () => {
  it("a quote opens a field only at its start; in the middle of a field it is a plain character", async () => {
    const {quoteStateAfter} = await import("../../pipeline/read/csv.ts");
    expect(quoteStateAfter('2024,F002,西山"颐养中心,西山区', ",", false)).toBe(false);
    expect(quoteStateAfter('2024,F002,"西山颐养中心,西山区', ",", false)).toBe(true);
    expect(quoteStateAfter('2024,F002, "西山', ",", false)).toBe(true); // spaces before an opening quote
    expect(quoteStateAfter('2024,"a""b",c', ",", false)).toBe(false); // an escaped quote
    expect(quoteStateAfter('（本部）",100', ",", true)).toBe(false); // closes a field opened on an earlier line
    expect(quoteStateAfter('still inside ""quoted"" text', ",", true)).toBe(true);
    expect(quoteStateAfter('"西山"颐养中心,x', ",", false)).toBe(false); // text after a closing quote ends nothing
  });

  const numbered = async (content: string | Buffer, encoding: "utf-8" | "gb18030" = "utf-8") => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "numbered-"));
    await writeFile(path.join(dir, "in.csv"), content);
    await writeNumbered(path.join(dir, "in.csv"), encoding, ",", 1, path.join(dir, "out.csv"));
    return readFile(path.join(dir, "out.csv"), "utf8");
  };

  it("numbers records across a stray mid-field quote the way DuckDB reads them", async () => {
    expect(await numbered('h1,h2\n1,西山"颐养中心\n2,b\n3,"c\nd"\n4,e\n')).toBe('2,1,西山"颐养中心\n3,2,b\n4,3,"c\nd"\n6,4,e\n');
  });

  it("fails naming the line of a quote that is never closed", async () => {
    await expect(numbered('h1,h2\n1,a\n2,"b\n3,c\n')).rejects.toThrow(/a quote opened on line 3 is never closed/);
  });

  it("reads bare CR line ends (and CR split across chunks) as line ends", async () => {
    expect(await numbered("h1,h2\r1,a\r2,b\r")).toBe("2,1,a\n3,2,b\n");
    expect(await numbered("h1,h2\r\n1,a\r\n\r\n2,b")).toBe("2,1,a\n4,2,b\n");
    const long = "x".repeat((1 << 20) - 7);
    expect(await numbered(`h1,h2\r1,${long}\r2,b\r`)).toBe(`2,1,${long}\n3,2,b\n`);
  });

  it("refuses NUL bytes and bytes that are not GBK, naming the line", async () => {
    await expect(numbered("h1,h2\n1,a\n2,b\u0000c\n")).rejects.toThrow(/line 3 holds a NUL byte/);
    await expect(numbered(Buffer.concat([encodeGbk("年份,区县\n2024,东湖区\n"), Buffer.from([0xff, 0xff, 0x0a])]), "gb18030")).rejects.toThrow(/line 3 holds bytes that are not valid GBK/);
  });
});
