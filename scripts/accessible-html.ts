// After `observable build`: two fixes to Framework 1.13's page template that no config option reaches.
// - Zoom: its <meta name="viewport"> carries maximum-scale=1, which stops pinch-zoom on phones (WCAG 1.4.4).
// - Lists: its sidebar puts the close <label> inside an <ol> (axe "list": an <ol> holds <li> only); the label
//   moves just before the list, in the same positioned <nav>, so it looks the same.
// - English pages (en/…): Framework has one site title and one sidebar for every page; on English pages the
//   browser tab says "… | Aging Observatory", the sidebar's home link is "Aging Observatory" (to /en/), the
//   English menu comes first and the Chinese menu is folded under "中文" (localizeEnglishPage).
// - Chinese pages: Framework's sidebar toggle is titled "Toggle sidebar" in the HTML and again by its client
//   ("Toggle sidebar ⌘B"); on Chinese pages both say 显示/隐藏侧边栏 (localizeChinesePage).
// A page without the expected markup fails the build: a Framework upgrade must be looked at, not ignored.
import {readFile, readdir, writeFile} from "node:fs/promises";
import {join, relative, sep} from "node:path";
import {HOME, SITE_TITLE} from "../src/pages.js";

export const FRAMEWORK_VIEWPORT = `<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">`;
export const VIEWPORT = `<meta name="viewport" content="width=device-width, initial-scale=1">`;
const SIDEBAR_CLOSE = `<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>`;
const SIDEBAR_LIST = /<ol>(\s*)<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>/;

export function accessibleHtml(html: string, file = "page"): string {
  if (!html.includes(FRAMEWORK_VIEWPORT)) throw new Error(`${file}: Framework's viewport meta not found (has Framework changed its template?)`);
  let out = html.replace(FRAMEWORK_VIEWPORT, VIEWPORT);
  if (out.includes(SIDEBAR_CLOSE)) {
    if (!SIDEBAR_LIST.test(out)) throw new Error(`${file}: the sidebar's close label is not where Framework 1.13 puts it`);
    out = out.replace(SIDEBAR_LIST, `${SIDEBAR_CLOSE}$1<ol>`);
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SIDEBAR = /<nav id="observablehq-sidebar">([\s\S]*?)<\/nav>/;
const ZH_HOME = new RegExp(`<ol>\\s*<li class="(observablehq-link[^"]*)"><a href="([^"]*)">${escapeRe(SITE_TITLE.zh)}</a></li>\\s*</ol>\\s*<ol>([\\s\\S]*?)\\n\\s*</ol>`);
const EN_SECTION = /<details[^>]*>\s*<summary>English<\/summary>\s*<ol>([\s\S]*?)\n\s*<\/ol>\s*<\/details>/;
const EN_HOME_ITEM = /\n\s*<li class="(observablehq-link[^"]*)"><a href="([^"]*)">Home<\/a><\/li>/;

/** An English page in English: its tab title, its sidebar (English menu first, the Chinese one folded). */
export function localizeEnglishPage(html: string, file = "page"): string {
  const out = html.replace(new RegExp(`(<title>[^<]*?)(?: \\| )?${escapeRe(SITE_TITLE.zh)}</title>`), (_, before: string) =>
    `${before}${before.endsWith(">") ? "" : " | "}${SITE_TITLE.en}</title>`);
  const sidebar = SIDEBAR.exec(out);
  if (!sidebar) return out;
  const zh = ZH_HOME.exec(sidebar[1]);
  const en = EN_SECTION.exec(sidebar[1]);
  const home = en && EN_HOME_ITEM.exec(en[1]);
  if (!zh || !en || !home) throw new Error(`${file}: the sidebar is not as Framework 1.13 and observablehq.config.ts make it (home link, Chinese list, English section)`);
  const [, zhHomeClass, zhHomeHref, zhItems] = zh;
  const [, homeClass, homeHref] = home;
  const enItems = en[1].replace(EN_HOME_ITEM, "");
  const before = sidebar[1].slice(0, zh.index);
  const zhHomeItem = `\n    <li class="${zhHomeClass}"><a href="${zhHomeHref}">${HOME.zh}</a></li>`;
  const nav = `<nav id="observablehq-sidebar">${before}<ol>
    <li class="${homeClass}"><a href="${homeHref}">${SITE_TITLE.en}</a></li>
  </ol>
  <ol>${enItems}
  </ol>
  <details lang="zh-CN">
    <summary>中文</summary>
    <ol>${zhHomeItem}${zhItems}
    </ol>
  </details>
</nav>`;
  return out.slice(0, sidebar.index) + nav + out.slice(sidebar.index + sidebar[0].length);
}

const TOGGLE_TITLE = `id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar"`;
export const TOGGLE_TITLE_ZH = "显示/隐藏侧边栏";
/**
 * Framework's client titles the toggle and its labels when it starts ("Toggle sidebar ⌘B" / "Alt-B"): this script
 * (inlined, no imports) puts the Chinese words in its place, then and whenever the client sets the title again.
 */
export function sidebarTitleScript(): string {
  const body = `(() => {
  const zh = ${JSON.stringify(TOGGLE_TITLE_ZH)};
  const fix = (el) => {
    const m = /^Toggle sidebar\\s*(.*)$/.exec(el.title || "");
    if (m) el.title = m[1] ? zh + "（" + m[1] + "）" : zh;
  };
  const all = () => document.querySelectorAll("#observablehq-sidebar-toggle, label[for='observablehq-sidebar-toggle']").forEach(fix);
  new MutationObserver((records) => records.forEach((r) => r.target instanceof Element && r.target.matches("#observablehq-sidebar-toggle, label[for='observablehq-sidebar-toggle']") && fix(r.target)))
    .observe(document.documentElement, {subtree: true, attributes: true, attributeFilter: ["title"]});
  document.addEventListener("DOMContentLoaded", all);
  all();
})();`;
  return `<script>${body}</script>`;
}

/** A Chinese page in Chinese: the sidebar toggle's tooltip. */
export function localizeChinesePage(html: string, file = "page"): string {
  if (!html.includes(`id="observablehq-sidebar-toggle"`)) return html;
  if (!html.includes(TOGGLE_TITLE)) throw new Error(`${file}: the sidebar toggle is not as Framework 1.13 writes it (title="Toggle sidebar")`);
  if (!html.includes("</head>")) throw new Error(`${file}: no </head>`);
  return html
    .replace(TOGGLE_TITLE, TOGGLE_TITLE.replace(`title="Toggle sidebar"`, `title="${TOGGLE_TITLE_ZH}"`))
    .replace("</head>", `${sidebarTitleScript()}\n</head>`);
}

/** Rewrites every .html file under dir; returns how many. */
export async function makeBuildAccessible(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(entry.parentPath, entry.name);
    const html = accessibleHtml(await readFile(file, "utf8"), file);
    await writeFile(file, relative(dir, file).split(sep)[0] === "en" ? localizeEnglishPage(html, file) : localizeChinesePage(html, file));
    n++;
  }
  return n;
}
