// A real city in the browser: init-city's output through the pipeline and the site build, and the capacity
// page's district map draws one path per county-level unit.
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {initCity, type InitCityResult} from "../../pipeline/init-city/init.ts";
import {CI, TEST_KEY} from "../harness/index.ts";
import {chromiumAvailable, CHROMIUM, launchBrowser, serveStatic, visit, type Browser, type StaticServer} from "../site/browser.ts";
import {ROOT, runTsx, writeMinimalInputs} from "./helpers.ts";
import {buildSite, siteCopy} from "./site.ts";

const CODE = "370100";
const PAGE = "capacity";

const skipReason = !chromiumAvailable() && !CI ? `${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)` : null;
if (skipReason) console.warn(`[tests/init-city/map-page] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`${CODE} on the ${PAGE} page`, () => {
  let temp: string;
  let city: InitCityResult;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    temp = await mkdtemp(path.join(os.tmpdir(), "init-city-site-"));
    const input = path.join(temp, "input");
    city = await initCity({code: CODE, out: input, maxKb: 200});
    await writeMinimalInputs(input, city.rows.map((r) => r.code));
    const warehouse = path.join(temp, "warehouse.duckdb");
    const run = await runTsx(["pipeline/cli.ts", "--input", input, "--warehouse", warehouse, "--as-of", "2024-12-31", "--quiet"], {AGING_PSEUDONYM_KEY: TEST_KEY});
    if (run.code !== 0) throw new Error(`pipeline failed:\n${run.stderr}${run.stdout}`);
    const root = await siteCopy(path.join(temp, "site"), PAGE);
    const dist = path.join(temp, "dist");
    const build = await buildSite(root, warehouse, dist, path.join(temp, "fetch.log"));
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    expect(existsSync(path.join(temp, "fetch.log")), "the build fetched from the network").toBe(false);
    server = await serveStatic(dist, "/");
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (temp) await rm(temp, {recursive: true, force: true});
  });

  it("loads cleanly", async () => {
    await mkdir(path.join(ROOT, "tests", "output", "screenshots"), {recursive: true});
    const report = await visit(browser.context, server.url(`${PAGE}.html`), server.origin, path.join(ROOT, "tests", "output", "screenshots", `init-city-${CODE}-${PAGE}.png`));
    expect(report.pageErrors, "uncaught errors").toEqual([]);
    expect(report.cellErrors, "cells showing an error").toEqual([]);
    // Preloaded data files the page then fetches itself can show as net::ERR_ABORTED in Chromium: not a failure.
    expect(report.failedRequests.filter((r) => !r.endsWith("net::ERR_ABORTED")), "failed requests").toEqual([]);
    expect(report.outsideRequests, "requests to other hosts").toEqual([]);
  });

  it("draws one path per district, and lists none as missing a boundary", async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(server.url(`${PAGE}.html`), {waitUntil: "networkidle"});
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
      await page.waitForSelector(".district-map svg", {timeout: 20_000});
      const drawn = await page.evaluate(() => {
        // Plot's mark groups: a11y.js moves their aria-label to data-mark.
        const map = document.querySelector(".district-map")!;
        return {
          paths: map.querySelectorAll("svg g[data-mark='geo'] path").length,
          missing: map.querySelectorAll(".district-map-missing li").length,
          labels: Array.from(map.querySelectorAll("svg g[data-mark='text'] text"), (t) => t.textContent)
        };
      });
      expect(drawn.paths).toBe(city.rows.length);
      expect(drawn.missing).toBe(0);
      expect(drawn.labels).toEqual(expect.arrayContaining(["历下区", "商河县"]));
    } finally {
      await page.close();
    }
  });
});
