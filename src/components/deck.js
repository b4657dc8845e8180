// A slide deck for meetings (汇报模式): one slide visible at a time, keyboard navigation, full screen,
// and one slide per printed page.
//
// API
//   deck(slides, {lang, title}) → HTMLElement (.deck)
//     slides  [{headline, kicker, body, notes}]: headline is the slide's one message (computed from data);
//             kicker a small line above it (topic); body a Node, or (width) => Node rendered at the slide's
//             width; notes a footnote line (source / as-of)
//   Keys (while the page has focus): → ↓ PageDown Space next; ← ↑ PageUp previous; Home first; End last;
//   f full screen. The slide number is kept in the URL hash (#3) so a link opens that slide.
//   The visible slide has class "active" and data-index; the others are visibility: hidden (they keep their
//   width, so charts render once, at the right size).
import {pick} from "./i18n.js";
import {ensureStyle, el} from "./dom.js";

const STYLE_ID = "deck-style";
const STYLE = `
.deck { position: relative; --deck-pad: clamp(16px, 2.5vw, 40px); }
.deck-toolbar { display: flex; gap: 0.5rem; align-items: center; margin: 0 0 0.75rem 0; font-size: 0.9rem; }
.deck-toolbar button { font: inherit; padding: 0.3rem 0.8rem; cursor: pointer; border: 1px solid var(--theme-foreground-faint);
  border-radius: 4px; background: var(--theme-background); color: var(--theme-foreground); }
.deck-toolbar button:hover { border-color: var(--theme-foreground-focus); }
.deck-toolbar .deck-counter { font-variant-numeric: tabular-nums; color: var(--theme-foreground-muted); margin-left: auto; }
.deck-stage { position: relative; width: 100%; aspect-ratio: 16 / 9; min-height: 420px; background: var(--theme-background);
  border: 1px solid var(--theme-foreground-faint); border-radius: 8px; overflow: hidden; }
.deck .slide { position: absolute; inset: 0; padding: var(--deck-pad); display: flex; flex-direction: column; gap: 0.6rem;
  visibility: hidden; box-sizing: border-box; background: var(--theme-background); }
.deck .slide.active { visibility: visible; }
.deck .slide-kicker { font-size: clamp(14px, 1.3vw, 22px); color: var(--theme-foreground-muted); font-weight: 600; letter-spacing: 0.02em; }
/* !important: Framework caps headings and paragraphs at 640px under #observablehq-main. */
.deck .slide-headline { font-size: clamp(24px, 2.8vw, 52px); line-height: 1.25; font-weight: 700; margin: 0; max-width: none !important; }
.deck .slide-body { flex: 1; min-height: 0; display: flex; flex-direction: column; justify-content: center; font-size: clamp(16px, 1.6vw, 28px); }
.deck .slide-body svg { max-height: 100%; }
.deck .slide-body ul { margin: 0; padding-left: 1.2em; max-width: none !important; }
.deck .slide-body li { margin: 0.35em 0; max-width: none !important; }
.deck .slide-notes { font-size: clamp(11px, 0.9vw, 15px); color: var(--theme-foreground-muted); display: flex; justify-content: space-between; gap: 1rem; }
.deck .slide.cover { justify-content: center; }
.deck .slide.cover .slide-headline { font-size: clamp(30px, 3.6vw, 64px); }
.deck:fullscreen { background: var(--theme-background); padding: 0; display: flex; flex-direction: column; }
.deck:fullscreen .deck-toolbar { position: absolute; right: 12px; bottom: 8px; z-index: 2; opacity: 0.5; margin: 0; }
.deck:fullscreen .deck-stage { flex: 1; aspect-ratio: auto; border: none; border-radius: 0; }
@media print {
  @page { size: A4 landscape; margin: 0; }
  #observablehq-sidebar, #observablehq-sidebar-toggle, #observablehq-header, #observablehq-footer, #observablehq-toc,
  .deck-toolbar, .deck-intro, #observablehq-main h1, .observablehq-pager, nav.observablehq-pager { display: none !important; }
  #observablehq-main > * { margin-top: 0 !important; }
  #observablehq-center { margin: 0 !important; padding: 0 !important; }
  #observablehq-main { max-width: none !important; margin: 0 !important; }
  .deck-stage { aspect-ratio: auto; min-height: 0; border: none; overflow: visible; }
  .deck .slide { position: relative; inset: auto; visibility: visible; width: 297mm; height: 209mm; padding: 12mm 16mm;
    overflow: hidden; break-after: page; page-break-after: always; break-inside: avoid; }
  .deck .slide:last-child { break-after: auto; page-break-after: auto; }
  .deck .slide-headline { font-size: 26pt; }
  .deck .slide-kicker { font-size: 13pt; }
  .deck .slide-body { font-size: 15pt; }
  .deck .slide-body svg { max-width: 100%; height: auto; max-height: 135mm; }
  .deck .slide-notes { font-size: 9pt; }
}
`;

export function deck(slides, {lang = "zh", title = ""} = {}) {
  ensureStyle(STYLE_ID, STYLE);
  const root = el("div", "deck");
  root.tabIndex = -1;
  root.setAttribute("role", "region");
  root.setAttribute("aria-roledescription", pick(lang, {zh: "幻灯片", en: "slide deck"}));
  if (title) root.setAttribute("aria-label", title);

  const toolbar = el("div", "deck-toolbar");
  const prev = el("button", "deck-prev", pick(lang, {zh: "← 上一页", en: "← Previous"}));
  const next = el("button", "deck-next", pick(lang, {zh: "下一页 →", en: "Next →"}));
  const full = el("button", "deck-fullscreen", pick(lang, {zh: "全屏放映", en: "Full screen"}));
  const counter = el("span", "deck-counter");
  for (const b of [prev, next, full]) b.type = "button";
  toolbar.append(prev, next, full, counter);

  const stage = el("div", "deck-stage");
  const sections = slides.map((slide, i) => {
    const section = el("section", `slide${slide.cover ? " cover" : ""}`);
    section.dataset.index = String(i);
    section.setAttribute("role", "group");
    section.setAttribute("aria-roledescription", pick(lang, {zh: "幻灯片", en: "slide"}));
    section.setAttribute("aria-label", `${i + 1} / ${slides.length}`);
    if (slide.kicker) section.append(el("div", "slide-kicker", slide.kicker));
    section.append(el("h2", "slide-headline", slide.headline ?? ""));
    const body = el("div", "slide-body");
    if (slide.body != null) body.append(slide.body instanceof Node ? slide.body : document.createTextNode(String(slide.body)));
    section.append(body);
    const notes = el("div", "slide-notes");
    notes.append(el("span", null, slide.notes ?? ""), el("span", null, `${i + 1} / ${slides.length}`));
    section.append(notes);
    return section;
  });
  stage.append(...sections);
  root.append(toolbar, stage);

  let current = 0;
  const show = (i, {updateHash = true} = {}) => {
    current = Math.max(0, Math.min(slides.length - 1, i));
    sections.forEach((s, j) => {
      s.classList.toggle("active", j === current);
      s.setAttribute("aria-hidden", j === current ? "false" : "true");
    });
    counter.textContent = `${current + 1} / ${slides.length}`;
    prev.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    root.dataset.current = String(current);
    if (updateHash && typeof history !== "undefined") history.replaceState(null, "", `#${current + 1}`);
  };
  const fromHash = () => {
    const n = Number(String(location.hash).slice(1));
    return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
  };
  show(fromHash(), {updateHash: false});

  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  full.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen?.();
    else root.requestFullscreen?.().catch(() => {});
  });
  const onFullscreen = () => {
    full.textContent = document.fullscreenElement === root ? pick(lang, {zh: "退出全屏", en: "Exit full screen"}) : pick(lang, {zh: "全屏放映", en: "Full screen"});
  };
  document.addEventListener("fullscreenchange", onFullscreen);

  const onKey = (event) => {
    if (!root.isConnected) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys typed into a form field belong to it.
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    const moves = {
      ArrowRight: current + 1, ArrowDown: current + 1, PageDown: current + 1, " ": current + 1,
      ArrowLeft: current - 1, ArrowUp: current - 1, PageUp: current - 1,
      Home: 0, End: slides.length - 1
    };
    if (event.key in moves) {
      event.preventDefault();
      show(moves[event.key]);
    } else if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      full.click();
    }
  };
  window.addEventListener("keydown", onKey);
  // Framework re-runs the cell when its inputs change: drop the old listeners with the old deck.
  root.dispose = () => {
    window.removeEventListener("keydown", onKey);
    document.removeEventListener("fullscreenchange", onFullscreen);
  };
  return root;
}
