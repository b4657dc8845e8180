// The site's colours, in one place, checked for contrast (tests/site/palette.test.ts, WCAG 2.1 AA):
// TEXT colours reach 4.5:1 and MARK colours 3:1 against both backgrounds the site draws on (the page, white,
// and cards and the sidebar, Framework's background-alt). Status colours also differ by more than colour:
// every status has a symbol (STATUS_SYMBOLS, ✓ ✗ –) or a label next to it.
// Plain data, no browser API: observablehq.config.ts writes THEME into every page's CSS variables.

/** What text and marks are drawn on: the page and the cards / sidebar (air theme, 4 % foreground mix). */
export const BACKGROUNDS = {page: "#ffffff", card: "#f6f6f6"};

/**
 * Framework's theme colours, overridden (its muted grey is 4.09:1 on cards): muted text (notes, sources,
 * subtitles, sidebar), faint lines (grids, guides, dashed rules). Written as CSS variables in the page head.
 */
export const THEME = {
  "--theme-foreground": "#1b1e23",
  "--theme-foreground-muted": "#5c5f63",
  "--theme-foreground-faint": "#8a8a8a",
  "--theme-foreground-focus": "#2a5db0"
};

/** Target status: met, not met, no target / suppressed — text and marks (≥ 4.5:1). */
export const STATUS = {met: "#007a5a", not_met: "#b84a00", none: "#6e6e6e"};
export const STATUS_SYMBOLS = {met: "✓", not_met: "✗", none: "–"};

/**
 * Task status: bars with their label in the legend and the ledger; the status bar writes white counts on
 * them, so they reach 4.5:1 against white too.
 */
export const TASK_STATUS = {done: "#007a5a", on_track: "#2a7ab0", at_risk: "#8a6d00", behind: "#b84a00", overdue: "#8c1c13"};
// overdue is the worst status: the darkest of the warm colours (amber → vermillion → deep red), never a milder hue

/**
 * District scorecard tiers (A 优秀 / B 良好 / C 需关注), one colour each, the same on the pages (supervision.js), the
 * slides and the .pptx (pipeline/deck/build.ts): blue / olive / vermillion read as an order (Okabe–Ito based) and
 * take white value labels (≥ 4.5:1).
 */
export const TIER = {A: "#0072b2", B: "#8a6d00", C: "#b84a00"};

/**
 * Series colours (lines, bars, dots; ≥ 3:1), in order: a categorical scheme for Plot (`range`) in place of
 * tableau10, whose yellow, pink and light blue are below 3:1.
 */
export const SERIES = ["#0072b2", "#b84a00", "#007a5a", "#a8487f", "#8a6d00", "#6a51a3", "#00798c", "#8c564b", "#5b7f1f", "#6e6e6e"];

/** Named series colours the charts use. */
export const COLORS = {
  blue: "#0072b2",
  sky: "#2e86c1",
  orange: "#8a6d00",
  vermillion: "#b84a00",
  green: "#007a5a",
  grey: "#6e6e6e",
  /** text drawn over marks or for "suppressed" / "no data" notes */
  note: "#5c5f63"
};

/**
 * Area fills of maps and heatmaps (light to dark). A fill is bounded by an OUTLINE of ≥ 3:1 and its value is
 * also given as text (labels, tooltips, the card's data table), so the fills themselves need no 3:1.
 */
export const SEQUENTIAL = {stage: ["#fef0d9", "#fdcc8a", "#fc8d59", "#b30000"], suppressed: "#d9d9d9"};
export const OUTLINE = "#6e6e6e";

/**
 * Every colour that must reach a ratio, for the contrast test: [name, colour, minimum ratio, against] where
 * against lists the colours it is read against (default: both BACKGROUNDS).
 */
export function contrastRequirements() {
  return [
    ...Object.entries(THEME).filter(([k]) => !k.endsWith("-faint")).map(([k, c]) => [k, c, 4.5]),
    ["--theme-foreground-faint", THEME["--theme-foreground-faint"], 3],
    ...Object.entries(STATUS).map(([k, c]) => [`STATUS.${k}`, c, 4.5]),
    ...Object.entries(TASK_STATUS).map(([k, c]) => [`TASK_STATUS.${k}`, c, 3]),
    ...Object.entries(TASK_STATUS).map(([k, c]) => [`TASK_STATUS.${k} under white text`, c, 4.5, ["#ffffff"]]),
    ...Object.entries(TIER).map(([k, c]) => [`TIER.${k} under white text`, c, 4.5, ["#ffffff"]]),
    ...SERIES.map((c, i) => [`SERIES[${i}]`, c, 3]),
    ...Object.entries(COLORS).map(([k, c]) => [`COLORS.${k}`, c, k === "note" ? 4.5 : 3]),
    ["OUTLINE", OUTLINE, 3]
  ];
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
export function contrastRatio(a, b) {
  const luminance = (hex) => {
    const [r, g, b2] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
