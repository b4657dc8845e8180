// Every page, in both languages, loads in Chromium with no console error, no failed or outside request; and no
// clipped or colliding label: on every page, in both languages, at 1440 and 390 px wide, the SVG text of the charts
// stays inside its card and no two labels overlap (bounding boxes, tests/site/labels.ts). The 1440 check measures the
// page the clean-load check opened (one load per page); the 390 one opens it again at that width.
import {mkdir, readdir} from "node:fs/promises";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {allPagePaths, pageLang, twinPath} from "../../observablehq.config.ts";
import {chromiumAvailable, CHROMIUM, formatViolations, visit, type PageReport} from "./browser.ts";
import {BASE_PATH, OUT_DIR, ROOT} from "./build.ts";
import type {LabelFault} from "./labels.ts";
import {useSite} from "./session.ts";

/**
 * Plot charts each page must show (zh path; the English twin must show the same). Pages not
 * listed must load cleanly but need no chart. Add a dashboard page here when you add it to PAGES.
 */
const EXPECTED_CHARTS: Record<string, number> = {
  "/": 1,
  // pages A (issue 5): maps count only where the warehouse has district polygons
  "/aging": 5,
  "/capacity": 6,
  "/services": 6,
  "/informatization": 5,
  // pages B (issue 5): ranking, heatmap, score trend, provider scatter, stars
  "/scorecard": 5,
  // status bar + one ledger per lead unit
  "/tasks": 2,
  // rows per dataset, time per step (rejects, backtest and suppression draw only when there are any)
  "/methods": 2,
  // every slide is in the page (hidden ones too): aging bars (the map beside them is d3), trend, bed gap, scorecard,
  // task status; the fixture's district orders, visits and informatization are suppressed (disclosure control), and
  // those slides say so
  "/slides": 5
};

/** Charts on a district profile (src/[lang]/district/[code].md, served by src/district/[code].md.js and src/en/district/[code].md.js): comparison, trend, pyramid, facilities. */
const PROFILE_CHARTS = 4;

const SCREENSHOTS = join(ROOT, "tests", "output", "screenshots");

/**
 * Label faults still there, page@width → count, measured at the commit that added the label check: the count may
 * only go down (a ratchet), and every page not listed must have none. Lower an entry when a fix lands; delete it at
 * zero.
 */
const KNOWN_LABEL_FAULTS: Record<string, number> = {};

/** The page width the clean-load check opens every page at (and screenshots it). */
const WIDE = 1440;

const htmlFile = (path: string) => (path.endsWith("/") ? `${path}index.html` : `${path}.html`).slice(1);
const zhOf = (path: string) => (path === "/en/" || path.startsWith("/en/") ? twinPath(path) : path);
const shotName = (path: string) => htmlFile(path).replace(/\.html$/, "").replaceAll("/", "-") + ".png";

const available = chromiumAvailable();
const ci = Boolean(process.env.CI) && process.env.CI !== "false";

if (!available && !ci) {
  console.warn(`[tests/site/browser] skipped: ${CHROMIUM} not found. Install it with: apt-get install -y chromium fonts-noto-cjk`);
}

describe.runIf(!available && ci)("browser checks in CI", () => {
  it("have Chromium", () => {
    expect.fail(`${CHROMIUM} is missing and CI is set: install Debian's chromium and fonts-noto-cjk (see .ci/run)`);
  });
});

describe.runIf(available)("site in Chromium", () => {
  const site = useSite();
  beforeAll(() => mkdir(SCREENSHOTS, {recursive: true}));

  // What each page showed, by path: the test after the visits compares the two languages.
  const shapes = new Map<string, PageReport["shape"]>();
  // The label faults each page had at WIDE, by path: the label tests read them.
  const wideLabels = new Map<string, LabelFault[]>();

  it.each(allPagePaths())("%s loads cleanly", async (path) => {
    const {browser, server} = site;
    const report = await visit(browser.context, server.url(htmlFile(path)), server.origin, join(SCREENSHOTS, shotName(path)), {axe: true, labels: true, width: WIDE});
    shapes.set(path, report.shape);
    wideLabels.set(path, report.labels);
    // axe-core, WCAG 2.1 A/AA: no critical or serious violation (rule, element and page printed).
    expect(report.accessibility, formatViolations(path, report.accessibility)).toEqual([]);
    expect(report.pageErrors, "uncaught errors").toEqual([]);
    expect(report.consoleErrors, "console errors").toEqual([]);
    expect(report.failedRequests, "failed requests").toEqual([]);
    expect(report.outsideRequests, "requests to other hosts").toEqual([]);
    expect(report.cellErrors, "cells showing an error").toEqual([]);
    expect(report.charts, "Plot charts with marks").toBeGreaterThanOrEqual(EXPECTED_CHARTS[zhOf(path)] ?? 0);
    expect(report.lang).toBe(path.startsWith("/en/") ? "en" : "zh-CN");
    // The language switch leads to the twin page.
    expect(report.langSwitchHref).not.toBeNull();
    const twin = new URL(report.langSwitchHref!, server.url(htmlFile(path))).pathname;
    expect(twin).toBe(`${BASE_PATH}${htmlFile(twinPath(path))}`);
  });

  /** The label check's verdict on one page at one width. */
  function expectLabels(path: string, width: number, faults: LabelFault[]) {
    const key = `${path}@${width}`;
    const described = faults.map((f) => `${f.kind}: ${f.text}${f.other ? ` × ${f.other}` : ""}`);
    if (key in KNOWN_LABEL_FAULTS) expect(faults.length, `${key}\n${described.join("\n")}`).toBeLessThanOrEqual(KNOWN_LABEL_FAULTS[key]!);
    else expect(described, key).toEqual([]);
  }

  it.each(allPagePaths())(`%s at ${WIDE} px: no label outside its card or on another`, (path) => {
    expect(wideLabels.has(path), "measured when the page was visited above").toBe(true);
    expectLabels(path, WIDE, wideLabels.get(path)!);
  });

  it.each(allPagePaths())("%s at 390 px: no label outside its card or on another", async (path) => {
    const {browser, server} = site;
    const report = await visit(browser.context, server.url(htmlFile(path)), server.origin, undefined, {labels: true, width: 390,
      evaluate: (page) => page.evaluate(() => document.documentElement.scrollWidth)});
    expect(report.cellErrors, "cells showing an error").toEqual([]);
    expectLabels(path, 390, report.labels);
    // nothing makes a phone's page scroll sideways (a long unbroken line, a chart wider than its card)
    expect(report.extra, "page width at 390 px").toBeLessThanOrEqual(390);
  });

  it("shows the same cards, charts, tables and controls in both languages of every page", () => {
    const zhPaths = allPagePaths().filter((p) => pageLang(p) === "zh");
    expect(shapes.size, "every page visited above").toBe(allPagePaths().length);
    for (const zh of zhPaths) {
      const en = twinPath(zh);
      expect(shapes.get(en), `${en} against ${zh}`).toEqual(shapes.get(zh));
    }
    // The counts are of something: the dashboards show cards and charts.
    expect(shapes.get("/aging")!.cards).toBeGreaterThan(0);
    expect(shapes.get("/aging")!.charts).toBeGreaterThan(0);
  });

  // WCAG 2.1.1 / 2.4.7: the menu, the year selector, the CSV buttons and the scrolling tables are reached with
  // Tab, and whatever has the focus shows it.
  it("can be used by keyboard, with a visible focus", async () => {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    try {
      await page.goto(server.url("scorecard.html"), {waitUntil: "networkidle"});
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
      const reached = new Set<string>();
      const unseen: string[] = [];
      for (let i = 0; i < 250 && reached.size < 4; i++) {
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const visible = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
          const kind = el.closest("#observablehq-sidebar") && el.matches("a") ? "menu"
            : el.matches("select") ? "select"
            : el.matches("button.chart-card-download") ? "csv"
            : el.matches("form[class*='-table'], .plain-table") ? "table" : "other";
          return {kind, visible, what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}`};
        });
        if (!focus) continue;
        if (focus.kind !== "other") reached.add(focus.kind);
        if (!focus.visible) unseen.push(focus.what);
      }
      expect([...reached].sort()).toEqual(["csv", "menu", "select", "table"]);
      expect(unseen, "focused without a visible focus indicator").toEqual([]);
    } finally {
      await page.close();
    }
  });

  // WCAG 1.4.4 / 1.4.10: at 200 % zoom a 1280-wide window is 640 CSS pixels wide; the pages still fit it:
  // no sideways scrolling of the page, no card wider than the page.
  it("holds its layout at 200 % zoom", async () => {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({width: 640, height: 450});
      const problems: string[] = [];
      for (const path of ["/", "/aging", "/capacity", "/scorecard", "/en/services", "/en/methods"]) {
        await page.goto(server.url(htmlFile(path)), {waitUntil: "networkidle"});
        await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
        const found = await page.evaluate(() => {
          const out: string[] = [];
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > width + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
          for (const card of document.querySelectorAll<HTMLElement>("#observablehq-main .card")) {
            const box = card.getBoundingClientRect();
            if (box.right > width + 1) out.push(`card "${card.querySelector("h2")?.textContent?.slice(0, 40)}" ends at ${Math.round(box.right)} > ${width}`);
          }
          return out;
        });
        problems.push(...found.map((f) => `${path}: ${f}`));
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  // Framework's sidebar toggle says "Toggle sidebar ⌘B" (its client sets it when it starts): Chinese on Chinese pages.
  it("titles the sidebar toggle in the page's language", async () => {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    try {
      const titles: Record<string, string[]> = {};
      for (const path of ["/aging", "/en/aging"]) {
        await page.goto(server.url(htmlFile(path)), {waitUntil: "networkidle"});
        await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
        titles[path] = await page.$$eval("#observablehq-sidebar-toggle, label[for='observablehq-sidebar-toggle']", (els) => els.map((e) => (e as HTMLElement).title).filter(Boolean));
      }
      expect(titles["/aging"]!.length).toBeGreaterThan(0);
      for (const title of titles["/aging"]!) expect(title).toMatch(/^显示\/隐藏侧边栏/);
      expect(titles["/en/aging"]!.some((t) => t.startsWith("Toggle sidebar"))).toBe(true);
    } finally {
      await page.close();
    }
  });

  // District profiles are parameterized pages (dynamicPaths): visit the first district built, in both languages.
  it("district profiles load cleanly in both languages", async () => {
    const {browser, server} = site;
    const built = (await readdir(join(OUT_DIR, "district"))).filter((f) => f.endsWith(".html")).sort();
    expect(built.length, "profiles built under district/").toBeGreaterThan(0);
    const profileShapes: PageReport["shape"][] = [];
    for (const path of [`/district/${built[0]!.replace(/\.html$/, "")}`, `/en/district/${built[0]!.replace(/\.html$/, "")}`]) {
      const report = await visit(browser.context, server.url(htmlFile(path)), server.origin, join(SCREENSHOTS, shotName(path)), {axe: true, labels: true, width: WIDE});
      profileShapes.push(report.shape);
      // no clipped or colliding label on a profile either, at both widths
      expectLabels(path, WIDE, report.labels);
      expectLabels(path, 390, (await visit(browser.context, server.url(htmlFile(path)), server.origin, undefined, {labels: true, width: 390})).labels);
      expect(report.accessibility, formatViolations(path, report.accessibility)).toEqual([]);
      expect(report.pageErrors, `${path}: uncaught errors`).toEqual([]);
      expect(report.consoleErrors, `${path}: console errors`).toEqual([]);
      expect(report.failedRequests, `${path}: failed requests`).toEqual([]);
      expect(report.outsideRequests, `${path}: requests to other hosts`).toEqual([]);
      expect(report.cellErrors, `${path}: cells showing an error`).toEqual([]);
      expect(report.charts, `${path}: Plot charts with marks`).toBeGreaterThanOrEqual(PROFILE_CHARTS);
      expect(report.lang).toBe(path.startsWith("/en/") ? "en" : "zh-CN");
      const twin = new URL(report.langSwitchHref!, server.url(htmlFile(path))).pathname;
      expect(twin).toBe(`${BASE_PATH}${htmlFile(twinPath(path))}`);
    }
    expect(profileShapes[1], "the English profile shows what the Chinese one does").toEqual(profileShapes[0]);
  });
});
