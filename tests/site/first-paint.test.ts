// No empty first paint (issue #15), first chart from the HTML (#16): the built pages carry their headings, KPI
// values and charts before any script runs (scripts/prerender.ts), and the live page replaces them without
// showing anything twice. Also the home page's KPI links and order, and the profiles' neighbours and ranks.
import {DuckDBInstance} from "@duckdb/node-api";
import {existsSync} from "node:fs";
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {chromium, type Browser, type BrowserContext} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {allPagePaths} from "../../observablehq.config.ts";
import {injectCells} from "../../scripts/prerender.ts";
import {cleanRun} from "../harness/index.ts";
import {chromiumAvailable, CHROMIUM, CHROMIUM_ARGS, serveStatic, type StaticServer} from "./browser.ts";
import {BASE_PATH, OUT_DIR, siteBuild} from "./build.ts";

const htmlFile = (path: string) => (path.endsWith("/") ? `${path}index.html` : `${path}.html`).slice(1);

describe("injectCells", () => {
  const page = `<title>区县档案</title><h1><observablehq-loading></observablehq-loading><!--:0a1b2c3d:--></h1><div><observablehq-loading></observablehq-loading><!--:11112222:--></div>`;

  it("writes a cell's build-time copy into its loading element and leaves the others", () => {
    const {html, injected} = injectCells(page, {"0a1b2c3d": "青湖区养老服务档案"}, "青湖区 · 区县档案");
    expect(injected).toBe(1);
    expect(html).toContain(`<h1><observablehq-loading class="prerendered">青湖区养老服务档案</observablehq-loading><!--:0a1b2c3d:--></h1>`);
    expect(html).toContain(`<div><observablehq-loading></observablehq-loading><!--:11112222:--></div>`);
    expect(html).toContain("<title>青湖区 · 区县档案</title>");
  });

  it("adds a loading element for a cell that calls display() (it has none) and writes the copy into it", () => {
    const {html, injected} = injectCells(`<div class="observablehq observablehq--block"><!--:33334444:--></div>`, {"33334444": "<svg></svg>"});
    expect(injected).toBe(1);
    expect(html).toBe(`<div class="observablehq observablehq--block"><observablehq-loading class="prerendered"><svg></svg></observablehq-loading><!--:33334444:--></div>`);
  });

  it("adds the components' stylesheets to the head when it wrote a cell, and only then", () => {
    const style = `<style id="kpi-card-style">.kpi-card > h2 { margin: 0 }</style>`;
    const head = `<html><head><title>t</title></head><body>${page}</body></html>`;
    expect(injectCells(head, {"11112222": "<div>x</div>"}, undefined, [style]).html).toContain(`${style}\n</head>`);
    expect(injectCells(head, {}, undefined, [style]).html).not.toContain(style);
  });

  it("follows a slide deck's copy with the script that shows the slide the URL names, and nothing else", () => {
    const deckCell = `<div class="deck" tabindex="-1"><section class="slide active"></section><section class="slide"></section></div>`;
    const {html} = injectCells(`<div><!--:55556666:--></div><div><!--:77778888:--></div>`, {"55556666": deckCell, "77778888": `<div class="deck-note">x</div>`});
    expect(html).toContain(`${deckCell}<script>`);
    expect(html).toContain("location.hash");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("escapes the title", () => {
    expect(injectCells(page, {}, "a <b> & c").html).toContain("<title>a &lt;b&gt; &amp; c</title>");
  });
});

const available = chromiumAvailable();

describe.runIf(available)("first paint of the built site", () => {
  let server: StaticServer;
  let browser: Browser;
  let plain: BrowserContext;
  let live: BrowserContext;
  let profiles: string[];

  beforeAll(async () => {
    const build = await siteBuild();
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    expect(build.output).toMatch(/prerender: \d+ cells of \d+ pages/);
    server = await serveStatic(build.outDir, BASE_PATH);
    browser = await chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS});
    plain = await browser.newContext({javaScriptEnabled: false, viewport: {width: 1440, height: 900}});
    live = await browser.newContext({viewport: {width: 1440, height: 900}});
    profiles = (await readdir(join(OUT_DIR, "district"))).filter((f) => f.endsWith(".html")).sort().flatMap((f) => [`/district/${f.slice(0, -5)}`, `/en/district/${f.slice(0, -5)}`]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the page shows with JavaScript off: its h1, KPI values, and whether a chart mark is drawn. */
  async function withoutScript(path: string) {
    const tab = await plain.newPage();
    try {
      await tab.goto(server.url(htmlFile(path)));
      return await tab.evaluate(() => ({
        h1: document.querySelector("#observablehq-main h1")?.textContent?.trim() ?? "",
        kpis: Array.from(document.querySelectorAll(".kpi-card .kpi-value"), (e) => e.textContent?.trim() ?? ""),
        marks: Array.from(document.querySelectorAll("svg g[data-mark], svg g[aria-label]")).filter((g) => g.childElementCount > 0 && !/axis|tick|grid/.test(g.getAttribute("data-mark") ?? g.getAttribute("aria-label") ?? "")).length,
        spinners: document.querySelectorAll("observablehq-loading:not(.prerendered)").length,
        title: document.title
      }));
    } finally {
      await tab.close();
    }
  }

  it("shows every page's heading, and a chart on every dashboard page, with no script", async () => {
    const problems: string[] = [];
    for (const path of [...allPagePaths(), ...profiles]) {
      const page = await withoutScript(path);
      if (!page.h1 || /undefined|null|NaN/.test(page.h1)) problems.push(`${path}: heading "${page.h1}"`);
      const charted = !/\/(about)$/.test(path);
      if (charted && page.marks === 0) problems.push(`${path}: no chart mark in the HTML`);
    }
    expect(problems).toEqual([]);
  });

  it("names the district in the profile's heading and title before any script runs", async () => {
    const db = await DuckDBInstance.create((await cleanRun()).warehouse, {access_mode: "READ_ONLY"});
    const conn = await db.connect();
    const names = (await conn.runAndReadAll("select area_code, name_zh, name_en from marts.areas where not is_city")).getRowObjectsJS() as {area_code: string; name_zh: string; name_en: string}[];
    conn.closeSync();
    db.closeSync();
    expect(profiles.length).toBe(names.length * 2);
    for (const path of profiles) {
      const code = path.split("/").at(-1)!;
      const area = names.find((n) => n.area_code === code)!;
      const page = await withoutScript(path);
      const name = path.startsWith("/en/") ? area.name_en : area.name_zh;
      expect(page.h1, path).toContain(name);
      expect(page.title, path).toContain(name);
      // the four KPI cards with their values
      expect(page.kpis.length, path).toBe(4);
    }
  });

  it("has the home page's KPI values in its HTML, the same as the live page shows, and nothing twice", async () => {
    for (const path of ["/", "/en/"]) {
      const before = await withoutScript(path);
      expect(before.kpis.length, path).toBeGreaterThanOrEqual(9);
      // a number, or the word for a suppressed value
      expect(before.kpis.every((v) => /\d|已抑制|Suppressed/.test(v) && !/NaN|undefined|null/.test(v)), `${path}: ${before.kpis.join(" | ")}`).toBe(true);
      expect(before.spinners, `${path}: spinners left in the HTML`).toBe(0);
      const tab = await live.newPage();
      try {
        await tab.goto(server.url(htmlFile(path)), {waitUntil: "networkidle"});
        await tab.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
        const after = await tab.evaluate(() => Array.from(document.querySelectorAll(".kpi-card .kpi-value"), (e) => e.textContent?.trim() ?? ""));
        expect(after, path).toEqual(before.kpis);
      } finally {
        await tab.close();
      }
    }
  });

  it("orders the home page's KPI cards targets missed first, and links each to a chart that exists", async () => {
    for (const path of ["/", "/en/"]) {
      const tab = await plain.newPage();
      try {
        await tab.goto(server.url(htmlFile(path)));
        const cards = await tab.evaluate(() =>
          Array.from(document.querySelectorAll("a.kpi-link"), (a) => ({href: a.getAttribute("href") ?? "", status: a.querySelector(".kpi-status")?.textContent?.trim() ?? ""}))
        );
        expect(cards.length, path).toBeGreaterThanOrEqual(9);
        // ✗ (missed) before anything else, ✓ (met) after everything but cards without data
        const group = (s: string) => (s.includes("✗") ? 0 : s.includes("✓") ? 2 : 1);
        const groups = cards.map((c) => group(c.status));
        expect(groups, `${path}: ${cards.map((c) => c.status).join(" | ")}`).toEqual([...groups].sort((a, b) => a - b));
        expect(groups).toContain(0);
        for (const {href} of cards) {
          const [file, anchor] = href.split("#");
          const target = join(OUT_DIR, path.startsWith("/en/") ? "en" : "", file!);
          expect(existsSync(target), `${path}: ${href}`).toBe(true);
          expect(await readFile(target, "utf8"), `${path}: ${href} has no #${anchor}`).toContain(`id="${anchor}"`);
        }
      } finally {
        await tab.close();
      }
    }
  });

  it("links every profile to the previous and next district, round the whole city", async () => {
    for (const prefix of ["district", "en/district"]) {
      const files = profiles.filter((p) => p.startsWith(`/${prefix}/`)).map((p) => `${p.split("/").at(-1)}.html`);
      const links = new Map<string, {prev: string; next: string}>();
      for (const f of files) {
        const html = await readFile(join(OUT_DIR, prefix, f), "utf8");
        const prev = /<a href="([^"]+)" rel="prev"/.exec(html)?.[1];
        const next = /<a href="([^"]+)" rel="next"/.exec(html)?.[1];
        expect(prev && next, `${prefix}/${f}: previous/next links`).toBeTruthy();
        for (const l of [prev!, next!]) expect(existsSync(join(OUT_DIR, prefix, l)), `${prefix}/${f} → ${l}`).toBe(true);
        links.set(f, {prev: prev!, next: next!});
      }
      // following "next" visits every district once and comes back; "prev" undoes "next"
      const seen: string[] = [];
      let at = files[0]!;
      do {
        seen.push(at);
        expect(links.get(links.get(at)!.next)!.prev).toBe(at);
        at = links.get(at)!.next;
      } while (at !== files[0] && seen.length <= files.length);
      expect(seen.sort()).toEqual([...files].sort());
    }
  });

  it("ranks each profile indicator as the marts' values do", async () => {
    const db = await DuckDBInstance.create((await cleanRun()).warehouse, {access_mode: "READ_ONLY"});
    const conn = await db.connect();
    try {
      const directions = new Map(((await conn.runAndReadAll("select code, direction from marts.indicator_registry")).getRowObjectsJS() as {code: string; direction: string | null}[]).map((r) => [r.code, r.direction]));
      let checked = 0;
      for (const path of profiles) {
        const code = path.split("/").at(-1)!;
        const tab = await plain.newPage();
        let rows: Record<string, string>[] = [];
        try {
          await tab.goto(server.url(htmlFile(path)));
          // the comparison card's data table (the chart's text alternative), as drawn at build time
          rows = await tab.evaluate(() => {
            const table = document.querySelector("[id^='chart-district-'][id$='-indicators'] .sr-only table");
            if (!table) return [];
            // headers in the page's language, each with its column's key; cells in words, each with its value
            const heads = Array.from(table.querySelectorAll<HTMLElement>("thead th"), (th) => th.dataset.key ?? th.textContent ?? "");
            return Array.from(table.querySelectorAll("tbody tr"), (tr) => Object.fromEntries(Array.from(tr.querySelectorAll<HTMLElement>("td"), (td, i) => [heads[i], td.dataset.value ?? ""])));
          });
        } finally {
          await tab.close();
        }
        expect(rows.length, `${path}: the comparison table`).toBeGreaterThan(0);
        for (const row of rows) {
          const values = (await conn.runAndReadAll(
            `select area_code, value from marts.indicator_values_public
             where indicator = $1 and year = $2 and area_code <> 'CITY' and not projected and not coalesce(suppressed, false) and value is not null`,
            [row.indicator, Number(row.year)]
          )).getRowObjectsJS() as {area_code: string; value: number}[];
          const own = values.find((v) => v.area_code === code);
          if (!own) {
            expect(row.rank, `${path} ${row.indicator}: no published value, no rank`).toBe("");
            continue;
          }
          const better = directions.get(row.indicator) === "lower_better" ? (v: number) => v < own.value : (v: number) => v > own.value;
          expect(Number(row.rank), `${path} ${row.indicator} ${row.year}`).toBe(values.filter((v) => better(v.value)).length + 1);
          expect(Number(row.districts_ranked), `${path} ${row.indicator}`).toBe(values.length);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(profiles.length * 3);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
