// A slide deck for meetings (汇报模式): slides designed on a fixed 1920 × 1080 canvas and scaled to fit, so a
// projector at 1920 × 1080 shows them at their design size (titles ≥ 40 px, all text ≥ 20 px); one slide visible
// at a time, keyboard navigation, a presenting mode that fills the screen, a help overlay on "?", and one slide
// per printed page.
//
// API
//   deck(slides, {lang, title, downloads}) → HTMLElement (.deck)
//     slides  [{kicker, headline, subtitle, body, notes, cover}]: headline is the slide's one message (computed
//             from data); kicker a small line above it; subtitle the unit and legend; body a Node, or
//             ({width, height}) => Node rendered at the body's size in canvas pixels (re-rendered if it changes);
//             notes the footer line (source, as-of); cover: a title slide (body optional)
//     downloads [{href, label}] links shown in the toolbar (e.g. the .pptx)
//   Keys (while the page has focus): → ↓ PageDown Space next; ← ↑ PageUp previous; Home first; End last;
//   f presenting mode (full screen); ? help; Esc closes help / leaves presenting mode.
//   The slide number is kept in the URL hash (#3): a link opens that slide, and the language switch keeps it.
//   The visible slide has class "active"; the others are visibility: hidden.
import {pick} from "./i18n.js";
import {ensureStyle, el} from "./dom.js";

/** The links that open the deck on the slide shown (the slide number in their hash). */
const TWIN_LINKS = ".lang-switch a[href], #observablehq-sidebar a[href$='slides.html'], #observablehq-sidebar a[href$='/slides']";

export const CANVAS_W = 1920;
export const CANVAS_H = 1080;

const STYLE_ID = "deck-style";
const STYLE = `
.deck { position: relative; max-width: none !important; }
.deck-toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0 0 0.75rem 0; font-size: 0.95rem; }
.deck-toolbar button, .deck-toolbar a.deck-download { font: inherit; padding: 0.35rem 0.85rem; cursor: pointer; border: 1px solid var(--theme-foreground-faint);
  border-radius: 4px; background: var(--theme-background); color: var(--theme-foreground); text-decoration: none; }
.deck-toolbar button:hover, .deck-toolbar a.deck-download:hover { border-color: var(--theme-foreground-focus); }
.deck-toolbar .deck-spacer { flex: 1; }
.deck-stage { position: relative; width: 100%; aspect-ratio: 16 / 9; background: #fff; border: 1px solid var(--theme-foreground-faint);
  border-radius: 6px; overflow: hidden; }
.deck-canvas { position: absolute; left: 0; top: 0; width: ${CANVAS_W}px; height: ${CANVAS_H}px; transform-origin: 0 0; }
.deck .slide { position: absolute; inset: 0; padding: 56px 72px 40px; display: flex; flex-direction: column; gap: 12px;
  visibility: hidden; box-sizing: border-box; background: #fff; color: #1f2937; font-size: 26px; line-height: 1.3; }
.deck .slide.active { visibility: visible; }
.deck .slide-kicker { font-size: 28px; color: #1f5f99; font-weight: 700; letter-spacing: 0.02em; }
/* !important: Framework caps headings and paragraphs at 640px under #observablehq-main. */
.deck .slide-headline { font-size: 52px; line-height: 1.18; font-weight: 700; margin: 0; max-width: none !important; color: #111827; }
.deck .slide-headline.long { font-size: 44px; }
.deck .slide-subtitle { font-size: 24px; color: #4b5563; max-width: none !important; margin: 0; }
.deck .slide-body { flex: 1; min-height: 0; position: relative; display: flex; gap: 48px; }
.deck .slide-body > * { min-width: 0; }
.deck .slide-empty { margin: auto; font-size: 40px; color: #6b7280; }
.deck .slide-footer { font-size: 22px; color: #4b5563; display: flex; justify-content: space-between; gap: 24px; }
.deck .slide-footer .deck-counter { font-variant-numeric: tabular-nums; white-space: nowrap; }
.deck .slide.cover { justify-content: center; padding: 0 140px; gap: 28px; }
.deck .slide.cover::before { content: ""; position: absolute; left: 0; right: 0; top: 0; height: 28px; background: #1f5f99; }
.deck .slide.cover .slide-kicker { font-size: 44px; color: #374151; font-weight: 500; }
.deck .slide.cover .slide-headline { font-size: 88px; }
.deck .slide.cover .slide-subtitle { font-size: 40px; }
.deck .slide.cover .slide-body { flex: 0 0 auto; }
.deck .slide.cover .slide-footer { position: absolute; left: 140px; right: 140px; bottom: 40px; }
.deck .deck-demo { font-size: 34px; font-weight: 700; color: #fff; background: #b34700; padding: 16px 28px; border-radius: 6px; }
.deck .slide svg text { font-family: inherit; }
.deck-help { position: absolute; inset: 0; display: none; align-items: center; justify-content: center; background: rgba(17, 24, 39, 0.55); z-index: 3; }
.deck-help.open { display: flex; }
.deck-help > div { background: var(--theme-background); color: var(--theme-foreground); padding: 1.2rem 1.6rem; border-radius: 8px; font-size: 1rem; max-width: 32rem; }
.deck-help h3 { margin: 0 0 0.5rem 0; }
.deck-help dl { display: grid; grid-template-columns: auto 1fr; gap: 0.3rem 1rem; margin: 0; }
.deck-help dt { font-weight: 700; white-space: nowrap; }
.deck-help dd { margin: 0; }
/* presenting: the deck fills the window (and the screen, when the browser grants full screen) */
.deck.presenting { position: fixed; inset: 0; z-index: 1000; background: #111; margin: 0; padding: 0; }
.deck.presenting .deck-toolbar { display: none; }
html.deck-presenting #observablehq-sidebar, html.deck-presenting #observablehq-sidebar-toggle, html.deck-presenting #observablehq-header,
html.deck-presenting #observablehq-toc, html.deck-presenting #observablehq-footer { display: none !important; }
html.deck-presenting, html.deck-presenting body { overflow: hidden; }
.deck.presenting .deck-stage { width: 100vw; height: 100vh; aspect-ratio: auto; border: none; border-radius: 0; background: #111; }
@media print {
  @page { size: 297mm 167.0625mm; margin: 0; }
  #observablehq-sidebar, #observablehq-sidebar-toggle, #observablehq-header, #observablehq-footer, #observablehq-toc,
  .deck-toolbar, .deck-intro, .deck-help, #observablehq-main > h1, .observablehq-pager, nav.observablehq-pager { display: none !important; }
  #observablehq-main > * { margin-top: 0 !important; }
  #observablehq-center { margin: 0 !important; padding: 0 !important; }
  #observablehq-main { max-width: none !important; margin: 0 !important; }
  .deck-stage { aspect-ratio: auto; border: none; overflow: visible; width: auto; }
  .deck-canvas { position: static; transform: none !important; width: auto; height: auto; }
  .deck .slide { position: relative; inset: auto; visibility: visible; width: ${CANVAS_W}px; height: ${CANVAS_H}px; zoom: 0.5848;
    overflow: hidden; break-after: page; page-break-after: always; break-inside: avoid; }
  .deck .slide:last-child { break-after: auto; page-break-after: auto; }
}
`;

export function deck(slides, {lang = "zh", title = "", downloads = []} = {}) {
  ensureStyle(STYLE_ID, STYLE);
  const T = (zh, en) => pick(lang, {zh, en});
  const root = el("div", "deck");
  root.tabIndex = -1;
  root.setAttribute("role", "region");
  root.setAttribute("aria-roledescription", T("幻灯片", "slide deck"));
  if (title) root.setAttribute("aria-label", title);

  // the controls live outside the slides: nothing on a slide tells the audience which key to press
  const toolbar = el("div", "deck-toolbar");
  const prev = el("button", "deck-prev", T("← 上一页", "← Previous"));
  const next = el("button", "deck-next", T("下一页 →", "Next →"));
  const full = el("button", "deck-fullscreen", T("全屏放映", "Present"));
  const help = el("button", "deck-help-button", "?");
  help.setAttribute("aria-label", T("快捷键说明", "Keyboard help"));
  for (const b of [prev, next, full, help]) b.type = "button";
  toolbar.append(prev, next, full, help, el("span", "deck-spacer"));
  for (const d of downloads) {
    const a = el("a", "deck-download", d.label);
    a.href = d.href;
    a.setAttribute("download", d.filename ?? "");
    toolbar.append(a);
  }

  const stage = el("div", "deck-stage");
  const canvas = el("div", "deck-canvas");
  const renders = [];
  const sections = slides.map((slide, i) => {
    const section = el("section", `slide${slide.cover ? " cover" : ""}`);
    section.dataset.index = String(i);
    section.setAttribute("role", "group");
    section.setAttribute("aria-roledescription", T("幻灯片", "slide"));
    section.setAttribute("aria-label", `${i + 1} / ${slides.length}`);
    if (slide.kicker) section.append(el("div", "slide-kicker", slide.kicker));
    const headline = el("h2", "slide-headline", slide.headline ?? "");
    if (!slide.cover && estimateWidth(slide.headline ?? "", 52) > CANVAS_W - 144) headline.classList.add("long");
    section.append(headline);
    if (slide.subtitle) section.append(el("p", "slide-subtitle", slide.subtitle));
    const body = el("div", "slide-body");
    if (typeof slide.body === "function") renders.push({body, render: slide.body, last: ""});
    else if (slide.body != null) body.append(slide.body instanceof Node ? slide.body : document.createTextNode(String(slide.body)));
    section.append(body);
    const footer = el("div", "slide-footer");
    footer.append(el("span", null, slide.notes ?? ""), el("span", "deck-counter", `${i + 1} / ${slides.length}`));
    section.append(footer);
    return section;
  });
  canvas.append(...sections);

  const helpBox = el("div", "deck-help");
  const helpCard = el("div");
  helpCard.setAttribute("role", "dialog");
  helpCard.setAttribute("aria-label", T("快捷键", "Keys"));
  const dl = el("dl");
  for (const [k, v] of [
    [T("→ 或 PageDown 或 空格", "→, PageDown or Space"), T("下一页", "next slide")],
    [T("← 或 PageUp", "← or PageUp"), T("上一页", "previous slide")],
    ["Home / End", T("第一页 / 最后一页", "first / last slide")],
    ["F", T("全屏放映（再按一次或 Esc 退出）", "present full screen (F again or Esc to leave)")],
    ["?", T("显示或关闭本说明", "show or hide this help")]
  ]) dl.append(el("dt", null, k), el("dd", null, v));
  helpCard.append(el("h3", null, T("快捷键", "Keys")), dl);
  helpBox.append(helpCard);
  helpBox.addEventListener("click", () => helpBox.classList.remove("open"));
  stage.append(canvas, helpBox);
  root.append(toolbar, stage);

  // scale the 1920 × 1080 canvas into the stage (letterboxed when presenting)
  const fit = () => {
    const w = stage.clientWidth;
    const h = stage.clientHeight;
    if (!w || !h) return;
    const s = Math.min(w / CANVAS_W, h / CANVAS_H);
    const x = (w - CANVAS_W * s) / 2;
    const y = (h - CANVAS_H * s) / 2;
    canvas.style.transform = `translate(${x}px, ${y}px) scale(${s})`;
    root.dataset.scale = String(s);
  };
  // bodies are laid out in canvas pixels (clientWidth ignores the transform): render each chart at that size
  const draw = (r) => {
    const width = Math.floor(r.body.clientWidth);
    const height = Math.floor(r.body.clientHeight);
    if (!width || !height || `${width}x${height}` === r.last) return;
    r.last = `${width}x${height}`;
    const node = r.render({width, height});
    r.body.replaceChildren(...(node == null ? [] : Array.isArray(node) ? node : [node]));
  };
  const stageObserver = new ResizeObserver(fit);
  stageObserver.observe(stage);
  const bodyObserver = new ResizeObserver(() => renders.forEach(draw));
  for (const r of renders) bodyObserver.observe(r.body);

  let current = 0;
  // the language switch, and the sidebar's links to the slides in either language
  const twinLinks = () => Array.from(document.querySelectorAll(`${TWIN_LINKS}`));
  const show = (i, {updateHash = true} = {}) => {
    current = Math.max(0, Math.min(slides.length - 1, i));
    sections.forEach((s, j) => {
      s.classList.toggle("active", j === current);
      s.setAttribute("aria-hidden", j === current ? "false" : "true");
    });
    prev.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    root.dataset.current = String(current);
    if (updateHash && typeof history !== "undefined") history.replaceState(null, "", `#${current + 1}`);
    // the other language opens on the same slide
    for (const a of twinLinks()) {
      const url = new URL(a.getAttribute("href"), location.href);
      url.hash = `#${current + 1}`;
      a.setAttribute("href", url.pathname + url.search + url.hash);
    }
  };
  const fromHash = () => {
    const n = Number(String(location.hash).slice(1));
    return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
  };
  show(fromHash(), {updateHash: false});

  const setPresenting = (on) => {
    root.classList.toggle("presenting", on);
    document.documentElement.classList.toggle("deck-presenting", on);
    full.textContent = on ? T("退出全屏", "Leave full screen") : T("全屏放映", "Present");
    fit();
    if (on) root.focus({preventScroll: true});
  };
  prev.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  full.addEventListener("click", () => {
    if (root.classList.contains("presenting")) {
      if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
      setPresenting(false);
    } else {
      setPresenting(true);
      root.requestFullscreen?.().catch(() => {});
    }
  });
  help.addEventListener("click", () => helpBox.classList.toggle("open"));
  const onFullscreen = () => {
    if (!document.fullscreenElement && root.classList.contains("presenting")) setPresenting(false);
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
    } else if (event.key === "?") {
      event.preventDefault();
      helpBox.classList.toggle("open");
    } else if (event.key === "Escape") {
      if (helpBox.classList.contains("open")) helpBox.classList.remove("open");
      else if (root.classList.contains("presenting")) setPresenting(false);
    }
  };
  window.addEventListener("keydown", onKey);
  // Framework re-runs the cell when its inputs change: drop the old listeners with the old deck.
  root.dispose = () => {
    document.documentElement.classList.remove("deck-presenting");
    window.removeEventListener("keydown", onKey);
    document.removeEventListener("fullscreenchange", onFullscreen);
    stageObserver.disconnect();
    bodyObserver.disconnect();
  };
  return root;
}

/**
 * The build-time copy of a deck (scripts/prerender.ts writes what the page showed into its HTML, slide 1 active)
 * is followed by this script, which runs as soon as the copy is parsed, before the first paint: it shows the slide
 * the URL's hash names (#3), as the live deck will, so a link to a slide never shows slide 1 first. A string, run
 * in the page with no module of ours loaded (document.currentScript sits in the same element as the deck).
 */
export const PRERENDERED_DECK_SCRIPT = `(() => {
  const script = document.currentScript;
  const root = script && script.parentNode && script.parentNode.querySelector(".deck");
  const n = Number(String(location.hash).slice(1));
  if (!root || !Number.isInteger(n) || n < 1) return;
  const slides = Array.from(root.querySelectorAll(".slide"));
  if (!slides.length) return;
  const i = Math.min(n, slides.length) - 1;
  slides.forEach((s, j) => {
    s.classList.toggle("active", j === i);
    s.setAttribute("aria-hidden", j === i ? "false" : "true");
  });
  root.dataset.current = String(i);
  const prev = root.querySelector(".deck-prev"), next = root.querySelector(".deck-next");
  if (prev) prev.disabled = i === 0;
  if (next) next.disabled = i === slides.length - 1;
  for (const a of document.querySelectorAll(${JSON.stringify(TWIN_LINKS)})) {
    const url = new URL(a.getAttribute("href"), location.href);
    url.hash = "#" + (i + 1);
    a.setAttribute("href", url.pathname + url.search + url.hash);
  }
})();`;

/** Rough width in px of a line of text: CJK one em, Latin about 0.6 em. */
export function estimateWidth(text, size) {
  let em = 0;
  for (const ch of String(text)) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u.test(ch) ? 1 : /[A-Z0-9%mw]/.test(ch) ? 0.68 : 0.55;
  return em * size;
}
