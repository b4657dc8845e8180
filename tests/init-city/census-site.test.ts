// A census start in the browser: `init-city --census` for 济南, the pipeline with no facilities, the site built, and
// every page (both languages, one district page) rendering with no console error, page error or failed request.
import {existsSync, readdirSync} from "node:fs";
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {initCity} from "../../pipeline/init-city/init.ts";
import {CI, TEST_KEY} from "../harness/index.ts";
import {chromiumAvailable, CHROMIUM, formatViolations, launchBrowser, serveStatic, visit, type Browser, type PageReport, type StaticServer} from "../site/browser.ts";
import {ROOT, runTsx} from "./helpers.ts";
import {buildSite, siteCopy} from "./site.ts";

const CODE = "370100";
const skipReason = !chromiumAvailable() && !CI ? `${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)` : null;
if (skipReason) console.warn(`[tests/init-city/census-site] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`${CODE} from the census alone, in the browser`, () => {
  let temp: string;
  let dist: string;
  let server: StaticServer;
  let browser: Browser;
  const reports = new Map<string, PageReport>();

  beforeAll(async () => {
    temp = await mkdtemp(path.join(os.tmpdir(), "census-site-"));
    const input = path.join(temp, "input");
    await initCity({code: CODE, out: input, maxKb: 200, census: true});
    const warehouse = path.join(temp, "warehouse.duckdb");
    const run = await runTsx(["pipeline/cli.ts", "--input", input, "--warehouse", warehouse, "--quiet"], {AGING_PSEUDONYM_KEY: TEST_KEY});
    if (run.code !== 0) throw new Error(`pipeline failed:\n${run.stderr}${run.stdout}`);
    const root = await siteCopy(path.join(temp, "site"));
    dist = path.join(temp, "dist");
    const build = await buildSite(root, warehouse, dist, path.join(temp, "fetch.log"));
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    expect(existsSync(path.join(temp, "fetch.log")), "the build fetched from the network").toBe(false);
    server = await serveStatic(dist, "/");
    browser = await launchBrowser();
    const shots = path.join(ROOT, "tests", "output", "screenshots");
    await mkdir(shots, {recursive: true});
    const pages = [
      ...readdirSync(dist).filter((f) => f.endsWith(".html") && f !== "404.html").map((f) => f),
      ...readdirSync(path.join(dist, "en")).filter((f) => f.endsWith(".html")).map((f) => `en/${f}`),
      "district/370102.html",
      "en/district/370116.html"
    ];
    for (const p of pages) {
      reports.set(p, await visit(browser.context, server.url(p), server.origin, path.join(shots, `census-${CODE}-${p.replace(/\//g, "_").replace(/\.html$/, "")}.png`), {axe: true}));
    }
  }, 600_000);

  /** What the cards of a page say: census sources, absent-data notes, template links, charts drawn, titles. */
  async function cards(p: string) {
    const page = await browser.context.newPage();
    try {
      await page.goto(server.url(p), {waitUntil: "networkidle"});
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
      return await page.evaluate(() => ({
        sources: Array.from(document.querySelectorAll(".chart-card-source"), (e) => e.textContent ?? ""),
        absent: Array.from(document.querySelectorAll(".chart-card-no-data .chart-card-absent"), (e) => e.textContent ?? ""),
        templateLinks: document.querySelectorAll(".chart-card-absent a[href*='input-templates']").length,
        charts: document.querySelectorAll(".chart-card svg[class^='plot']").length,
        titles: Array.from(document.querySelectorAll(".chart-card > h2"), (e) => e.textContent ?? ""),
        banner: document.querySelector(".census-banner")?.textContent ?? "",
        asOfLine: document.querySelector(".as-of")?.textContent ?? ""
      }));
    } finally {
      await page.close();
    }
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (temp) await rm(temp, {recursive: true, force: true});
  });

  it("renders every page with no console error, uncaught error, cell error, failed request or WCAG 2.1 A/AA violation", () => {
    expect(reports.size).toBeGreaterThanOrEqual(20);
    for (const [p, r] of reports) {
      expect(r.accessibility, formatViolations(p, r.accessibility)).toEqual([]);
      expect(r.consoleErrors, `${p}: console errors`).toEqual([]);
      expect(r.pageErrors, `${p}: uncaught errors`).toEqual([]);
      expect(r.cellErrors, `${p}: cells showing an error`).toEqual([]);
      expect(r.failedRequests.filter((x) => !x.endsWith("net::ERR_ABORTED")), `${p}: failed requests`).toEqual([]);
      expect(r.outsideRequests, `${p}: requests to other hosts`).toEqual([]);
    }
  });

  it("draws the census on the aging page (trend, small multiples, pyramid, map, ratios), labelled with its source", async () => {
    expect(reports.get("aging.html")!.charts).toBeGreaterThanOrEqual(4);
    expect(reports.get("en/aging.html")!.charts).toBeGreaterThanOrEqual(4);
    const zh = await cards("aging.html");
    expect(zh.sources.length).toBe(5);
    for (const source of zh.sources) expect(source).toContain("第六次、第七次全国人口普查分县资料");
    expect((await cards("en/aging.html")).sources.every((x) => x.includes("2010 and 2020 census"))).toBe(true);
  });

  it("says which file would fill each card whose data are absent, with the template, and draws no empty chart", async () => {
    for (const [p, file, n] of [["capacity.html", "facilities.csv", 6], ["services.html", "service_orders.csv", 6], ["tasks.html", "tasks.csv", 1], ["scorecard.html", "facilities.csv", 7], ["en/capacity.html", "facilities.csv", 6]] as const) {
      const c = await cards(p);
      expect(c.absent.length, `${p}: cards saying what is missing`).toBe(n);
      for (const text of c.absent) expect(text, p).toContain(file);
      expect(c.templateLinks, `${p}: template links`).toBe(n);
      expect(c.charts, `${p}: charts drawn`).toBe(0);
      expect(c.titles.filter((x) => /null|undefined/.test(x)), `${p}: titles`).toEqual([]);
    }
    // no "as of" line without a date on the tasks page
    expect((await cards("tasks.html")).asOfLine.trim()).toBe("");
    const overview = await cards("index.html");
    expect(overview.banner).toContain("人口普查");
  });
});
