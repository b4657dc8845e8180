// One language per page, in what a reader takes away too: every chart card's CSV download (each button pressed, the
// file read back) and its screen-reader table use the page's language — no code names as headers (area_code,
// value_pct), no English category codes (canteen, not_met, published) in a Chinese file; English headers in an
// English file. And the English pages' visible text has no Chinese punctuation (「」“”，。：…).
import {readdir} from "node:fs/promises";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {allPagePaths, pageLang} from "../../observablehq.config.ts";
import {chromiumAvailable} from "./browser.ts";
import {OUT_DIR} from "./build.ts";
import {useSite} from "./session.ts";
import {captureDownloads, cjkPunctuationLines, collectWords, enTableFaults, parseCsv, zhTableFaults, type WordFault} from "./words.ts";

const htmlFile = (path: string) => (path.endsWith("/") ? `${path}index.html` : `${path}.html`).slice(1);

describe("the checks themselves", () => {
  it("flag code names and English codes in a Chinese table, Chinese in an English one, Chinese punctuation in English", () => {
    expect(zhTableFaults("t", ["区划代码", "类型", "area_code"], [["990102", "canteen", "1"]]).map((f) => f.what)).toEqual([
      'column "类型" holds English codes: canteen',
      'header "area_code" is not Chinese'
    ]);
    expect(zhTableFaults("t", ["区划代码", "类型（英文）"], [["990102", "养老机构"]])).toEqual([]);
    expect(enTableFaults("t", ["Status", "类型", "value_pct"], [["未达标", "x", "1"]]).map((f) => f.what)).toEqual([
      'column "Status" holds Chinese: 未达标',
      'header "类型" is not English',
      'header "value_pct" is not English'
    ]);
    expect(cjkPunctuationLines("lowest on “Platform registration rate”\nFine: plain text\n东湖区（示例）")).toEqual(["lowest on “Platform registration rate”"]);
  });
});

describe.runIf(chromiumAvailable())("every page's words in its language", () => {
  const site = useSite();

  const check = async (path: string) => {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    try {
      await captureDownloads(page);
      await page.goto(server.url(htmlFile(path)), {waitUntil: "networkidle"});
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
      const words = await collectWords(page);
      const en = pageLang(path) === "en";
      const tableFaults = en ? enTableFaults : zhTableFaults;
      const faults: WordFault[] = [];
      for (const csv of words.csvs) {
        const [note = [], headers = [], ...rows] = parseCsv(csv.text);
        expect(note[0], `${path} ${csv.file}: first line`).toMatch(en ? /^Source: / : /^来源：/);
        faults.push(...tableFaults(`${path} ${csv.file}`, headers, rows));
      }
      for (const table of words.altTables) faults.push(...tableFaults(`${path} screen-reader table "${table.caption.slice(0, 40)}"`, table.headers, table.rows));
      if (en) for (const line of cjkPunctuationLines(words.visibleText)) faults.push({where: path, what: `Chinese punctuation in English text: ${line}`});
      expect(faults.map((f) => `${f.where}: ${f.what}`)).toEqual([]);
      return words;
    } finally {
      await page.close();
    }
  };

  it.each(allPagePaths())("%s: CSVs, screen-reader tables and text in the page's language", async (path) => {
    const words = await check(path);
    // each button saved a CSV file with a BOM (Excel reads the Chinese right)
    expect(words.csvs.every((c) => c.file.endsWith(".csv") && c.bom)).toBe(true);
  });

  it("a district profile, in both languages", async () => {
    const built = (await readdir(join(OUT_DIR, "district"))).filter((f) => f.endsWith(".html")).sort();
    expect(built.length).toBeGreaterThan(0);
    const code = built[0]!.replace(/\.html$/, "");
    for (const path of [`/district/${code}`, `/en/district/${code}`]) {
      const words = await check(path);
      expect(words.csvs.length, `${path}: CSV buttons pressed`).toBeGreaterThan(0);
    }
  });
});
