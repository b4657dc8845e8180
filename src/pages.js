// The site's pages, once, and the page loaders' renderer: one source per page for every language.
//
// Each page has ONE source, src/[lang]/<page>.md (district profiles: src/[lang]/district/[code].md), written
// as an Observable Framework page parameterized by the language: its code reads `observable.params.lang`,
// and text that is not built by code sits in language blocks:
//
//   <!-- zh -->
//   中文段落
//   <!-- en -->
//   English paragraph
//   <!-- end -->
//
// Four page loaders serve the sources at today's URLs (Chinese at the root, English under /en/):
// src/[page].md.js, src/en/[page].md.js, src/district/[code].md.js, src/en/district/[code].md.js. Each
// calls renderPage(lang): it keeps the blocks of that language, replaces `observable.params.lang` by the
// language and writes the page title (from PAGES, below) into the front matter. A language is added here
// (LANGS, the titles) and in the i18n dictionary, never by copying a page.
//
// Framework itself never builds the sources in src/[lang]/ (a bracketed folder is not a page folder, and
// dynamicPaths lists only the loaders' URLs). This file runs in Node (the loaders) and is imported by
// observablehq.config.ts; pages never import it.
import {existsSync, readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

/** The languages, the first at the site's root; `prefix` is the URL folder of the others. */
export const LANGS = [
  {lang: "zh", prefix: "", htmlLang: "zh-CN"},
  {lang: "en", prefix: "/en", htmlLang: "en"}
];

/**
 * The site's pages in sidebar order (the home page is implicit). The sidebar, the page titles, the
 * language switch and the browser tests read this list. `source` is the page's file in src/[lang]/.
 */
export const PAGES = [
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

/** The site's name per language: the sidebar's home link, the browser tab's title suffix, the footer. */
export const SITE_TITLE = {zh: "养老服务监测平台", en: "Aging Observatory"};

/** Titles of the pages that are not in the sidebar list: the home page and the district profile. */
export const HOME = {path: "/index", zh: "总览", en: "Overview"};
export const PROFILE = {path: "/district/[code]", zh: "区县档案", en: "District profile"};

const SOURCES = fileURLToPath(new URL("./[lang]/", import.meta.url));

/** The source file of a page ("/aging" → src/[lang]/aging.md). */
export function sourceFile(page) {
  return `${SOURCES}${page.replace(/^\//, "")}.md`;
}

/** Keep the blocks of one language: `<!-- zh -->` … `<!-- en -->` … `<!-- end -->`. */
export function selectLanguage(text, lang, where = "page") {
  const names = new Set(LANGS.map((l) => l.lang));
  const out = [];
  let block = null;
  let seen = new Set();
  text.split("\n").forEach((line, i) => {
    const marker = /^\s*<!--\s*([a-z]+)\s*-->\s*$/.exec(line);
    if (marker && (names.has(marker[1]) || marker[1] === "end")) {
      if (marker[1] === "end") {
        if (block == null) throw new Error(`${where}:${i + 1}: <!-- end --> without an open language block`);
        const missing = [...names].filter((n) => !seen.has(n));
        if (missing.length) throw new Error(`${where}:${i + 1}: language block without ${missing.join(", ")}`);
        block = null;
        seen = new Set();
      } else {
        if (seen.has(marker[1])) throw new Error(`${where}:${i + 1}: <!-- ${marker[1]} --> twice in one block`);
        block = marker[1];
        seen.add(block);
      }
      return;
    }
    if (block == null || block === lang) out.push(line);
  });
  if (block != null) throw new Error(`${where}: a language block is not closed with <!-- end -->`);
  return out.join("\n");
}

/** The page's title in a language. */
export function pageTitle(page, lang) {
  const entry = [HOME, PROFILE, ...PAGES].find((p) => p.path === page);
  if (!entry) throw new Error(`no title for page ${page}: add it to PAGES in src/pages.js`);
  return entry[lang];
}

/** The Markdown of one page in one language, as its page loader writes it. */
export function renderPage(page, lang) {
  if (!LANGS.some((l) => l.lang === lang)) throw new Error(`unknown language: ${lang}`);
  const file = sourceFile(page);
  if (!existsSync(file)) throw new Error(`no page source for ${page}: ${file}`);
  const source = readFileSync(file, "utf8");
  const front = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (front && /^title:/m.test(front[1])) throw new Error(`${file}: the title comes from PAGES in src/pages.js, not the front matter`);
  const body = selectLanguage(front ? source.slice(front[0].length) : source, lang, file).replaceAll("observable.params.lang", JSON.stringify(lang));
  const matter = [`title: ${JSON.stringify(pageTitle(page, lang))}`, ...(front ? [front[1]] : [])].join("\n");
  return `---\n${matter}\n---\n${body}`;
}

/** For a page loader: `--page=aging` (or `--code=…` for profiles) from Framework's arguments. */
export function loaderParam(argv, name) {
  const arg = argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}
