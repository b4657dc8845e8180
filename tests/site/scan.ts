// Finds outside URLs in a built site: anything that would make a browser leave the intranet.
import {readdir, readFile} from "node:fs/promises";
import {extname, join, relative} from "node:path";

/**
 * Identifiers that look like URLs but are never fetched: XML namespaces (d3, htl, Plot create
 * SVG/XHTML elements with them). Extend only with such identifiers, saying why.
 */
export const NAMESPACE_URIS = new Set([
  "http://www.w3.org/2000/svg",
  "http://www.w3.org/1999/xhtml",
  "http://www.w3.org/1999/xlink",
  "http://www.w3.org/2000/xmlns/",
  "http://www.w3.org/XML/1998/namespace"
]);

const TEXT = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map"]);

export interface Finding {
  file: string;
  url: string;
  context: string;
}

/**
 * The rule: no absolute http(s) URL anywhere in a text file of dist/, except namespace URIs; and
 * no protocol-relative `//host` in src/href attributes or CSS url(). Stricter than "only in
 * src=/href=/import/fetch": a URL in a bundled library's string can become a request at
 * runtime, and none of our libraries needs one, so any new one deserves a look.
 */
export function findOutsideUrls(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const push = (url: string, index: number) =>
    findings.push({file, url, context: text.slice(Math.max(0, index - 60), index + url.length + 20).replace(/\s+/g, " ")});
  for (const m of text.matchAll(/https?:\/\/[^\s"'`<>()\\]+/gi)) {
    const url = m[0].replace(/[.,;:]+$/, "");
    if (!NAMESPACE_URIS.has(url)) push(url, m.index!);
  }
  for (const m of text.matchAll(/(?:\b(?:src|href|srcset|action|poster)\s*=\s*["']?|url\(\s*["']?)(\/\/[^\s"')]+)/gi)) {
    push(m[1]!, m.index!);
  }
  return findings;
}

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

export async function scanDist(dir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const path of await listFiles(dir)) {
    if (!TEXT.has(extname(path))) continue;
    findings.push(...findOutsideUrls(relative(dir, path), await readFile(path, "utf8")));
  }
  return findings;
}
