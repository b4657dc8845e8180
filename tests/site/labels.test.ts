// The label check itself (tests/site/labels.ts), on small hand-made SVGs in Chromium: it must find what a reader
// sees as a collision and pass what a reader does not, or the page checks (browser.test.ts, slides.test.ts) prove
// nothing. No site build needed.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {chromiumAvailable, launchBrowser, type Browser} from "./browser.ts";
import {GRAZE, labelFaults} from "./labels.ts";

const ci = Boolean(process.env.CI) && process.env.CI !== "false";

describe.runIf(chromiumAvailable() || ci)("label check (labels.ts)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The faults labelFaults finds in an SVG (inner markup) drawn alone in the page's main column. */
  async function faultsOf(svg: string) {
    const page = await browser.context.newPage();
    try {
      await page.setContent(`<div id="observablehq-main"><svg width="400" height="300" style="font: 12px sans-serif">${svg}</svg></div>`);
      return await labelFaults(page);
    } finally {
      await page.close();
    }
  }

  it("finds a leader line (a d3 <line> or a Plot link) through a label, not one that passes it", async () => {
    const label = `<text x="100" y="100" font-size="16">东原区</text>`;
    expect(await faultsOf(`${label}<line x1="20" y1="95" x2="300" y2="95" stroke="black"></line>`)).toContainEqual(expect.objectContaining({kind: "crossed", text: "东原区"}));
    expect(await faultsOf(`${label}<g aria-label="link"><path d="M20,95L300,95" stroke="black"></path></g>`)).toContainEqual(expect.objectContaining({kind: "crossed", text: "东原区"}));
    expect(await faultsOf(`${label}<line x1="20" y1="70" x2="300" y2="70" stroke="black"></line>`)).toEqual([]);
  });

  it(`finds a leader line grazing a label (closer than ${GRAZE} px to its box), not one clear of it nor the label it ends at`, async () => {
    // 16 px text at y = 100: its box spans about y 84–104. A line 4 px above the box (the aging map's 东原区 before
    // the fix), one 12 px above it, and a line ending beside its own name
    const label = `<text x="100" y="100" font-size="16">东原区</text>`;
    const above = async (gap: number, line: (y: number) => string) => {
      const page = await browser.context.newPage();
      try {
        await page.setContent(`<div id="observablehq-main"><svg width="400" height="300" style="font: 12px sans-serif">${label}</svg></div>`);
        const top = await page.evaluate(() => document.querySelector("text")!.getBoundingClientRect().top - document.querySelector("svg")!.getBoundingClientRect().top);
        await page.evaluate((markup) => document.querySelector("svg")!.insertAdjacentHTML("beforeend", markup), line(top - gap));
        return await labelFaults(page);
      } finally {
        await page.close();
      }
    };
    const d3Line = (y: number) => `<line x1="20" y1="${y}" x2="300" y2="${y}" stroke="black"></line>`;
    const plotLink = (y: number) => `<g aria-label="link"><path d="M100,${y}L300,${y - 40}" stroke="black"></path></g>`;
    expect(await above(4, d3Line)).toContainEqual(expect.objectContaining({kind: "grazed", text: "东原区"}));
    expect(await above(GRAZE - 1, d3Line)).toContainEqual(expect.objectContaining({kind: "grazed", text: "东原区"}));
    expect(await above(12, d3Line)).toEqual([]);
    // a slanted Plot link starting 3 px above the box's left end, rising away from it
    expect(await above(3, plotLink)).toContainEqual(expect.objectContaining({kind: "grazed", text: "东原区"}));
    // a leader ending 4 px left of its own name, at the name's middle height: the name's own line
    expect(await faultsOf(`${label}<line x1="20" y1="60" x2="96" y2="94" stroke="black"></line>`)).toEqual([]);
    // a line through the label is "crossed", not also "grazed"
    const through = await faultsOf(`${label}<line x1="20" y1="95" x2="300" y2="95" stroke="black"></line>`);
    expect(through.map((f) => f.kind)).toEqual(["crossed"]);
  });

  it("measures rotated labels by their own boxes: neighbours in a rotated axis pass, two on one spot fail", async () => {
    // column names turned −35°, 40 px apart: their page boxes overlap, the text does not
    const names = ["Qinghu", "Guhuai", "Mingquan", "Hi-tech Zone"]
      .map((n, i) => `<text transform="translate(${60 + 40 * i},150) rotate(-35)" text-anchor="start">${n}</text>`).join("");
    expect(await faultsOf(names)).toEqual([]);
    const pile = `<text transform="translate(100,150) rotate(-35)">Hi-tech Zone</text><text transform="translate(104,148) rotate(-35)">Anfeng District</text>`;
    expect(await faultsOf(pile)).toContainEqual(expect.objectContaining({kind: "overlap"}));
    // and labels drawn flat still overlap by their page boxes
    expect(await faultsOf(`<text x="100" y="100">Guhuai</text><text x="110" y="102">Qinghu</text>`)).toContainEqual(expect.objectContaining({kind: "overlap"}));
  });
});
