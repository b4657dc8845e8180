// Label collisions a reader sees: SVG text outside its chart or card, and SVG text boxes overlapping each other
// (getBoundingClientRect of every visible <text> / <tspan>-less text element in the page's main column).
import type {Page} from "playwright-core";

export interface LabelFault {
  kind: "overlap" | "outside" | "crossed";
  text: string;
  other?: string;
}

/** The label faults on the page as it is now (call after the charts have rendered). */
export async function labelFaults(page: Page): Promise<LabelFault[]> {
  // A string, not a function: the TypeScript runner would wrap a function's inner names in a helper the page lacks.
  return page.evaluate(`(() => {
    const faults = [];
    const visible = (el) => {
      const s = getComputedStyle(el);
      return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0;
    };
    for (const svg of Array.from(document.querySelectorAll("#observablehq-main svg"))) {
      // a chart in a card is itself aria-hidden (its card's table speaks for it: a11y.js) and is still checked; what
      // sits inside a hidden container (an inactive slide) is not seen and is not
      if (!visible(svg) || (svg.parentElement && svg.parentElement.closest("[aria-hidden='true'], .slide:not(.active)"))) continue;
      const box = svg.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      // the card (or figure) the chart sits in bounds its labels; else the svg itself
      const card = (svg.closest(".card") ?? svg.closest("figure, .deck-stage") ?? svg).getBoundingClientRect();
      const texts = Array.from(svg.querySelectorAll("text"))
        .filter((t) => (t.textContent ?? "").trim() && visible(t))
        .map((t) => ({t, text: (t.textContent ?? "").trim(), r: t.getBoundingClientRect()}))
        .filter((x) => x.r.width > 0 && x.r.height > 0);
      for (const x of texts) {
        // 3 px of slack: a legend's end tick may poke a glyph's side bearing past the edge, which nobody sees
        if (x.r.left < card.left - 3 || x.r.right > card.right + 3 || x.r.top < card.top - 3 || x.r.bottom > card.bottom + 3) {
          faults.push({kind: "outside", text: x.text});
        }
      }
      // reference lines (Plot rule and tick marks: targets, the city, thresholds) must not run through a label
      const lines = Array.from(svg.querySelectorAll("g[data-mark='rule'] line, g[aria-label='rule'] line, g[data-mark='tick'] line, g[aria-label='tick'] line"))
        .filter((l) => visible(l))
        .map((l) => l.getBoundingClientRect());
      for (const x of texts) {
        for (const l of lines) {
          // a line's box has no stroke width (a vertical rule is 0 px wide): it crosses a label when it passes
          // through the label's box, 1 px in from its sides and 2 px in from its top and bottom (glyph-box slack)
          if (l.right > x.r.left + 1 && l.left < x.r.right - 1 && l.bottom > x.r.top + 2 && l.top < x.r.bottom - 2) {
            faults.push({kind: "crossed", text: x.text});
            break;
          }
        }
      }
      // data lines and leader lines (Plot line and link marks: a trend, a callout's leader) must not run through a
      // label either: points along each path every 2 px, in page pixels, tested against the labels' boxes (inset
      // 1 px at the sides and 15 % of the height at the top and bottom, where a glyph box has no ink)
      const paths = Array.from(svg.querySelectorAll("g[aria-label='line'] path, g[data-mark='line'] path, g[aria-label='link'] path, g[data-mark='link'] path"))
        .filter((p) => visible(p) && typeof p.getTotalLength === "function");
      const points = [];
      for (const p of paths) {
        const m = p.getScreenCTM();
        if (!m) continue;
        const length = p.getTotalLength();
        for (let at = 0; at <= length; at += 2) {
          const q = p.getPointAtLength(at);
          points.push(new DOMPoint(q.x, q.y).matrixTransform(m));
        }
      }
      if (points.length) {
        for (const x of texts) {
          const dy = Math.max(2, x.r.height * 0.15);
          const hit = points.some((q) => q.x > x.r.left + 1 && q.x < x.r.right - 1 && q.y > x.r.top + dy && q.y < x.r.bottom - dy);
          if (hit && !faults.some((f) => f.kind === "crossed" && f.text === x.text)) faults.push({kind: "crossed", text: x.text});
        }
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i], b = texts[j];
          // a text inside another text element (tspans) is one label
          if (a.t.contains(b.t) || b.t.contains(a.t)) continue;
          const ox = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const oy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          // a few pixels of glyph-box overlap is not visible
          if (ox > 2 && oy > Math.min(a.r.height, b.r.height) * 0.3) faults.push({kind: "overlap", text: a.text, other: b.text});
        }
      }
    }
    return faults;
})()`);
}
