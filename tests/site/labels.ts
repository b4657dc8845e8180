// Label collisions a reader sees: SVG text outside its chart or card, SVG text boxes overlapping each other
// (getBoundingClientRect of every visible <text> / <tspan>-less text element in the page's main column), and
// reference lines, data lines or leader lines (Plot rule, tick, line and link marks) running through a label, leader
// lines passing closer than GRAZE px to a label not their own, and dots painted over one.
import type {Page} from "playwright-core";

export interface LabelFault {
  kind: "overlap" | "outside" | "crossed" | "grazed" | "covered";
  text: string;
  other?: string;
}

/**
 * The clear gap (px) a leader line (a Plot link; a map's leaders drawn as <line> children of the svg) keeps from
 * every label but the one it ends at, measured to the label's box (getBoundingClientRect): a line closer than this
 * grazes the name even where it does not cross it (the page maps lay their leaders out 10 px clear of names'
 * boxes: map.js LEADER_GAP).
 */
export const GRAZE = 8;

/** The label faults on the page as it is now (call after the charts have rendered). */
export async function labelFaults(page: Page): Promise<LabelFault[]> {
  // A string, not a function: the TypeScript runner would wrap a function's inner names in a helper the page lacks.
  return page.evaluate(`(() => {
    const faults = [];
    const visible = (el) => {
      const s = getComputedStyle(el);
      return s.visibility !== "hidden" && s.display !== "none" && Number(s.opacity) > 0;
    };
    // a text's own box (getBBox, inset 1 px at the sides and 15 % of its height at the top and bottom), its corners
    // in page pixels as drawn (rotations included)
    const quad = (t) => {
      const b = t.getBBox(), m = t.getScreenCTM();
      if (!m) return null;
      const dy = b.height * 0.15;
      return [[b.x + 1, b.y + dy], [b.x + b.width - 1, b.y + dy], [b.x + b.width - 1, b.y + b.height - dy], [b.x + 1, b.y + b.height - dy]]
        .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    };
    // the quad of a text drawn turned (a rotate() on it or a parent), else null
    const rotated = (t) => {
      const m = t.getScreenCTM();
      return m && (Math.abs(m.b) > 1e-6 || Math.abs(m.c) > 1e-6) ? quad(t) : null;
    };
    // two convex quads apart: some edge's normal separates their corners (separating axis theorem)
    const separated = (p, q) => {
      if (!p || !q) return false;
      for (const poly of [p, q]) {
        for (let i = 0; i < 4; i++) {
          const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) % 4];
          const nx = y2 - y1, ny = x1 - x2;
          const proj = (pts) => pts.map(([x, y]) => x * nx + y * ny);
          const a = proj(p), b = proj(q);
          if (Math.max(...a) <= Math.min(...b) || Math.max(...b) <= Math.min(...a)) return true;
        }
      }
      return false;
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
      // nor may a chart's data line (Plot line marks) or a leader line (Plot link marks: a map's callouts; a map's
      // leaders drawn with d3 as <line> children of the svg, as on the map slide) run through a label: sampled every
      // 3 px along each path
      const points = [];
      const paths = "g[data-mark='line'] path, g[aria-label='line'] path, g[data-mark='link'] path, g[aria-label='link'] path, :scope > line";
      for (const path of Array.from(svg.querySelectorAll(paths))) {
        if (!visible(path) || typeof path.getTotalLength !== "function") continue;
        const m = path.getScreenCTM();
        if (!m) continue;
        const length = path.getTotalLength();
        for (let at = 0; at <= length; at += 3) {
          const p = path.getPointAtLength(at);
          points.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
        }
      }
      const crossed = new Set();
      if (points.length) {
        for (const x of texts) {
          if (points.some(([px, py]) => px > x.r.left + 1 && px < x.r.right - 1 && py > x.r.top + 2 && py < x.r.bottom - 2)) {
            faults.push({kind: "crossed", text: x.text, other: "line"});
            crossed.add(x);
          }
        }
      }
      // a leader line grazing a label: closer than GRAZE px to its box (sampled every 1 px), unless the label is
      // the line's own (the line ends beside it, within GRAZE px, at a height within the label's)
      const leaders = Array.from(svg.querySelectorAll("g[data-mark='link'] path, g[aria-label='link'] path, :scope > line"))
        .filter((path) => visible(path) && typeof path.getTotalLength === "function" && path.getScreenCTM())
        .map((path) => {
          const m = path.getScreenCTM(), length = path.getTotalLength(), pts = [];
          for (let at = 0; at <= length + 0.5; at += 1) {
            const p = path.getPointAtLength(Math.min(at, length));
            pts.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
          }
          return pts;
        })
        .filter((pts) => pts.length > 1);
      const toBox = (r, [px, py]) => Math.hypot(Math.max(r.left - px, 0, px - r.right), Math.max(r.top - py, 0, py - r.bottom));
      for (const x of texts) {
        if (crossed.has(x)) continue;
        for (const pts of leaders) {
          const own = [pts[0], pts[pts.length - 1]].some((p) => toBox(x.r, p) < ${GRAZE} && p[1] >= x.r.top && p[1] <= x.r.bottom);
          if (own) continue;
          const gap = Math.min(...pts.map((p) => toBox(x.r, p)));
          if (gap < ${GRAZE}) {
            faults.push({kind: "grazed", text: x.text, other: "line " + gap.toFixed(1) + " px"});
            break;
          }
        }
      }
      // a dot (Plot dot marks: facilities on a map, points of a scatter) painted after a label and over it hides it
      const dots = Array.from(svg.querySelectorAll("g[data-mark='dot'] > *, g[aria-label='dot'] > *"))
        .filter((d) => visible(d))
        .map((d) => ({d, r: d.getBoundingClientRect()}))
        .filter((d) => d.r.width > 0);
      for (const x of texts) {
        const over = dots.find((d) => (x.t.compareDocumentPosition(d.d) & Node.DOCUMENT_POSITION_FOLLOWING) &&
          d.r.right > x.r.left + 1 && d.r.left < x.r.right - 1 && d.r.bottom > x.r.top + 2 && d.r.top < x.r.bottom - 2);
        if (over) faults.push({kind: "covered", text: x.text, other: "dot"});
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i], b = texts[j];
          // a text inside another text element (tspans) is one label
          if (a.t.contains(b.t) || b.t.contains(a.t)) continue;
          const ox = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const oy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          // a few pixels of glyph-box overlap is not visible
          if (!(ox > 2 && oy > Math.min(a.r.height, b.r.height) * 0.3)) continue;
          // a rotated label's page box is the box around its slanted text, far larger than the text: rotated labels
          // overlap when their own boxes do (each inset as above), turned as they are drawn
          const qa = rotated(a.t), qb = rotated(b.t);
          if ((qa || qb) && separated(qa ?? quad(a.t), qb ?? quad(b.t))) continue;
          faults.push({kind: "overlap", text: a.text, other: b.text});
        }
      }
    }
    return faults;
})()`);
}
