// Accessibility of every page, in the browser: observablehq.config.ts inlines accessibleCharts() in each page's
// head (so it also covers charts drawn before any page module runs). No imports: it is serialized as text.
//
// - Plot puts aria-label on its <g> groups ("bar", "x-axis tick"): ARIA that role-less groups may not carry
//   (axe aria-prohibited-attr). It moves to data-mark (the browser tests count marks by it).
// - A chart in a chart card is hidden from screen readers: the card's visually hidden table gives its figures
//   and its heading states the finding (frame.js). A chart elsewhere (slides, KPI sparklines) becomes one image
//   named by its nearest heading.
// - A scrolling table or region gets tabindex="0" so the keyboard can reach and scroll it.
export function accessibleCharts() {
  const chart = (svg) => {
    for (const g of svg.querySelectorAll("g[aria-label], g[aria-description]")) {
      g.setAttribute("data-mark", g.getAttribute("aria-label") ?? "");
      g.removeAttribute("aria-label");
      g.removeAttribute("aria-description");
    }
    if (svg.parentElement?.closest("svg")) return;
    const card = svg.closest(".chart-card");
    if (card?.querySelector(":scope > .sr-only")) {
      svg.setAttribute("aria-hidden", "true");
    } else if (!svg.hasAttribute("role")) {
      const container = svg.closest(".deck-slide, .card, section, figure") ?? document.body;
      const heading = container.querySelector("h1, h2, h3, figcaption");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", (heading?.textContent ?? document.title).trim());
    }
  };
  const scroller = (el) => {
    if (el.hasAttribute("tabindex")) return;
    const style = getComputedStyle(el);
    if (!/(auto|scroll)/.test(style.overflow + style.overflowX + style.overflowY)) return;
    el.setAttribute("tabindex", "0");
    if (el.tagName === "DIV" && !el.hasAttribute("aria-label") && !el.hasAttribute("role")) {
      const caption = el.querySelector("caption")?.textContent ?? el.closest(".card")?.querySelector("h2")?.textContent;
      if (caption) el.setAttribute("aria-label", caption.trim());
      el.setAttribute("role", "region");
    }
  };
  const visit = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches("svg")) chart(node);
    for (const svg of node.querySelectorAll("svg")) chart(svg);
    // Framework's Inputs.table (a form that scrolls) and the methods page's plain tables.
    const SCROLLERS = ".plain-table, form[class*='-table']";
    for (const el of [node, ...node.querySelectorAll(SCROLLERS)]) if (el.matches(SCROLLERS)) scroller(el);
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) visit(n);
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", () => visit(document.body));
}
