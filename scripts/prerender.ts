// After `observable build`: draw every page once at build time and write what its cells displayed into the
// HTML, so a reader's first paint shows the headings, KPI values and charts (issue #15 "no empty first paint",
// #16 "first chart within 500 ms") while the page's scripts load its data and draw the live charts.
//
// How: the built site is served on 127.0.0.1 and each page opened in Debian's Chromium (playwright-core), at
// 1440×900. When the page has settled, the nodes each Framework cell displayed (the nodes between the cell's
// place before any script ran and its root comment `<!--:id:-->`) are serialized into the cell's
// <observablehq-loading> element (one is added for a cell that calls display() and so has none). Framework's runtime removes that element when the cell first displays
// (client/main.js: findLoading → root._nodes → clear), so the build-time copy is replaced by the live one and
// nothing is shown twice. The copy is drawn from the same data by the same code; style.css turns the spinner
// off for it. Charts (Plot SVGs) scale down on narrow screens (Plot's max-width: 100%) until redrawn.
//
// Not copied: a cell whose nodes are block elements inside a paragraph or heading (the HTML parser would
// move them), and anything holding a <script>. Without Chromium (AGING_PRERENDER=0, or no browser at
// CHROMIUM_PATH / /usr/bin/chromium) the step is skipped with a message and the pages work as before.
import {existsSync} from "node:fs";
import {readFile, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {sitePages, CHROMIUM_ARGS} from "./page-timing.ts";
import {serveStatic} from "./static-server.ts";
import {PRERENDERED_DECK_SCRIPT} from "../src/components/deck.js";

export const PRERENDER_CLASS = "prerendered";

/**
 * Runs in the page before its scripts (a string: tsx's transform would add helpers the page lacks). When the
 * parser is done and before Framework's module runs (readyState "interactive"), notes for each cell root the
 * node just before its loading element: after the page settles, the cell's nodes are the ones between.
 */
const MARK_ROOTS = `(() => {
  document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const roots = [];
    const it = document.createNodeIterator(document.body, NodeFilter.SHOW_COMMENT);
    let node;
    while ((node = it.nextNode())) {
      const m = /^:([0-9a-f]{8}(?:-\\d+)?):$/.exec(node.data);
      if (!m) continue;
      // an expression cell has a loading element before its root; a cell that calls display() has none
      const before = node.previousSibling;
      const loading = before && before.nodeType === 1 && before.tagName === "OBSERVABLEHQ-LOADING" ? before : null;
      roots.push({id: m[1], comment: node, anchor: loading ? loading.previousSibling : before, parent: node.parentNode});
    }
    window.__prerenderRoots = roots;
    window.__prerenderStyles = new Set(document.head.querySelectorAll("style"));
  });
})();`;

/** Runs in the settled page: each cell's displayed nodes as HTML. */
const COLLECT = `(() => {
  const BLOCK = /<(div|figure|table|ul|ol|form|h[1-6]|p|section|details|pre|blockquote)\\b/i;
  const escape = (s) => s.replace(/[&<>]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;"})[c]);
  const out = {};
  for (const {id, comment, anchor, parent} of window.__prerenderRoots ?? []) {
    if (comment.parentNode !== parent) continue;
    let node = anchor && anchor.parentNode === parent ? anchor.nextSibling : parent.firstChild;
    let html = "";
    while (node && node !== comment) {
      if (node.nodeType === 1) {
        if (node.tagName === "OBSERVABLEHQ-LOADING") { html = null; break; }
        html += node.outerHTML;
      } else if (node.nodeType === 3) html += escape(node.data);
      node = node.nextSibling;
    }
    if (!html || !html.trim() || /<script\\b/i.test(html)) continue;
    // links the page's code made absolute (FileAttachment hrefs) point at this build server: make them root-relative
    html = html.split(location.origin + "/").join("/");
    if (BLOCK.test(html) && parent.closest && parent.closest("p, h1, h2, h3, h4, h5, h6, span, a, li, td, th, label")) continue;
    out[id] = html;
  }
  // stylesheets the page's code added to <head> (components/dom.js ensureStyle: one per id): the copy needs them
  const styles = Array.from(document.head.querySelectorAll("style[id]"))
    .filter((s) => !(window.__prerenderStyles ?? new Set()).has(s) && !/<\\/style/i.test(s.textContent))
    .map((s) => s.outerHTML);
  return {cells: out, title: document.title, styles};
})()`;

export interface PrerenderResult {
  pages: number;
  cells: number;
  skipped?: string;
}

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;"})[c]!);

/** Write each cell's build-time rendering into its loading element (and the page's title as set by its code). */
export function injectCells(html: string, cells: Record<string, string>, title?: string, styles: string[] = []): {html: string; injected: number} {
  let injected = 0;
  // A cell that calls display() has no loading element: one is added, which Framework's runtime finds the same way
  // (client/main.js findLoading: the element just before the root comment) and removes at the cell's first display.
  let out = html.replace(/(?:<observablehq-loading><\/observablehq-loading>)?<!--:([0-9a-f]{8}(?:-\d+)?):-->/g, (whole, id: string) => {
    const cell = cells[id];
    if (cell == null) return whole;
    injected++;
    // a slide deck's copy shows the slide the URL names (#3) from the first paint, not slide 1 (components/deck.js)
    const script = /<div class="deck"[ >]/.test(cell) ? `<script>${PRERENDERED_DECK_SCRIPT}</script>` : "";
    return `<observablehq-loading class="${PRERENDER_CLASS}">${cell}${script}</observablehq-loading><!--:${id}:-->`;
  });
  if (title) out = out.replace(/<title>[^<]*<\/title>/, `<title>${escapeText(title)}</title>`);
  // the components' stylesheets, with the ids they check before adding them again
  if (injected && styles.length) out = out.replace("</head>", () => `${styles.join("\n")}\n</head>`);
  return {html: out, injected};
}

export async function prerenderSite(dir: string, {log = (_: string) => {}} = {}): Promise<PrerenderResult> {
  const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (process.env.AGING_PRERENDER === "0") return {pages: 0, cells: 0, skipped: "AGING_PRERENDER=0"};
  if (!existsSync(chromiumPath)) return {pages: 0, cells: 0, skipped: `no Chromium at ${chromiumPath}`};
  const {chromium} = await import("playwright-core");
  const pages = await sitePages(dir);
  // served under the site's base path (observablehq.config.ts), as its absolute links expect
  const base = `/${(process.env.AGING_BASE_PATH || "/").replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
  const server = await serveStatic(dir, base);
  const browser = await chromium.launch({executablePath: chromiumPath, args: CHROMIUM_ARGS});
  let cells = 0;
  try {
    const context = await browser.newContext({viewport: {width: 1440, height: 900}, locale: "zh-CN", timezoneId: "Asia/Shanghai"});
    await context.addInitScript({content: MARK_ROOTS});
    // nothing but the site itself
    await context.route("**/*", (route) => (route.request().url().startsWith(server.origin + "/") ? route.continue() : route.abort("blockedbyclient")));
    const tab = await context.newPage();
    for (const page of pages) {
      await tab.goto(server.url(page), {waitUntil: "load"});
      await tab.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000, polling: 50}).catch(() => log(`prerender: ${page}: cells still loading after 20 s; copied as they are`));
      // charts drawn by resize() draw on the next animation frames
      await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
      const {cells: found, title, styles} = (await tab.evaluate(COLLECT)) as {cells: Record<string, string>; title: string; styles: string[]};
      const file = join(dir, page);
      const {html, injected} = injectCells(await readFile(file, "utf8"), found, title, styles);
      await writeFile(file, html);
      cells += injected;
      log(`prerender: ${page} (${injected} cells)`);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return {pages: pages.length, cells};
}
