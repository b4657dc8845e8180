// Browser harness for the built site: a static server on 127.0.0.1 and Debian's Chromium via playwright-core.
import {existsSync} from "node:fs";
import {createRequire} from "node:module";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium, type BrowserContext, type Page} from "playwright-core";
import {labelFaults, type LabelFault} from "./labels.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Flags measured to keep Chromium quiet and offline (see shared platform facts). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
];

// The same server `npm start` uses.
export {serveStatic, type StaticServer} from "../../scripts/static-server.ts";

/**
 * AGING_TEST_SCREENSHOTS=1: `visit` saves the full-page PNG it is given a path for (tests/output/screenshots), to look
 * at. Off by default: a full-page PNG costs Chromium about 0.5 s of CPU, some 50 of them per `npm test`.
 */
export const SCREENSHOTS = ["1", "true", "yes"].includes((process.env.AGING_TEST_SCREENSHOTS ?? "").toLowerCase());

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile that is deleted on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "aging-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: {width: 1280, height: 900},
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai"
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, {recursive: true, force: true});
    }
  };
}

export interface PageReport {
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** Requests to anywhere but the test server: aborted, and a failure. */
  outsideRequests: string[];
  /** Plot charts with at least one drawn mark (groups a11y.js marks data-mark, taking Plot's aria-label off). */
  charts: number;
  /** Cells that rendered an error in the page. */
  cellErrors: string[];
  /** What the page shows, counted in its main column: the same in both languages of a page. */
  shape: {cards: number; charts: number; svgs: number; tables: number; inputs: number; headings: number; downloads: number};
  title: string;
  lang: string;
  langSwitchHref: string | null;
  /** axe-core's critical and serious violations of WCAG 2.1 A/AA (only when asked for). */
  accessibility: AxeViolation[];
  /** SVG labels outside their card or on another label (tests/site/labels.ts; only when asked for). */
  labels: LabelFault[];
}

export interface AxeViolation {
  rule: string;
  impact: string;
  /** CSS selector of the element, and its HTML (shortened). */
  element: string;
  html: string;
  summary: string;
}

/** axe-core's browser bundle, injected into each page (npm axe-core; runs offline). */
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** WCAG 2.0 and 2.1, levels A and AA; critical and serious findings fail. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({path: AXE});
  return page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run: (ctx: Document, opts: object) => Promise<{violations: {id: string; impact: string | null; nodes: {target: unknown[]; html: string; failureSummary?: string}[]}[]}>}}).axe;
    const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]});
    return result.violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .flatMap((v) => v.nodes.map((n) => ({rule: v.id, impact: v.impact ?? "", element: n.target.map(String).join(" "), html: n.html.slice(0, 160), summary: (n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240)})));
  });
}

/** "rule (impact) element — summary", one line each, for a test failure message. */
export function formatViolations(page: string, violations: AxeViolation[]): string {
  return violations.map((v) => `${page}: ${v.rule} (${v.impact}) ${v.element} ${v.html} — ${v.summary}`).join("\n");
}

/**
 * Open a page, wait until every cell has settled, and report what went wrong. `origin` is the
 * only host the page may talk to; `screenshot`: where to save a full-page PNG under AGING_TEST_SCREENSHOTS=1. `checks.width`: the viewport's width (900 high) instead of the context's;
 * `checks.labels`: measure the label boxes (after the charts have settled, before the screenshot);
 * `checks.axe`: run axe-core; `checks.evaluate`: read more from the page once it has settled.
 */
export async function visit<T = undefined>(
  context: BrowserContext,
  url: string,
  origin: string,
  screenshot?: string,
  checks: {axe?: boolean; labels?: boolean; width?: number; evaluate?: (page: Page) => Promise<T>} = {}
): Promise<PageReport & {extra?: T}> {
  const page: Page = await context.newPage();
  if (checks.width) await page.setViewportSize({width: checks.width, height: 900});
  const report: PageReport & {extra?: T} = {
    url,
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    outsideRequests: [],
    charts: 0,
    cellErrors: [],
    shape: {cards: 0, charts: 0, svgs: 0, tables: 0, inputs: 0, headings: 0, downloads: 0},
    title: "",
    lang: "",
    langSwitchHref: null,
    accessibility: [],
    labels: []
  };
  await page.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith(origin + "/") || target.startsWith("data:") || target.startsWith("blob:")) return route.continue();
    report.outsideRequests.push(target);
    return route.abort("blockedbyclient");
  });
  page.on("console", (m) => {
    if (m.type() === "error") report.consoleErrors.push(`${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on("pageerror", (e) => report.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => {
    if (!report.outsideRequests.includes(r.url())) report.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) report.failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });
  try {
    await page.goto(url, {waitUntil: "networkidle"});
    // Framework shows <observablehq-loading> while a cell is pending.
    await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
    Object.assign(
      report,
      await page.evaluate(() => ({
        charts: Array.from(document.querySelectorAll("svg[class^='plot']")).filter((svg) =>
          Array.from(svg.querySelectorAll("g[data-mark]")).some((g) => g.childElementCount > 0 && g.getAttribute("data-mark") !== "x-axis tick")
        ).length,
        cellErrors: Array.from(document.querySelectorAll(".observablehq--error")).map((e) => e.textContent ?? ""),
        shape: ((main) => ({
          cards: main.querySelectorAll(".card").length,
          charts: main.querySelectorAll("svg[class^='plot']").length,
          svgs: main.querySelectorAll("svg").length,
          tables: main.querySelectorAll("table").length,
          inputs: main.querySelectorAll("input, select, button").length,
          headings: main.querySelectorAll("h1, h2, h3").length,
          downloads: main.querySelectorAll(".chart-card-download").length
        }))(document.querySelector("#observablehq-main") ?? document.body),
        title: document.title,
        lang: document.documentElement.lang,
        langSwitchHref: document.querySelector(".lang-switch a")?.getAttribute("href") ?? null
      }))
    );
    if (checks.labels) {
      // charts drawn with resize() settle a moment after the cells do
      await page.waitForTimeout(300);
      report.labels = await labelFaults(page);
    }
    if (checks.evaluate) report.extra = await checks.evaluate(page);
    if (screenshot && SCREENSHOTS) await page.screenshot({path: screenshot, fullPage: true});
    if (checks.axe) report.accessibility = await axeViolations(page);
  } finally {
    await page.close();
  }
  return report;
}
