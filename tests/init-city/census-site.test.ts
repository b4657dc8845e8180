// A census start in the browser: `init-city --census` for 济南, the pipeline with no facilities, the site built, and
// every page (both languages, one district page) rendering with no console error, page error or failed request.
import {existsSync, readdirSync} from "node:fs";
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {initCity} from "../../pipeline/init-city/init.ts";
import {TEST_KEY} from "../pipeline/helpers.ts";
import {chromiumAvailable, CHROMIUM, launchBrowser, serveStatic, visit, type Browser, type PageReport, type StaticServer} from "../site/browser.ts";
import {ROOT, runTsx} from "./helpers.ts";
import {buildSite, siteCopy} from "./site.ts";

const CODE = "370100";
const skipReason = chromiumAvailable() ? null : `${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)`;
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
      reports.set(p, await visit(browser.context, server.url(p), server.origin, path.join(shots, `census-${CODE}-${p.replace(/\//g, "_").replace(/\.html$/, "")}.png`)));
    }
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (temp) await rm(temp, {recursive: true, force: true});
  });

  it("renders every page with no console error, uncaught error, cell error or failed request", () => {
    expect(reports.size).toBeGreaterThanOrEqual(20);
    for (const [p, r] of reports) {
      expect(r.consoleErrors, `${p}: console errors`).toEqual([]);
      expect(r.pageErrors, `${p}: uncaught errors`).toEqual([]);
      expect(r.cellErrors, `${p}: cells showing an error`).toEqual([]);
      expect(r.failedRequests.filter((x) => !x.endsWith("net::ERR_ABORTED")), `${p}: failed requests`).toEqual([]);
      expect(r.outsideRequests, `${p}: requests to other hosts`).toEqual([]);
    }
  });

  it("draws the census on the aging page (trend, small multiples, pyramid, map, ratios)", () => {
    expect(reports.get("aging.html")!.charts).toBeGreaterThanOrEqual(4);
    expect(reports.get("en/aging.html")!.charts).toBeGreaterThanOrEqual(4);
  });
});
