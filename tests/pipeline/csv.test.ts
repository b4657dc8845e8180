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
