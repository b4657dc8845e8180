// Observable Framework configuration: an offline, bilingual (zh first, en twin) site under src/.
import {existsSync, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

const SRC = fileURLToPath(new URL("./src/", import.meta.url));

/**
 * The site's pages, once: each has a Chinese page at src/<path>.md and an English twin at
 * src/en/<path>.md. The sidebar, the language switch and the browser test all read this list.
 * The home pages (src/index.md, src/en/index.md) are implicit.
 */
export const PAGES: {path: string; zh: string; en: string}[] = [
  {path: "/about", zh: "关于本平台", en: "About"},
  // pages A (issue 5): the monitoring dashboards
  {path: "/aging", zh: "老龄化趋势", en: "Population aging"},
  {path: "/capacity", zh: "供需缺口", en: "Supply and gaps"},
  {path: "/services", zh: "居家社区服务", en: "Home and community services"},
  {path: "/informatization", zh: "信息化", en: "Informatization"},
  // pages B (issue 5): supervision, tasks, methods, slides; district profiles are parameterized (below)
  {path: "/scorecard", zh: "区县督导", en: "District scorecard"},
  {path: "/tasks", zh: "年度任务", en: "Annual tasks"},
  {path: "/methods", zh: "数据说明", en: "Methods and data quality"},
  {path: "/slides", zh: "汇报模式", en: "Slides"}
];

/** Every page path in both languages, e.g. ["/", "/about", "/en/", "/en/about"]. */
export function allPagePaths(): string[] {
  const zh = ["/", ...PAGES.map((p) => p.path)];
  return [...zh, ...zh.map(enPath)];
}

const enPath = (zhPath: string) => (zhPath === "/" ? "/en/" : `/en${zhPath}`);

export type Lang = "zh" | "en";

export function pageLang(path: string): Lang {
  return path === "/en" || path.startsWith("/en/") ? "en" : "zh";
}

/** The other language's version of a page path as Framework gives it ("/index", "/en/about"). */
export function twinPath(path: string): string {
  const page = path.replace(/\/index$/, "/");
  if (pageLang(page) === "en") return page.slice("/en".length) || "/";
  return enPath(page);
}

function sourceExists(path: string): boolean {
  const file = path.endsWith("/") ? `${path}index.md` : `${path}.md`;
  // A parameterized page (src/district/[code].md) serves the paths dynamicPaths lists.
  return existsSync(SRC + file.slice(1)) || profilePaths().includes(path);
}

/**
 * District codes, written by scripts/prepare-site.ts from marts.areas before each build or preview
 * (see scripts/district-codes.ts); none when the warehouse has no districts yet.
 */
export function districtCodes(): string[] {
  try {
    const codes = JSON.parse(readFileSync(SRC + ".observablehq/cache/_aging/districts.json", "utf8"));
    return Array.isArray(codes) ? codes.filter((c) => typeof c === "string" && /^[\w-]+$/.test(c)) : [];
  } catch {
    return [];
  }
}

/** One profile per district and language: src/district/[code].md and src/en/district/[code].md. */
export function profilePaths(): string[] {
  return districtCodes().flatMap((code) => [`/district/${code}`, `/en/district/${code}`]);
}

/** Written by scripts/prepare-site.ts: facts about the warehouse the site is built from. */
function siteMeta(): {demo: boolean} {
  try {
    return JSON.parse(readFileSync(SRC + ".observablehq/cache/_aging/site.json", "utf8"));
  } catch {
    return {demo: false};
  }
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function header({path}: {path: string}): string {
  const lang = pageLang(path);
  const twin = twinPath(path);
  // A page without its twin yet links to the other language's home rather than to a 404.
  const target = sourceExists(twin) ? twin : lang === "zh" ? "/en/" : "/";
  const label = lang === "zh" ? "English" : "中文";
  const hreflang = lang === "zh" ? "en" : "zh-CN";
  return `<nav class="lang-switch" aria-label="${lang === "zh" ? "语言" : "Language"}"><a href="${target}" hreflang="${hreflang}" lang="${hreflang}">${label}</a></nav>`;
}

function footer({path}: {path: string}): string {
  const lang = pageLang(path);
  const name = lang === "zh" ? "养老服务监测平台" : "Aging Observatory";
  const demo = siteMeta().demo ? ` · <span class="demo-note">示例数据为合成数据 / Demo data is synthetic</span>` : "";
  return `${name}${demo}`;
}

function head({path}: {path: string}): string {
  // Sets <html lang> (Framework's template has none) so screen readers and CJK glyph choice are right.
  // An empty inline icon: without one the browser asks the server for /favicon.ico and logs a 404.
  return `<link rel="icon" href="data:,"><script>document.documentElement.lang = ${JSON.stringify(pageLang(path) === "zh" ? "zh-CN" : "en")};</script>`;
}

export default {
  root: "src",
  title: "养老服务监测平台",
  home: "养老服务监测平台",
  base: process.env.AGING_BASE_PATH || "/",
  output: process.env.AGING_SITE_OUTPUT || "dist",
  pages: [
    ...PAGES.map((p) => ({name: p.zh, path: p.path})),
    {
      name: "English",
      open: false,
      // Its own pager group, so "next page" never crosses languages.
      pager: "en",
      pages: [{name: "Home", path: "/en/"}, ...PAGES.map((p) => ({name: p.en, path: enPath(p.path)}))]
    }
  ],
  dynamicPaths: profilePaths(),
  head,
  header,
  footer,
  // Our own stylesheet (imports Framework's default and the air theme) with a CJK system font
  // stack; no global stylesheets, since the default one is Google Fonts.
  style: "style.css",
  globalStylesheets: [],
  // Links as `about.html` and `en/index.html`: any static server (or file://) can serve them.
  preserveExtension: true,
  preserveIndex: true,
  // The default extensions are downloaded at build time even when no page uses DuckDB-WASM.
  duckdb: {extensions: {json: null, parquet: null}},
  search: false,
  toc: false
};
