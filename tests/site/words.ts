// What a page says, in its own language (tests/site/words.test.ts): every chart card's CSV download and its
// screen-reader table, and the English pages' visible text. Run in the page (collectWords) and checked in Node.
import Papa from "papaparse";
import type {Page} from "playwright-core";

export interface PageWords {
  /** each CSV button's file: name and text */
  csvs: {file: string; text: string; bom: boolean}[];
  /** each chart card's screen-reader table: its caption, headers and cells */
  altTables: {caption: string; headers: string[]; rows: string[][]}[];
  /** the page's visible text, less what is marked as another language (lang="zh-CN" on the language switch) */
  visibleText: string;
}

/** Before the page loads: keep each download's blob instead of saving it (frame.js downloadCsv: a blob URL, a.click()). */
export async function captureDownloads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {__blobs: Map<string, Blob>; __downloads: {file: string; url: string}[]};
    w.__blobs = new Map();
    w.__downloads = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = create(obj);
      if (obj instanceof Blob) w.__blobs.set(url, obj);
      return url;
    };
    URL.revokeObjectURL = () => {};
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download && this.href.startsWith("blob:")) w.__downloads.push({file: this.download, url: this.href});
      else click.call(this);
    };
  });
}

/** Press every CSV button of the page and read what it would save; read every screen-reader table and the visible text. */
export async function collectWords(page: Page): Promise<PageWords> {
  return page.evaluate(async () => {
    const w = window as unknown as {__blobs: Map<string, Blob>; __downloads: {file: string; url: string}[]};
    for (const button of document.querySelectorAll<HTMLButtonElement>("button.chart-card-download")) button.click();
    const csvs = await Promise.all(w.__downloads.map(async (d) => {
      const bytes = new Uint8Array((await w.__blobs.get(d.url)?.arrayBuffer()) ?? new ArrayBuffer(0));
      // Blob.text() drops a BOM: look at the bytes
      return {file: d.file, text: new TextDecoder().decode(bytes), bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf};
    }));
    const altTables = Array.from(document.querySelectorAll(".chart-card > .sr-only table")).map((table) => ({
      caption: table.querySelector("caption")?.textContent ?? "",
      headers: Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent ?? ""),
      rows: Array.from(table.querySelectorAll("tbody tr")).map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? ""))
    }));
    // the body's shown text, less the parts marked as another language and the screen-reader tables (checked above)
    const skip = new Set(Array.from(document.querySelectorAll("[lang]:not([lang^='en']), .sr-only")));
    let visibleText = "";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, title")) continue;
      if ([...skip].some((el) => el.contains(parent))) continue;
      const style = getComputedStyle(parent);
      if (style.display === "none" || style.visibility === "hidden") continue;
      visibleText += `${node.textContent}\n`;
    }
    return {csvs, altTables, visibleText};
  });
}

/** A CSV file as rows (the BOM and the source line included). */
export function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\ufeff/, ""), {skipEmptyLines: true}).data;
}

const CJK = /[\u3400-\u9fff]/;
/** A code name as a header: area_code, value_pct, name_en … (lower-case ASCII with an underscore, or a known bare key). */
const CODE_HEADER = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^(indicator|code|area|name|district|city|value|target|status|year|type|star|flags|score|tier|series|stage|kind|reason|file|rows)$/;
/** An English category code as a cell: lower-case ASCII words joined by _ ("not_met", "on_track") or a bare word ("canteen"). */
const CODE_CELL = /^[a-z]+(_[a-z]+)*$/;
/** Columns whose cells are codes or technical values by design in either language. */
const CODE_COLUMNS_ZH = /代码|编号|编码|文件|分隔符|SHA|工作表|字段/;

export interface WordFault {
  where: string;
  what: string;
}

/** Headers and cells a Chinese reader should not meet: code names as headers, English category codes as values. */
export function zhTableFaults(where: string, headers: string[], rows: string[][]): WordFault[] {
  const faults: WordFault[] = [];
  headers.forEach((h, i) => {
    if (!CJK.test(h) || CODE_HEADER.test(h)) faults.push({where, what: `header "${h}" is not Chinese`});
    if (CODE_COLUMNS_ZH.test(h)) return;
    const codes = [...new Set(rows.map((r) => (r[i] ?? "").trim()).filter((v) => CODE_CELL.test(v)))];
    if (codes.length) faults.push({where, what: `column "${h}" holds English codes: ${codes.slice(0, 5).join(", ")}`});
  });
  return faults;
}

/** Headers an English reader should not meet: Chinese or code names. Category cells in Chinese (Status, Tier, Type…) too. */
export function enTableFaults(where: string, headers: string[], rows: string[][]): WordFault[] {
  const faults: WordFault[] = [];
  headers.forEach((h, i) => {
    if (CJK.test(h) || CODE_HEADER.test(h)) faults.push({where, what: `header "${h}" is not English`});
    if (/^(Status|Tier|Type|Stage|Aging stage|Sex|Projected|Suppressed|On the platform|Scored|Comparable)/.test(h)) {
      const zh = [...new Set(rows.map((r) => r[i] ?? "").filter((v) => CJK.test(v)))];
      if (zh.length) faults.push({where, what: `column "${h}" holds Chinese: ${zh.slice(0, 5).join(", ")}`});
    }
  });
  return faults;
}

/** Chinese punctuation in English text: full-width brackets, comma, full stop, colon, semicolon, enumeration comma, corner and curly double quotes. */
export const CJK_PUNCTUATION = /[「」『』“”，。：；、（）！？【】]/;

/** Lines of English text with Chinese punctuation (the line, trimmed to 120 characters). */
export function cjkPunctuationLines(text: string): string[] {
  return [...new Set(text.split("\n").map((l) => l.trim()).filter((l) => CJK_PUNCTUATION.test(l) && !CJK.test(l)))].map((l) => l.slice(0, 120));
}
