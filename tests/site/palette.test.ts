// The palette (src/components/palette.js) reaches WCAG 2.1 AA contrast on the backgrounds the site draws on,
// and Framework's viewport meta is replaced so pages can be zoomed (scripts/accessible-html.ts).
import {describe, expect, it} from "vitest";
import {BACKGROUNDS, STATUS, STATUS_SYMBOLS, contrastRatio, contrastRequirements} from "../../src/components/palette.js";
import {accessibleHtml, FRAMEWORK_VIEWPORT, VIEWPORT} from "../../scripts/accessible-html.ts";

describe("palette", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
  });

  it("gives text 4.5:1 and marks 3:1 on the page and on cards", () => {
    const failures = contrastRequirements().flatMap(([name, colour, min, against]) =>
      (against ? against.map((c) => [c, c]) : Object.entries(BACKGROUNDS))
        .map(([bg, background]) => ({name, colour, bg, ratio: contrastRatio(colour, background!), min}))
        .filter((r) => r.ratio < r.min)
        .map((r) => `${r.name} ${r.colour} on ${r.bg}: ${r.ratio.toFixed(2)} < ${r.min}`)
    );
    expect(failures).toEqual([]);
    // the test checks something: Framework's own muted grey would fail on cards
    expect(contrastRatio("#76787b", BACKGROUNDS.card)).toBeLessThan(4.5);
  });

  it("sets the target statuses apart by symbol as well as colour", () => {
    expect(new Set(Object.values(STATUS_SYMBOLS)).size).toBe(Object.keys(STATUS).length);
    expect(Object.keys(STATUS_SYMBOLS).sort()).toEqual(Object.keys(STATUS).sort());
  });
});

describe("accessible HTML", () => {
  const page = `<head>${FRAMEWORK_VIEWPORT}</head><nav id="observablehq-sidebar">\n  <ol>\n    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>\n    <li>x</li></ol></nav>`;

  it("allows zoom and keeps only list items in the sidebar's list", () => {
    const out = accessibleHtml(page);
    expect(out).toContain(VIEWPORT);
    expect(out).not.toContain("maximum-scale");
    expect(out).toMatch(/<\/label>\s*<ol>\s*<li>/);
  });

  it("fails on a page Framework no longer writes the same way", () => {
    expect(() => accessibleHtml("<head></head>", "x.html")).toThrow(/x\.html: Framework's viewport meta not found/);
  });
});
