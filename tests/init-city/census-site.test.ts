// A census start in the browser: `init-city --census` for 济南, the pipeline with no facilities, the site built, and
// every page (both languages, one district page) rendering with no console error, page error or failed request.
// Every page is opened once: what the tests below read from a page (its cards, the district map) is taken during
// that one visit. The district map of a real city (init-city's boundaries: one path per county-level unit, none
// missing) is checked here on the aging page, the same component (components/map.js) the capacity page draws.
import {existsSync, readdirSync} from "node:fs";
import {mkdir, mkdtemp, readFile, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {FeatureCollection} from "geojson";
import type {Page} from "playwright-core";
import {initCity, type InitCityResult} from "../../pipeline/init-city/init.ts";
import {CI, TEST_KEY} from "../harness/index.ts";
import {chromiumAvailable, CHROMIUM, formatViolations, launchBrowser, serveStatic, visit, type Browser, type PageReport, type StaticServer} from "../site/browser.ts";
import {ROOT, runTsx} from "./helpers.ts";
import {buildSite, siteCopy} from "./site.ts";

const CODE = "370100";
/** The district profiles visited: one in each language. */
const PROFILES = ["370102", "370116"];
const skipReason = !chromiumAvailable() && !CI ? `${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)` : null;
if (skipReason) console.warn(`[tests/init-city/census-site] skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(`${CODE} from the census alone, in the browser`, () => {
  let temp: string;
  let dist: string;
  let server: StaticServer;
  let browser: Browser;
  let city: InitCityResult;
  const reports = new Map<string, PageReport & {extra?: Cards}>();

  beforeAll(async () => {
    temp = await mkdtemp(path.join(os.tmpdir(), "census-site-"));
    const input = path.join(temp, "input");
    city = await initCity({code: CODE, out: input, maxKb: 200, census: true});
    const warehouse = path.join(temp, "warehouse.duckdb");
    const run = await runTsx(["pipeline/cli.ts", "--input", input, "--warehouse", warehouse, "--quiet"], {AGING_PSEUDONYM_KEY: TEST_KEY});
    if (run.code !== 0) throw new Error(`pipeline failed:\n${run.stderr}${run.stdout}`);
    const root = await siteCopy(path.join(temp, "site"));
    dist = path.join(temp, "dist");
    // only the profiles opened below are built (each profile is a page to build, twice)
    const build = await buildSite(root, warehouse, dist, path.join(temp, "fetch.log"), PROFILES);
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    expect(build.output).toContain(`district profiles: ${PROFILES.length};`);
    for (const dir of ["district", "en/district"]) expect(readdirSync(path.join(dist, dir)).filter((f) => f.endsWith(".html")).sort(), dir).toEqual(PROFILES.map((c) => `${c}.html`));
    expect(existsSync(path.join(temp, "fetch.log")), "the build fetched from the network").toBe(false);
    server = await serveStatic(dist, "/");
    browser = await launchBrowser();
    const shots = path.join(ROOT, "tests", "output", "screenshots");
    await mkdir(shots, {recursive: true});
    const pages = [
      ...readdirSync(dist).filter((f) => f.endsWith(".html") && f !== "404.html").map((f) => f),
      ...readdirSync(path.join(dist, "en")).filter((f) => f.endsWith(".html")).map((f) => `en/${f}`),
      `district/${PROFILES[0]}.html`,
      `en/district/${PROFILES[1]}.html`
    ];
    for (const p of pages) {
      reports.set(p, await visit(browser.context, server.url(p), server.origin, path.join(shots, `census-${CODE}-${p.replace(/\//g, "_").replace(/\.html$/, "")}.png`), {axe: true, evaluate: readCards}));
    }
  }, 600_000);

  /** What the cards of a page say (census sources, absent-data notes, template links, charts drawn, titles) and what its district map draws. */
  function readCards(page: Page) {
    return page.evaluate(() => {
      const map = document.querySelector(".district-map");
      return {
        sources: Array.from(document.querySelectorAll(".chart-card-source"), (e) => e.textContent ?? ""),
        absent: Array.from(document.querySelectorAll(".chart-card-no-data .chart-card-absent"), (e) => e.textContent ?? ""),
        templateLinks: document.querySelectorAll(".chart-card-absent a[href*='input-templates']").length,
        charts: document.querySelectorAll(".chart-card svg[class^='plot']").length,
        titles: Array.from(document.querySelectorAll(".chart-card > h2"), (e) => e.textContent ?? ""),
        banner: document.querySelector(".census-banner")?.textContent ?? "",
        asOfLine: document.querySelector(".as-of")?.textContent ?? "",
        // Plot's mark groups: a11y.js moves their aria-label to data-mark.
        map: map && {
          paths: map.querySelectorAll("svg g[data-mark='geo'] path").length,
          missing: map.querySelectorAll(".district-map-missing li").length,
          // the names drawn on the map, and on a small map those of its numbered key ("1 历下区 · 2 市中区 …")
          labels: [
            ...Array.from(map.querySelectorAll("svg g[data-mark='text'] text"), (t) => t.textContent ?? ""),
            ...Array.from(map.querySelectorAll(".district-map-key span"), (s) => (s.textContent ?? "").replace(/^\d+\s+/, ""))
          ]
        }
      };
    });
  }
  type Cards = Awaited<ReturnType<typeof readCards>>;

  /** What the page showed when it was visited. */
  function cards(p: string): Cards {
    const extra = reports.get(p)?.extra;
    if (!extra) throw new Error(`${p} was not visited`);
    return extra;
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
    const zh = cards("aging.html");
    expect(zh.sources.length).toBe(5);
    for (const source of zh.sources) expect(source).toContain("第六次、第七次全国人口普查分县资料");
    expect(cards("en/aging.html").sources.every((x) => x.includes("2010 and 2020 census"))).toBe(true);
  });

  it("draws the district map from init-city's boundaries: one path per county-level unit, only the boundary-less zone listed aside", async () => {
    // init-city's boundaries: one polygon per county-level unit; the census start adds the 2020 zone (no polygon)
    const shapes = new Set((JSON.parse(await readFile(city.files.geojson, "utf8")) as FeatureCollection).features.map((f) => String(f.properties?.code)));
    const withShape = city.rows.filter((r) => shapes.has(r.code));
    const without = city.rows.filter((r) => !shapes.has(r.code));
    expect(withShape.length).toBe(12);
    expect(without.map((r) => r.kind)).toEqual(["zone"]);
    for (const p of ["aging.html", "en/aging.html"]) {
      const map = cards(p).map;
      expect(map, `${p}: a district map`).toBeTruthy();
      expect(map!.paths, p).toBe(withShape.length);
      expect(map!.missing, p).toBe(without.length);
    }
    expect(cards("aging.html").map!.labels).toEqual(expect.arrayContaining(["历下区", "商河县"]));
  });

  it("shows the same cards, charts, tables and controls in both languages of every page", () => {
    const zh = [...reports.keys()].filter((p) => !p.startsWith("en/"));
    expect(zh.length).toBeGreaterThanOrEqual(10);
    for (const p of zh) {
      // the district pages visited are one district in each language
      if (p.startsWith("district/")) continue;
      expect(reports.get(`en/${p}`)?.shape, `en/${p} against ${p}`).toEqual(reports.get(p)!.shape);
    }
  });

  it("says which file would fill each card whose data are absent, with the template, and draws no empty chart", async () => {
    for (const [p, file, n] of [["capacity.html", "facilities.csv", 6], ["services.html", "service_orders.csv", 6], ["tasks.html", "tasks.csv", 1], ["scorecard.html", "facilities.csv", 7], ["en/capacity.html", "facilities.csv", 6]] as const) {
      const c = cards(p);
      expect(c.absent.length, `${p}: cards saying what is missing`).toBe(n);
      for (const text of c.absent) expect(text, p).toContain(file);
      expect(c.templateLinks, `${p}: template links`).toBe(n);
      expect(c.charts, `${p}: charts drawn`).toBe(0);
      expect(c.titles.filter((x) => /null|undefined/.test(x)), `${p}: titles`).toEqual([]);
    }
    // no "as of" line without a date on the tasks page
    expect(cards("tasks.html").asOfLine.trim()).toBe("");
    const overview = cards("index.html");
    expect(overview.banner).toContain("人口普查");
  });
});
