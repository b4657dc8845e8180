// Observable Framework configuration: an offline, bilingual site under src/ (Chinese at the root, English
// under /en/), each page from one source in src/[lang]/ (see src/pages.js).
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {PAGES, SITE_TITLE, type Lang} from "./src/pages.js";
import {accessibleCharts} from "./src/components/a11y.js";
import {THEME} from "./src/components/palette.js";

const SRC = fileURLToPath(new URL("./src/", import.meta.url));

/**
 * The site's pages (src/pages.js): each has one source, src/[lang]/<page>.md, that the page loaders
 * src/[page].md.js (Chinese, at the root) and src/en/[page].md.js (English, /en/) render. The sidebar, the language switch and the
 * browser test all read this list. The home pages (/ and /en/) are implicit.
 */
export {PAGES};

/** Every page path in both languages, e.g. ["/", "/about", "/en/", "/en/about"]. */
export function allPagePaths(): string[] {
  const zh = ["/", ...PAGES.map((p) => p.path)];
  return [...zh, ...zh.map(enPath)];
}

const enPath = (zhPath: string) => (zhPath === "/" ? "/en/" : `/en${zhPath}`);

export type {Lang};

export function pageLang(path: string): Lang {
  return path === "/en" || path.startsWith("/en/") ? "en" : "zh";
}

/** The other language's version of a page path as Framework gives it ("/index", "/en/about"). */
export function twinPath(path: string): string {
  const page = path.replace(/\/index$/, "/");
  if (pageLang(page) === "en") return page.slice("/en".length) || "/";
  return enPath(page);
}

/** The routes the page loaders serve: every page in both languages, then the district profiles. */
function pageRoutes(): string[] {
  return allPagePaths().map((p) => (p.endsWith("/") ? `${p}index` : p));
}

function pageExists(path: string): boolean {
  const page = path.endsWith("/") ? `${path}index` : path;
  return pageRoutes().includes(page) || profilePaths().includes(page);
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

/** One profile per district and language (page loaders src/district/[code].md.js, src/en/district/[code].md.js). */
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
  const target = pageExists(twin) ? twin : lang === "zh" ? "/en/" : "/";
  const label = lang === "zh" ? "English" : "中文";
  const hreflang = lang === "zh" ? "en" : "zh-CN";
  return `<nav class="lang-switch" aria-label="${lang === "zh" ? "语言" : "Language"}"><a href="${target}" hreflang="${hreflang}" lang="${hreflang}">${label}</a></nav>`;
}

function footer({path}: {path: string}): string {
  const lang = pageLang(path);
  const name = SITE_TITLE[lang];
  // in the page's language only (a Chinese page with an English note reads as unfinished)
  const demo = siteMeta().demo ? ` · <span class="demo-note">${lang === "zh" ? "示例数据为合成数据" : "Demo data is synthetic"}</span>` : "";
  return `${name}${demo}`;
}

/** The palette's theme colours (src/components/palette.js, checked for contrast) as CSS variables. */
const themeStyle = `<style>:root:root { ${Object.entries(THEME).map(([name, colour]) => `${name}: ${colour};`).join(" ")} }</style>`;

function head({path}: {path: string}): string {
  // Sets <html lang> (Framework's template has none) so screen readers and CJK glyph choice are right.
  // An empty inline icon: without one the browser asks the server for /favicon.ico and logs a 404.
  // The theme colours, then the charts' accessibility fixes (src/components/a11y.js), before any page module.
  return [
    `<link rel="icon" href="data:,">`,
    `<script>document.documentElement.lang = ${JSON.stringify(pageLang(path) === "zh" ? "zh-CN" : "en")};</script>`,
    themeStyle,
    `<script>(${accessibleCharts.toString()})();</script>`
  ].join("\n");
}

export default {
  root: "src",
  // Framework has one title and one sidebar for the whole site: English pages get theirs after the build
  // (scripts/accessible-html.ts localizeEnglishPage: English title, English menu first, Chinese menu folded).
  title: SITE_TITLE.zh,
  home: SITE_TITLE.zh,
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
  // Framework lists no parameterized page by itself: the loaders' routes, then one profile per district.
  dynamicPaths: [...pageRoutes(), ...profilePaths()],
  // TypeScript data loaders in node with tsx's loader, not through the `tsx` command (which starts a second node
  // process for each loader): the same output, ~0.2 s less CPU per loader (about a sixth; measured on 5 loaders).
  interpreters: {".ts": ["node", "--import", "tsx"]},
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
