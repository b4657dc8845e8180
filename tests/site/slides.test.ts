// Slide mode (汇报模式) in Chromium: the arrow keys move between slides, and printing gives one slide per page;
// a district profile prints as a one-page brief.
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {chromiumAvailable} from "./browser.ts";
import {ROOT} from "./build.ts";
import {useSite} from "./session.ts";

/** The deck's state as the page shows it: the visible slides and the counter. */
async function deckState(page: Page) {
  return page.evaluate(() => {
    const slides = Array.from(document.querySelectorAll<HTMLElement>(".deck .slide"));
    const visible = slides.filter((s) => getComputedStyle(s).visibility === "visible");
    return {
      count: slides.length,
      visible: visible.map((s) => Number(s.dataset.index)),
      headline: visible[0]?.querySelector(".slide-headline")?.textContent ?? "",
      // the counter of the slide on screen (each slide's footer has its own)
      counter: document.querySelector(".deck .slide.active .deck-counter")?.textContent ?? ""
    };
  });
}

/** Pages in a PDF: Chromium writes one "/Type /Page" object per page (and "/Type /Pages" for the tree). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe.runIf(chromiumAvailable())("slide mode", () => {
  // the site and a browser (tests/site/session.ts)
  const site = useSite();

  async function open(path: string): Promise<Page> {
    const {browser, server} = site;
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
      // (the hash is written after the slide changes: wait for it rather than read it at once)
      await expect.poll(() => new URL(page.url()).hash, {timeout: 5_000}).toBe("#2");
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

  /** Open the deck at 1920 × 1080 in presenting mode (full window; headless Chromium may refuse real full screen). */
  async function present(path: string): Promise<Page> {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    await page.setViewportSize({width: 1920, height: 1080});
    await page.goto(server.url(path), {waitUntil: "networkidle"});
    await page.waitForSelector(".deck .slide.active", {timeout: 20_000});
    await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
    await page.evaluate(() => (Element.prototype.requestFullscreen = () => Promise.resolve()));
    await page.keyboard.press("f");
    await page.waitForFunction(() => document.querySelector(".deck")?.classList.contains("presenting"));
    return page;
  }

  /** What a viewer sees on the active slide, in screen pixels. */
  async function measureSlide(page: Page) {
    await page.waitForTimeout(150);
    return page.evaluate(() => {
      const slide = document.querySelector<HTMLElement>(".deck .slide.active")!;
      const box = slide.getBoundingClientRect();
      const visibleText = (el: Element) => {
        const text = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("").trim();
        return text.length > 0;
      };
      const sizes: {text: string; px: number}[] = [];
      for (const el of Array.from(slide.querySelectorAll("*"))) {
        if (!visibleText(el)) continue;
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        // the rendered size: the computed size times the canvas scale
        const scale = Number(document.querySelector<HTMLElement>(".deck")!.dataset.scale ?? 1);
        sizes.push({text: (el.textContent ?? "").trim().slice(0, 40), px: parseFloat(getComputedStyle(el).fontSize) * scale});
      }
      const headline = slide.querySelector(".slide-headline")!;
      const scale = Number(document.querySelector<HTMLElement>(".deck")!.dataset.scale ?? 1);
      const body = slide.querySelector(".slide-body")!.getBoundingClientRect();
      const drawn = Array.from(slide.querySelectorAll(".slide-body svg, .slide-body table")).map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height);
      const union = drawn.length
        ? {
            width: Math.max(...drawn.map((r) => r.right)) - Math.min(...drawn.map((r) => r.left)),
            height: Math.max(...drawn.map((r) => r.bottom)) - Math.min(...drawn.map((r) => r.top))
          }
        : null;
      const texts = Array.from(slide.querySelectorAll(".slide-body svg text")).map((t) => ({text: t.textContent ?? "", r: t.getBoundingClientRect()})).filter((t) => t.r.width && t.text.trim());
      const overlaps: string[] = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i]!.r, b = texts[j]!.r;
          const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (ox > 2 && oy > 2) overlaps.push(`${texts[i]!.text} × ${texts[j]!.text}`);
        }
      }
      const outside = texts.filter((t) => t.r.left < box.left - 1 || t.r.right > box.right + 1 || t.r.top < box.top - 1 || t.r.bottom > box.bottom + 1).map((t) => t.text);
      const counters = Array.from(document.querySelectorAll(".deck *")).filter((e) => /^\s*\d+\s*\/\s*\d+\s*$/.test(e.textContent ?? "") && e.children.length === 0 && e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility === "visible");
      return {
        slide: {width: box.width, height: box.height},
        cover: slide.classList.contains("cover"),
        text: slide.innerText,
        headlinePx: parseFloat(getComputedStyle(headline).fontSize) * scale,
        minPx: Math.min(...sizes.map((s) => s.px)),
        smallest: sizes.sort((a, b) => a.px - b.px)[0],
        body: {width: body.width, height: body.height},
        union,
        overlaps,
        outside,
        counters: counters.length
      };
    });
  }

  it.each(["slides.html", "en/slides.html"])("%s at 1920 × 1080: legible text, charts filling the body, no label collisions", async (path) => {
    const page = await present(path);
    try {
      const count = await page.$$eval(".deck .slide", (s) => s.length);
      for (let i = 0; i < count; i++) {
        const m = await measureSlide(page);
        const where = `${path} slide ${i + 1}`;
        expect(m.slide.width, where).toBeCloseTo(1920, -1);
        expect(m.slide.height, where).toBeCloseTo(1080, -1);
        expect(m.headlinePx, where).toBeGreaterThanOrEqual(40);
        expect(m.minPx, `${where}: "${m.smallest?.text}"`).toBeGreaterThanOrEqual(20);
        expect(m.overlaps, where).toEqual([]);
        expect(m.outside, where).toEqual([]);
        expect(m.counters, where).toBe(1);
        // no instructions for the audience on a slide
        expect(m.text, where).not.toMatch(/←|→|PageUp|PageDown|F 键|全屏|full screen|press/i);
        if (!m.cover && m.union) {
          expect(m.union.height, `${where}: chart height`).toBeGreaterThanOrEqual(0.85 * m.body.height);
          expect(m.union.width, `${where}: chart width`).toBeGreaterThanOrEqual(0.85 * m.body.width);
        }
        await page.keyboard.press("ArrowRight");
      }
    } finally {
      await page.close();
    }
  });

  it("opens on a cover with the bureau, the title, the date and the synthetic-data note", async () => {
    const page = await present("slides.html");
    try {
      const m = await measureSlide(page);
      expect(m.cover).toBe(true);
      const config = JSON.parse(await readFile(join(ROOT, "aging.config.json"), "utf8")).site;
      expect(m.text).toContain(config.bureau_zh);
      expect(m.text).toContain(config.title_zh);
      expect(m.text).toMatch(/数据截至 \d{4}年\d{1,2}月\d{1,2}日/);
      expect(m.text).toMatch(/合成数据/);
    } finally {
      await page.close();
    }
  });

  it("shows the keys in a help overlay on ?, off the slides", async () => {
    const page = await open("slides.html");
    try {
      const isOpen = () => page.$eval(".deck-help", (e) => getComputedStyle(e).display !== "none");
      expect(await isOpen()).toBe(false);
      await page.keyboard.press("?");
      expect(await isOpen()).toBe(true);
      expect(await page.$eval(".deck-help", (e) => e.textContent)).toMatch(/PageDown/);
      await page.keyboard.press("Escape");
      expect(await isOpen()).toBe(false);
    } finally {
      await page.close();
    }
  });

  it("keeps the slide when switching language", async () => {
    const page = await open("slides.html");
    try {
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      const href = await page.$eval(".lang-switch a", (a) => a.getAttribute("href") ?? "");
      expect(href).toMatch(/#3$/);
      await page.click(".lang-switch a");
      await page.waitForSelector(".deck .slide.active");
      // the deck drawn at build time (scripts/prerender.ts) is in the HTML until the live one replaces it
      await page.waitForFunction(() => !document.querySelector("observablehq-loading"), null, {timeout: 20_000});
      expect(page.url()).toMatch(/en\/slides\.html#3$/);
      expect((await deckState(page)).visible).toEqual([2]);
    } finally {
      await page.close();
    }
  });

  it.each(["slides.html", "en/slides.html"])("%s#3 shows slide 3 from the first paint, before the live deck loads", async (path) => {
    const {browser, server} = site;
    const page = await browser.context.newPage();
    try {
      // no module script loads: what shows is the deck drawn at build time (scripts/prerender.ts) and its inline script
      await page.route("**/*.js", (route) => route.abort("blockedbyclient"));
      await page.goto(server.url(`${path}#3`), {waitUntil: "load"});
      expect(await page.locator("observablehq-loading.prerendered .deck").count(), "the build-time deck").toBe(1);
      const state = await deckState(page);
      expect(state.visible).toEqual([2]);
      expect(state.counter).toBe(`3 / ${state.count}`);
      // the language switch keeps the slide from the first paint too
      expect(await page.$eval(".lang-switch a", (a) => a.getAttribute("href") ?? "")).toMatch(/#3$/);
    } finally {
      await page.close();
    }
  });

  it.each(["slides.html", "en/slides.html"])("%s links to both editable PowerPoint files", async (path) => {
    const page = await open(path);
    try {
      const links = await page.$$eval("a.deck-download", (as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links).toHaveLength(2);
      for (const href of links) {
        expect(href).toMatch(/aging-briefing-(zh|en)\.[0-9a-f]+\.pptx$/);
        const response = await page.request.get(href);
        expect(response.status()).toBe(200);
        const body = await response.body();
        expect(body.subarray(0, 2).toString("latin1")).toBe("PK");
      }
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
  // the site and a browser (tests/site/session.ts)
  const site = useSite();

  it("prints each language's first profile on one A4 page", async () => {
    const {browser, server, build} = site;
    const built = (await readdir(join(build.outDir, "district"))).filter((f) => f.endsWith(".html")).sort();
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
