// The label check itself (tests/site/labels.ts), on small hand-made SVGs in Chromium: it must find what a reader
// sees as a collision and pass what a reader does not, or the page checks (browser.test.ts, slides.test.ts) prove
// nothing. No site build needed.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {chromiumAvailable, launchBrowser, type Browser} from "./browser.ts";
import {labelFaults} from "./labels.ts";

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
