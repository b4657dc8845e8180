// Slide mode (汇报模式) in Chromium: the arrow keys move between slides, and printing gives one slide per page;
// a district profile prints as a one-page brief.
import {readdir} from "node:fs/promises";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {chromiumAvailable, launchBrowser, serveStatic, type Browser, type StaticServer} from "./browser.ts";
import {BASE_PATH, siteBuild} from "./build.ts";

/** The deck's state as the page shows it: the visible slides and the counter. */
async function deckState(page: Page) {
  return page.evaluate(() => {
    const slides = Array.from(document.querySelectorAll<HTMLElement>(".deck .slide"));
    const visible = slides.filter((s) => getComputedStyle(s).visibility === "visible");
    return {
      count: slides.length,
      visible: visible.map((s) => Number(s.dataset.index)),
      headline: visible[0]?.querySelector(".slide-headline")?.textContent ?? "",
      counter: document.querySelector(".deck-counter")?.textContent ?? ""
    };
  });
}

/** Pages in a PDF: Chromium writes one "/Type /Page" object per page (and "/Type /Pages" for the tree). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe.runIf(chromiumAvailable())("slide mode", () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    const build = await siteBuild();
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    server = await serveStatic(build.outDir, BASE_PATH);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(server.url(path), {waitUntil: "networkidle"});
    await page.waitForSelector(".deck .slide.active", {timeout: 20_000});
    await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
    return page;
  }

  it.each(["slides.html", "en/slides.html"])("%s: 8–12 slides, one visible, each with a headline", async (path) => {
    const page = await open(path);
    try {
      const state = await deckState(page);
      expect(state.count).toBeGreaterThanOrEqual(8);
      expect(state.count).toBeLessThanOrEqual(12);
      expect(state.visible).toEqual([0]);
      const headlines = await page.$$eval(".deck .slide-headline", (els) => els.map((e) => e.textContent?.trim() ?? ""));
      expect(headlines.every((h) => h.length > 0)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("answers the arrow keys, PageUp/PageDown and Home/End", async () => {
    const page = await open("slides.html");
    try {
      const first = await deckState(page);
      await page.keyboard.press("ArrowRight");
      const second = await deckState(page);
      expect(second.visible).toEqual([1]);
      expect(second.headline).not.toBe(first.headline);
      expect(second.counter).toBe(`2 / ${first.count}`);
      await page.keyboard.press("PageDown");
      expect((await deckState(page)).visible).toEqual([2]);
      await page.keyboard.press("PageUp");
      await page.keyboard.press("ArrowLeft");
      expect((await deckState(page)).visible).toEqual([0]);
      // No slide before the first.
      await page.keyboard.press("ArrowLeft");
      expect((await deckState(page)).visible).toEqual([0]);
      await page.keyboard.press("End");
      expect((await deckState(page)).visible).toEqual([first.count - 1]);
      await page.keyboard.press("Home");
      expect((await deckState(page)).visible).toEqual([0]);
      // The slide number is in the URL, so a link opens that slide.
      await page.keyboard.press("ArrowRight");
      expect(new URL(page.url()).hash).toBe("#2");
    } finally {
      await page.close();
    }
  });

  it("has a full-screen button that asks for full screen", async () => {
    const page = await open("slides.html");
    try {
      await page.evaluate(() => {
        const w = window as unknown as {fullscreenRequested: boolean};
        w.fullscreenRequested = false;
        // Headless Chromium may refuse real full screen: record the request instead.
        Element.prototype.requestFullscreen = function () {
          w.fullscreenRequested = this.classList.contains("deck");
          return Promise.resolve();
        };
      });
      await page.click(".deck-fullscreen");
      expect(await page.evaluate(() => (window as unknown as {fullscreenRequested: boolean}).fullscreenRequested)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it.each(["slides.html", "en/slides.html"])("%s prints one slide per page", async (path) => {
    const page = await open(path);
    try {
      await page.emulateMedia({media: "print"});
      const layout = await page.evaluate(() => {
        const slides = Array.from(document.querySelectorAll<HTMLElement>(".deck .slide"));
        return {
          count: slides.length,
          visible: slides.filter((s) => getComputedStyle(s).visibility === "visible" && getComputedStyle(s).display !== "none").length,
          // Every slide but the last ends its page.
          breaks: slides.slice(0, -1).filter((s) => {
            const style = getComputedStyle(s);
            return style.breakAfter === "page" || style.getPropertyValue("page-break-after") === "always";
          }).length,
          sidebarHidden: getComputedStyle(document.querySelector("#observablehq-sidebar") ?? document.body).display === "none"
        };
      });
      expect(layout.visible).toBe(layout.count);
      expect(layout.breaks).toBe(layout.count - 1);
      expect(layout.sidebarHidden).toBe(true);
      const pdf = await page.pdf({preferCSSPageSize: true, printBackground: true});
      expect(pdfPageCount(pdf)).toBe(layout.count);
    } finally {
      await page.close();
    }
  });
});

describe.runIf(chromiumAvailable())("district profile as a printed brief", () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    const build = await siteBuild();
    if (build.code !== 0) throw new Error(`site build failed:\n${build.output}`);
    server = await serveStatic(build.outDir, BASE_PATH);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("prints each language's first profile on one A4 page", async () => {
    const built = (await readdir(join((await siteBuild()).outDir, "district"))).filter((f) => f.endsWith(".html")).sort();
    expect(built.length).toBeGreaterThan(0);
    for (const path of [`district/${built[0]}`, `en/district/${built[0]}`]) {
      const page = await browser.context.newPage();
      try {
        await page.goto(server.url(path), {waitUntil: "networkidle"});
        await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
        await page.emulateMedia({media: "print"});
        const pdf = await page.pdf({preferCSSPageSize: true, printBackground: true});
        expect(pdfPageCount(pdf), path).toBe(1);
      } finally {
        await page.close();
      }
    }
  });
});
