// After `observable build`: two fixes to Framework 1.13's page template that no config option reaches.
// - Zoom: its <meta name="viewport"> carries maximum-scale=1, which stops pinch-zoom on phones (WCAG 1.4.4).
// - Lists: its sidebar puts the close <label> inside an <ol> (axe "list": an <ol> holds <li> only); the label
//   moves just before the list, in the same positioned <nav>, so it looks the same.
// A page without the expected markup fails the build: a Framework upgrade must be looked at, not ignored.
import {readFile, readdir, writeFile} from "node:fs/promises";
import {join} from "node:path";

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

/** Rewrites every .html file under dir; returns how many. */
export async function makeBuildAccessible(dir: string): Promise<number> {
  let n = 0;
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = join(entry.parentPath, entry.name);
    await writeFile(file, accessibleHtml(await readFile(file, "utf8"), file));
    n++;
  }
  return n;
}
