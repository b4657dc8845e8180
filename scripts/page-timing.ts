// What a reader waits for on each page of the built site: the time from navigation to the first chart mark
// (an SVG mark group with something in it, not an axis), every page loaded in turn in ONE browser (one tab,
// as a reader clicks through), on a static server on localhost. Used by `npm run bench` (the site section;
// `--pages-only` runs just this) and by hand: `tsx scripts/page-timing.ts [dist] [--rounds N]`.
//
// How the time is taken: a script injected before any of the page's own (Playwright addInitScript) watches the
// DOM from the first byte with a MutationObserver and notes performance.now() (milliseconds since the
// navigation started) when the first mark group appears — a mark present in the HTML itself (drawn at build
// time) counts when the parser adds it. The headings and KPI values in the HTML before any script runs are
// noted too: what the first paint shows.
import {existsSync} from "node:fs";
import {readdir} from "node:fs/promises";
import path from "node:path";

export interface PageTiming {
  /** Median ms from navigation to the first chart mark over the rounds; null: no chart on the page. */
  firstChartMs: number | null;
  /** Every round's time (ms), in order. */
  samples: number[];
  /** Median ms to the first mark drawn by the page's scripts (not a build-time copy); null: none. */
  liveChartMs: number | null;
  liveSamples: number[];
  /** ms from navigation to DOMContentLoaded (median). */
  domContentLoadedMs: number;
  /** Bytes of data files (_file/…) the page loaded (largest round). */
  dataBytes: number;
  /** The page's first heading and the number of KPI values in the HTML as served (no script run). */
  staticHeading: string;
  staticKpis: number;
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Every page of the built site (the HTML files but Framework's own), sorted, district profiles last. */
export async function sitePages(dist: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, {withFileTypes: true})) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith("_")) await walk(p);
      } else if (e.name.endsWith(".html")) out.push(path.relative(dist, p));
    }
  };
  await walk(dist);
  const profile = (p: string) => /(^|\/)district\//.test(p);
  return [...out.filter((p) => !profile(p)).sort(), ...out.filter(profile).sort()];
}

/**
 * Runs in the page before its own scripts: notes when the first chart mark appears. A string, not a function:
 * tsx's transform would add helper calls (__name) that do not exist in the page.
 */
const WATCH_FIRST_MARK = `(() => {
  const isMark = (g) => g.childElementCount > 0 && !/axis|tick|grid/.test(g.getAttribute("aria-label") ?? g.getAttribute("data-mark") ?? "");
  // __firstMark: the first mark shown (one drawn at build time counts); __firstLiveMark: the first drawn by the
  // page's own scripts (outside a build-time copy, scripts/prerender.ts)
  const check = () => {
    for (const g of document.querySelectorAll("svg g[aria-label], svg g[data-mark]")) {
      if (!isMark(g)) continue;
      window.__firstMark ??= performance.now();
      if (!g.closest("observablehq-loading")) { window.__firstLiveMark = performance.now(); return true; }
    }
    return false;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, {childList: true, subtree: true});
})();`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

/**
 * Load every page of `dist` in turn, `rounds` times over, in one browser tab; a page with no mark within
 * `timeoutMs` counts as having no chart.
 */
export async function measurePages(dist: string, {rounds = 3, timeoutMs = 10_000, log = (_: string) => {}, pages}: {rounds?: number; timeoutMs?: number; log?: (m: string) => void; pages?: string[]} = {}): Promise<Record<string, PageTiming>> {
  const {serveStatic} = await import("./static-server.ts");
  const {chromium} = await import("playwright-core");
  const list = pages ?? (await sitePages(dist));
  const server = await serveStatic(dist);
  const browser = await chromium.launch({executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS});
  const out: Record<string, PageTiming> = {};
  try {
    const context = await browser.newContext({viewport: {width: 1440, height: 900}, locale: "zh-CN"});
    await context.addInitScript({content: WATCH_FIRST_MARK});
    const tab = await context.newPage();
    let bytes = 0;
    tab.on("response", async (response) => {
      if (new URL(response.url()).pathname.includes("/_file/")) bytes += (await response.body().catch(() => Buffer.alloc(0))).length;
    });
    // the HTML as served, with no script: what the first paint can show
    const plain = await browser.newContext({javaScriptEnabled: false});
    const plainTab = await plain.newPage();
    for (const page of list) {
      await plainTab.goto(server.url(page));
      const staticHeading = ((await plainTab.locator("#observablehq-main h1").first().textContent({timeout: 1000}).catch(() => "")) ?? "").trim();
      const staticKpis = await plainTab.locator(".kpi-card .kpi-value").count();
      out[page] = {firstChartMs: null, samples: [], liveChartMs: null, liveSamples: [], domContentLoadedMs: 0, dataBytes: 0, staticHeading, staticKpis};
    }
    await plain.close();
    const dcl: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const page of list) {
        bytes = 0;
        await tab.goto(server.url(page), {waitUntil: "commit"});
        const mark = await tab
          .waitForFunction(() => (window as unknown as {__firstMark?: number}).__firstMark ?? false, null, {timeout: timeoutMs, polling: 50})
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => null);
        const liveMark = mark == null ? null : await tab
          .waitForFunction(() => (window as unknown as {__firstLiveMark?: number}).__firstLiveMark ?? false, null, {timeout: timeoutMs, polling: 50})
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => null);
        if (liveMark != null) out[page].liveSamples.push(liveMark);
        await tab.waitForLoadState("networkidle").catch(() => undefined);
        const nav = await tab.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? 0);
        (dcl[page] ??= []).push(nav);
        if (mark != null) out[page].samples.push(mark);
        out[page].dataBytes = Math.max(out[page].dataBytes, bytes);
        log(`${page}: ${mark == null ? "no chart" : `${mark.toFixed(0)} ms`}`);
      }
    }
    for (const page of list) {
      const t = out[page];
      t.firstChartMs = t.samples.length ? median(t.samples) : null;
      t.liveChartMs = t.liveSamples.length ? median(t.liveSamples) : null;
      t.domContentLoadedMs = median(dcl[page] ?? []);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

/** The median of the pages' first-chart times, and the pages over the target. */
export function summarize(timings: Record<string, PageTiming>, targetMs = 500): {median: number; slowest: number; over: string[]; charted: number; liveMedian: number} {
  const times = Object.values(timings).flatMap((t) => (t.firstChartMs == null ? [] : [t.firstChartMs]));
  const live = Object.values(timings).flatMap((t) => (t.liveChartMs == null ? [] : [t.liveChartMs]));
  return {
    liveMedian: median(live),
    median: median(times),
    slowest: Math.max(0, ...times),
    over: Object.entries(timings).filter(([, t]) => (t.firstChartMs ?? 0) > targetMs).map(([p]) => p),
    charted: times.length
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dist = path.resolve(args.find((a) => !a.startsWith("--")) ?? "dist");
  const rounds = Number(args[args.indexOf("--rounds") + 1]) || 3;
  if (!existsSync(dist)) throw new Error(`no built site at ${dist}`);
  const timings = await measurePages(dist, {rounds, log: (m) => process.stderr.write(m + "\n")});
  for (const [page, t] of Object.entries(timings)) {
    console.log(`${page}\t${t.firstChartMs == null ? "-" : t.firstChartMs.toFixed(0)}\tlive ${t.liveChartMs == null ? "-" : t.liveChartMs.toFixed(0)}\t[${t.samples.map((s) => s.toFixed(0)).join(",")}]\tdcl ${t.domContentLoadedMs.toFixed(0)}\t${(t.dataBytes / 1024).toFixed(0)} KB\th1 "${t.staticHeading}"\tkpis ${t.staticKpis}`);
  }
  console.log(JSON.stringify(summarize(timings)));
}
