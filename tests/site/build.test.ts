// The site builds with no network at all, from node_modules and a warehouse, with fresh loader output.
import {tableFromIPC} from "apache-arrow";
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {beforeAll, describe, expect, it} from "vitest";
import {PAGES, allPagePaths, twinPath} from "../../observablehq.config.ts";
import {clearLoaderCache, planCache} from "../../scripts/offline-npm.ts";
import {VIEWPORT} from "../../scripts/accessible-html.ts";
import {selectDistricts} from "../../scripts/district-codes.ts";
import {HOME, PROFILE, pageTitle, renderPage, selectLanguage, sourceFile} from "../../src/pages.js";
import {ROOT, siteBuild, type SiteBuild} from "./build.ts";
import {findOutsideUrls, listFiles, scanDist} from "./scan.ts";

describe("outside URL scan", () => {
  it("accepts namespace URIs and flags fetchable URLs", () => {
    expect(findOutsideUrls("a.js", `createElementNS("http://www.w3.org/2000/svg","g")`)).toEqual([]);
    const found = (text: string) => findOutsideUrls("f", text).map((f) => f.url);
    expect(found(`import "https://cdn.jsdelivr.net/npm/d3/+esm"`)).toEqual(["https://cdn.jsdelivr.net/npm/d3/+esm"]);
    expect(found(`<link href="https://fonts.googleapis.com/css2?family=X">`)).toEqual(["https://fonts.googleapis.com/css2?family=X"]);
    expect(found(`@import url(//fonts.example.com/a.css);`)).toEqual(["//fonts.example.com/a.css"]);
    expect(found(`<script src="//cdn.example.com/x.js">`)).toEqual(["//cdn.example.com/x.js"]);
    expect(found(`fetch('http://10.0.0.1/api')`)).toEqual(["http://10.0.0.1/api"]);
    expect(found(`const re = /a\\/\\/b/; // comment`)).toEqual([]);
  });
});

describe("loader cache", () => {
  it("removes loader outputs and keeps Framework's _-prefixed caches", async () => {
    const site = await mkdtemp(join(tmpdir(), "aging-cache-"));
    try {
      const cache = join(site, ".observablehq", "cache");
      await mkdir(join(cache, "data"), {recursive: true});
      await mkdir(join(cache, "_npm", "d3@7.9.0"), {recursive: true});
      await writeFile(join(cache, "data", "x.arrow"), "old");
      await writeFile(join(cache, "top.csv"), "old");
      await clearLoaderCache(site);
      expect((await readdir(cache)).sort()).toEqual(["_npm"]);
      expect(existsSync(join(cache, "_npm", "d3@7.9.0"))).toBe(true);
    } finally {
      await rm(site, {recursive: true, force: true});
    }
  });

  it("plans a bundle for each package the client needs, with shared dependencies external", () => {
    const plan = new Map(planCache(ROOT).map((e) => [e.name, e]));
    for (const name of ["d3", "@observablehq/plot", "apache-arrow", "htl", "d3-dsv", "isoformat"]) expect(plan.has(name)).toBe(true);
    expect(plan.get("@observablehq/plot")!.external).toContain("d3");
  });
});

describe("district profiles to build (AGING_SITE_DISTRICTS)", () => {
  const codes = ["990101", "990102", "990103"];
  it("builds every district's profile when unset or empty", () => {
    expect(selectDistricts(codes, undefined)).toEqual(codes);
    expect(selectDistricts(codes, "")).toEqual(codes);
  });
  it("builds only the listed ones, in the warehouse's order, and refuses a code the warehouse lacks", () => {
    expect(selectDistricts(codes, "990103, 990101")).toEqual(["990101", "990103"]);
    expect(() => selectDistricts(codes, "990101,370102")).toThrow("AGING_SITE_DISTRICTS: no district 370102 in the warehouse");
  });
});

describe("i18n structure", () => {
  it("maps every page to its twin and back", () => {
    expect(twinPath("/index")).toBe("/en/");
    expect(twinPath("/en/index")).toBe("/");
    expect(twinPath("/about")).toBe("/en/about");
    expect(twinPath("/en/about")).toBe("/about");
    for (const path of allPagePaths()) expect(twinPath(twinPath(path))).toBe(path);
  });

  it("has one source per page, in src/[lang]/, and lists every source", async () => {
    const src = join(ROOT, "src");
    const sources = join(src, "[lang]");
    for (const p of [...PAGES, HOME]) expect(existsSync(sourceFile(p.path)), `missing ${sourceFile(p.path)}`).toBe(true);
    const files = (await listFiles(src)).filter((f) => !f.includes(".observablehq"));
    // No page file outside src/[lang]/: the only page files elsewhere are the four loaders.
    const pageFiles = files.filter((f) => /\.md(\.\w+)?$/.test(f) && !f.startsWith(sources + "/"));
    expect(pageFiles.map((f) => f.slice(src.length + 1)).sort()).toEqual(["[page].md.js", "district/[code].md.js", "en/[page].md.js", "en/district/[code].md.js"]);
    const listed = new Set([...PAGES, HOME, PROFILE].map((p) => p.path));
    const unlisted = files.filter((f) => f.startsWith(sources + "/") && f.endsWith(".md")).map((f) => "/" + f.slice(sources.length + 1, -".md".length)).filter((p) => !listed.has(p));
    expect(unlisted, "sources missing from PAGES in src/pages.js").toEqual([]);
    expect(PAGES.every((p) => p.zh && p.en)).toBe(true);
  });

  it("renders every source in both languages with the same code and the language's own text", () => {
    for (const page of [...PAGES, HOME, PROFILE].map((p) => p.path)) {
      const zh = renderPage(page, "zh");
      const en = renderPage(page, "en");
      expect(zh, page).toMatch(new RegExp(`^---\\ntitle: "${pageTitle(page, "zh")}"`));
      expect(en, page).toMatch(new RegExp(`^---\\ntitle: "${pageTitle(page, "en")}"`));
      expect(zh).not.toContain("observable.params.lang");
      // The same cells: as many code blocks and inline expressions in both languages.
      const cells = (md: string) => [(md.match(/```js\n/g) ?? []).length, (md.match(/\$\{/g) ?? []).length];
      expect(cells(zh), page).toEqual(cells(en));
    }
  });

  it("keeps one language's blocks and refuses a block without every language", () => {
    expect(selectLanguage("a\n<!-- zh -->\n中\n<!-- en -->\nE\n<!-- end -->\nb", "en")).toBe("a\nE\nb");
    expect(selectLanguage("a\n<!-- zh -->\n中\n<!-- en -->\nE\n<!-- end -->\nb", "zh")).toBe("a\n中\nb");
    expect(() => selectLanguage("<!-- zh -->\n中\n<!-- end -->", "zh", "x.md")).toThrow(/x\.md:3: language block without en/);
    expect(() => selectLanguage("<!-- zh -->\n中", "zh", "x.md")).toThrow(/not closed/);
  });
});

describe("offline build", () => {
  let build: SiteBuild;
  beforeAll(async () => {
    build = await siteBuild();
  });

  it("succeeds with fetch blocked", () => {
    expect(build.code, build.output).toBe(0);
    expect(build.output).not.toMatch(/blocked|unable to fetch|\[using stale\]/i);
  });

  it("tries no network request at all (not even telemetry)", () => {
    expect(build.fetched).toEqual([]);
  });

  it("writes every page in both languages", () => {
    for (const path of allPagePaths()) {
      const html = path.endsWith("/") ? `${path}index.html` : `${path}.html`;
      expect(existsSync(join(build.outDir, html)), html).toBe(true);
    }
  });

  it("has no outside URL in dist", async () => {
    const findings = await scanDist(build.outDir);
    expect(findings.map((f) => `${f.file}: ${f.url}  …${f.context}…`)).toEqual([]);
  });

  it("ships npm bundles whose imports link (every named import is exported)", async () => {
    const bundles = (await listFiles(join(build.outDir, "_npm"))).filter((f) => f.endsWith(".js"));
    expect(bundles.length).toBeGreaterThan(0);
    for (const file of bundles) await expect(import(pathToFileURL(file).href), file).resolves.toBeDefined();
  });

  it("lets every page be zoomed: the viewport meta has no maximum-scale (WCAG 1.4.4)", async () => {
    const pages = (await listFiles(build.outDir)).filter((f) => f.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(20);
    for (const file of pages) {
      const html = await readFile(file, "utf8");
      expect(html, file).toContain(VIEWPORT);
      expect(html, file).not.toMatch(/maximum-scale|user-scalable/);
    }
  });

  it("ships no DuckDB-WASM and no web fonts", async () => {
    const files = await listFiles(build.outDir);
    expect(files.filter((f) => /duckdb|\.wasm$|\.woff2?$|\.ttf$|\.otf$/i.test(f))).toEqual([]);
  });

  it("runs loaders against this build's warehouse (no stale cache)", async () => {
    const files = await listFiles(join(build.outDir, "_file", "data"));
    const arrow = files.find((f) => /methods-run\.[0-9a-f]+\.arrow$/.test(f));
    expect(arrow).toBeDefined();
    const table = tableFromIPC(await readFile(arrow!));
    expect(table.getChild("run_id")!.toArray()).toContain(build.marker);
    // Plain Utf8: DuckDB-WASM drops dictionary columns; pages should never see BigInt.
    expect(String(table.schema.fields.find((f) => f.name === "run_id")!.type)).toBe("Utf8");
    // each page's indicator file (src/data/indicators/[page].arrow.ts): no BigInt, only the indicators it names
    const indicatorFiles = files.filter((f) => /indicators\/[a-z]+\.[0-9a-f]+\.arrow$/.test(f));
    expect(indicatorFiles.length).toBeGreaterThan(5);
    for (const file of indicatorFiles) {
      const table = tableFromIPC(await readFile(file));
      expect(table.schema.fields.map((f) => String(f.type)).some((t) => /Int64|Uint64/.test(t)), file).toBe(false);
      const codes = new Set(JSON.parse(table.schema.metadata.get("codes") ?? "null") as string[]);
      expect(codes.size, file).toBeGreaterThan(0);
      expect([...new Set(table.getChild("indicator")!.toArray() as string[])].filter((c) => !codes.has(c)), file).toEqual([]);
    }
  });

  it("gives a task whose indicator the platform computes that indicator beside the reported value (tasks.arrow)", async () => {
    const files = await listFiles(join(build.outDir, "_file", "data"));
    const read = async (name: string) => {
      const file = files.find((f) => new RegExp(`(^|/)${name}\\.[0-9a-f]+\\.arrow$`).test(f));
      expect(file, name).toBeDefined();
      return tableFromIPC(await readFile(file!)).toArray().map((r) => r.toJSON());
    };
    const [tasks, registry] = [await read("tasks"), await read("registry")];
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) {
      // the indicator of the task's name (老年人 read as 老人) in the task's unit, else none
      const same = registry.find((r) => r.name_zh === String(task.title).replaceAll("老年人", "老人") && r.unit_zh === task.unit);
      expect(task.platform_indicator ?? null, task.title).toBe(same?.code ?? null);
      if (!same) expect(task.platform_value ?? null).toBeNull();
    }
    // the join itself, on a task named as the Demo City names its visit-rate task
    expect(registry.some((r) => r.name_zh === "特殊困难老人月探访率" && r.unit_zh === "%")).toBe(true);
  });

  it("shows the synthetic-data note and a language switch on every page", async () => {
    for (const path of allPagePaths()) {
      const html = await readFile(join(build.outDir, path.endsWith("/") ? `${path}index.html` : `${path}.html`), "utf8");
      // one language per page: the note in the page's language, never both
      const en = path.startsWith("/en/");
      const footer = /<footer[^>]*>([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? "";
      expect(footer, path).toContain(en ? "Demo data is synthetic" : "示例数据为合成数据");
      expect(footer, path).not.toContain(en ? "示例数据为合成数据" : "Demo data is synthetic");
      expect(html).toMatch(/class="lang-switch"[^>]*><a href="[^"]+\.html"/);
    }
  });

  it("gives each language its site title and its menu first (English pages: English menu, Chinese folded)", async () => {
    for (const path of allPagePaths()) {
      const html = await readFile(join(build.outDir, path.endsWith("/") ? `${path}index.html` : `${path}.html`), "utf8");
      const en = path.startsWith("/en/");
      const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
      expect(title, path).toMatch(en ? / ?\| Aging Observatory$|^Aging Observatory$/ : /养老服务监测平台$/);
      const sidebar = /<nav id="observablehq-sidebar">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
      // the first menu entries after the home link: the page's own language
      const links = [...sidebar.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
      expect(links.slice(0, 3), path).toEqual(en ? ["Aging Observatory", PAGES[0].en, PAGES[1].en] : ["养老服务监测平台", PAGES[0].zh, PAGES[1].zh]);
      expect(sidebar, path).toContain(en ? "<summary>中文</summary>" : "<summary>English</summary>");
    }
  });
});
