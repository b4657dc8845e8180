// Screenshots of a built site for looking at it: every slide at 1920 × 1080 in presenting mode, and each page at
// 1440 and 390 wide in both languages.
//   tsx scripts/screenshots.ts --dist DIR --out DIR [--base /] [--only slides|pages]
import {mkdir} from "node:fs/promises";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {launchBrowser} from "../tests/site/browser.ts";
import {serveStatic} from "./static-server.ts";
import {allPagePaths} from "../observablehq.config.ts";

const {values} = parseArgs({options: {dist: {type: "string"}, out: {type: "string"}, base: {type: "string"}, only: {type: "string"}}});
const dist = values.dist ?? "dist";
const out = values.out ?? "tests/output/screenshots";
const base = values.base ?? "/";
await mkdir(out, {recursive: true});
const server = await serveStatic(dist, base);
const browser = await launchBrowser();
const settle = async (page: import("playwright-core").Page) => {
  await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 30_000}).catch(() => {});
  await page.waitForTimeout(600);
};
try {
  if (values.only !== "pages") {
    for (const lang of ["zh", "en"]) {
      const page = await browser.context.newPage();
      await page.setViewportSize({width: 1920, height: 1080});
      await page.goto(server.url(lang === "zh" ? "slides.html" : "en/slides.html"), {waitUntil: "networkidle"});
      await page.waitForSelector(".deck .slide.active");
      await settle(page);
      await page.evaluate(() => (Element.prototype.requestFullscreen = () => Promise.resolve()));
      await page.keyboard.press("f");
      const count = await page.$$eval(".deck .slide", (s) => s.length);
      for (let i = 0; i < count; i++) {
        await page.waitForTimeout(300);
        await page.screenshot({path: join(out, `slide-${lang}-${i + 1}.png`)});
        await page.keyboard.press("ArrowRight");
      }
      await page.close();
    }
  }
  if (values.only !== "slides") {
    for (const path of allPagePaths()) {
      for (const width of [1440, 390]) {
        const page = await browser.context.newPage();
        await page.setViewportSize({width, height: width === 390 ? 844 : 900});
        const file = path.endsWith("/") ? `${path}index.html` : `${path}.html`;
        await page.goto(server.url(file.replace(/^\//, "")), {waitUntil: "networkidle"});
        await settle(page);
        const name = (path.replace(/^\//, "").replace(/\//g, "-") || "index").replace(/-$/, "-index");
        await page.screenshot({path: join(out, `page-${name}-${width}.png`), fullPage: true});
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
