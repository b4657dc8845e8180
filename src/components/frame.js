// The chart frame every chart on every page sits in: a title that states the finding, units, the chart,
// a source/as-of note and a CSV download button; prints legibly.
//
// API
//   chartCard({title, subtitle, finding, chart, data, filename, source, asOf, lang, note, className, absent, id}) → HTMLElement
//     id        the card's anchor; default chartId(filename): "chart-" + the file name without its year
//     absent    datasets the card needs that the run did not load (components/absent.js needs()): the card then
//               shows its title and which file would fill it, no chart
//     title     what the chart shows ("各区每千名老人床位数"); shown under the finding when a finding is given
//     subtitle  units and scope ("张/千人 · 2025年"), shown after the title
//     finding   the headline, computed from data ("东湖区每千名老人床位数最低"); becomes the card's <h2>
//     chart     a node (e.g. resize((width) => Plot.plot(…))) or null
//     data      array of plain row objects (or an Arrow table) offered as CSV; omit (or no rows) to hide the button
//     indicators registry rows (or Map code → row) for the CSV: indicator names, decimals and units (csv.js)
//     units     {column: unit} for the CSV headers, e.g. {value: "张"}; names (code) → area name for code columns
//     categories {column: {key: {zh, en}}} labels of a category column's values for the CSV (csv.js)
//     filename  CSV file name without extension (default "data")
//     source    data source text; default "养老服务监测平台数据仓库" / "Aging Observatory warehouse"
//     asOf      "YYYY-MM-DD" (or a Date): the data's as-of date
//     lang      "zh" (default) | "en"
//     note      optional extra footnote (e.g. how suppressed cells are shown)
//     controls  optional node(s) shown above the chart (e.g. an Inputs.select); hidden when printed
//   A card with a chart and data also holds a visually hidden table of the data (up to 40 rows): the chart's
//   text alternative for screen readers (the chart itself is then aria-hidden: a11y.js).
//   csvText(rows, {lang, source, asOf, indicators, units, names, categories}) → string   UTF-8 CSV text with a BOM (so Excel
//                            opens Chinese correctly), via d3-dsv's csvFormatRows: a first line with the source and
//                            as-of date, headers and categories in lang, rounded numbers, units in the headers
//                            (csv.js); every text cell starting with =, +, -, @, tab or CR gets a leading ' (csv-safe.js)
//   downloadCsv(rows, filename, options)   triggers the browser download of csvText(rows, options)
//   sourceNote({source, asOf, lang}) → string   "来源：… · 数据截至 YYYY-MM-DD" / "Source: … · As of YYYY-MM-DD"
// d3-dsv directly: the offline d3 bundle leaves csvFormat out (d3-dsv has its own cache entry).
import {csvFormatRows} from "npm:d3-dsv";
import {pick, plural} from "./i18n.js";
import {ensureStyle} from "./dom.js";
import {absentNote} from "./absent.js";
import {csvColumns, csvTable} from "./csv.js";

const DEFAULT_SOURCE = {zh: "养老服务监测平台数据仓库", en: "Aging Observatory warehouse"};

/** "YYYY-MM-DD" from a Date, a millisecond number or a string. */
export function isoDate(value) {
  if (value == null || value === "") return "";
  if (typeof value === "string") return value.slice(0, 10);
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(+date) ? "" : date.toISOString().slice(0, 10);
}

export function sourceNote({source, asOf, lang = "zh"} = {}) {
  const src = source ?? pick(lang, DEFAULT_SOURCE);
  const date = isoDate(asOf);
  return lang === "en"
    ? `Source: ${src}${date ? ` · As of ${date}` : ""}`
    : `来源：${src}${date ? ` · 数据截至 ${date}` : ""}`;
}

/** Plain objects from an array, an Arrow table or any iterable of rows (Arrow rows have toJSON). */
function plainRows(data) {
  const rows = Array.isArray(data) ? data : data?.toArray ? data.toArray() : Array.from(data ?? []);
  return rows.map((row) => {
    const object = typeof row?.toJSON === "function" && !(row instanceof Date) ? row.toJSON() : row;
    const out = {};
    for (const [key, value] of Object.entries(object)) {
      // Dates as ISO days (not d3's full timestamps); Excel reads them as dates.
      out[key] = value instanceof Date ? isoDate(value) : value;
    }
    return out;
  });
}

export function csvText(data, {lang = "zh", source, asOf, indicators, units, names, categories} = {}) {
  const table = csvTable(plainRows(data), {lang, source: source ?? pick(lang, DEFAULT_SOURCE), asOf: isoDate(asOf), indicators, units, names, categories}) ?? [];
  // csvTable has given text cells that Excel would run as formulas (=, +, -, @, tab, CR first) a leading ' (csv-safe.js)
  return "\ufeff" + csvFormatRows(table);
}

export function downloadCsv(data, filename = "data", options = {}) {
  const blob = new Blob([csvText(data, options)], {type: "text/csv;charset=utf-8"});
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${filename}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const STYLE_ID = "chart-card-style";
const STYLE = `
.chart-card { display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; }
/* the card's width, not Framework's 640 px cap for headings; wrapped where the line is full, not balanced into two
   short halves (Framework's text-wrap: balance made a wide card's subtitle wrap at ~330 px) */
.chart-card > h2 { margin: 0; font-size: 1.05rem; line-height: 1.4; max-width: none; text-wrap: pretty; }
.chart-card > h3 { margin: 0 0 0.5rem 0; font-weight: normal; color: var(--theme-foreground-muted); font-size: 0.9rem; max-width: none; text-wrap: pretty; }
/* a long token (a run id, a list of versions) wraps rather than widening the card and the page on a phone; a figure
   with its unit stays on one line (unbroken) */
.chart-card > h2, .chart-card > h3, .chart-card .chart-card-note, .chart-card .chart-card-source { overflow-wrap: anywhere; }
.chart-card .nowrap { white-space: nowrap; }
.chart-card .chart-card-body { min-width: 0; }
.chart-card-absent { font-size: 0.95rem; padding: 0.5rem 0; }
.chart-card-absent p { margin: 0 0 0.5rem 0; max-width: none; }
.chart-card-absent a { text-decoration: underline; }
.chart-card .chart-card-controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin-bottom: 0.25rem; }
.chart-card .chart-card-controls form { margin: 0; }
.chart-card .chart-card-footer { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 0.5rem; margin-top: 0.5rem; font-size: 0.8rem; color: var(--theme-foreground-muted); }
.chart-card .chart-card-note { font-size: 0.8rem; color: var(--theme-foreground-muted); margin: 0.25rem 0 0 0; max-width: none; overflow-wrap: anywhere; }
.chart-card .chart-card-download { font: inherit; font-size: 0.8rem; padding: 0.15rem 0.6rem; cursor: pointer;
  border: 1px solid var(--theme-foreground-faint); border-radius: 4px; background: var(--theme-background); color: var(--theme-foreground); }
.chart-card .chart-card-download:hover { border-color: var(--theme-foreground-focus); }
.chart-card > .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.chart-card > .sr-only table { width: auto; }
@media print {
  .chart-card { break-inside: avoid; page-break-inside: avoid; border: 1px solid #999 !important; box-shadow: none !important;
    background: #fff !important; color: #000 !important; }
  .chart-card .chart-card-download, .chart-card .chart-card-controls, .chart-card form, .chart-card input, .chart-card select { display: none !important; }
  .chart-card > h3, .chart-card .chart-card-footer, .chart-card .chart-card-note { color: #333 !important; }
  #observablehq-sidebar, #observablehq-sidebar-toggle, #observablehq-header .lang-switch { display: none !important; }
  #observablehq-center { margin: 0 !important; }
  .grid { display: block !important; }
  .grid > * { margin-bottom: 1rem; }
}
`;

/**
 * Text nodes for a title, with units and figures kept on one line: a line may break anywhere between Chinese
 * characters, and "896.8 单/千人" broken into "单/千 / 人" reads as two things. A unit with a slash (单/千人, 张/千人,
 * per 1,000), with the figure before it, goes in a no-wrap span; the text itself (textContent) is unchanged.
 */
const UNIT = /(?:[-+−]?\d[\d,.]*\s?)?(?:[A-Za-z%‰]+|\p{Script=Han})\/(?:千人|百人|万人|\p{Script=Han}|[A-Za-z\d,]+)|[-+−]?\d[\d,.]*\s?(?:%|‰|万元|万|亿|张|个|人|家|分|单|岁|年|项|名)/gu;
export function unbroken(value) {
  const text = String(value ?? "");
  const out = [];
  let at = 0;
  for (const m of text.matchAll(UNIT)) {
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    const span = document.createElement("span");
    span.className = "nowrap";
    span.textContent = m[0];
    out.push(span);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

/**
 * No orphan at a Chinese headline's end ("…，2035年11个区县有" / "缺口"): its last clause (after the last "，" or
 * "；", when short: ≤ 12 Han-character widths, about 200 px) stays on one line, else its last few Han characters do.
 */
function headline(text) {
  const clause = /[，；]([^，；]+)$/u.exec(text);
  const widthOf = (s) => Array.from(s).reduce((w, c) => w + (/\p{Script=Han}|[，；（）]/u.test(c) ? 1 : 0.55), 0);
  if (clause && /\p{Script=Han}/u.test(clause[1]) && widthOf(clause[1]) <= 12) {
    const span = document.createElement("span");
    span.className = "nowrap";
    span.append(...unbroken(clause[1]));
    return [...unbroken(text.slice(0, clause.index + 1)), span];
  }
  const nodes = unbroken(text);
  const last = nodes.at(-1);
  const m = last?.nodeType === 3 ? /\p{Script=Han}{1,4}[\p{P}]?$/u.exec(last.textContent) : null;
  if (!m || m[0].length < 2) return nodes;
  const span = document.createElement("span");
  span.className = "nowrap";
  span.textContent = m[0];
  return [...nodes.slice(0, -1), ...(m.index ? [document.createTextNode(last.textContent.slice(0, m.index))] : []), span];
}

/** A card whose datasets are absent: its title and which file would fill it (components/absent.js), no chart. */
function absentCard({title, lang, absent, className}) {
  const card = document.createElement("div");
  card.className = `card chart-card chart-card-no-data${className ? ` ${className}` : ""}`;
  const h2 = document.createElement("h2");
  // titles name the year of data that are not there ("…，null年", "(undefined)"): leave those words out
  h2.textContent = String(title || "")
    .replace(/[，,]\s*(null|undefined)\s*年?/g, "")
    .replace(/\s*[（(]\s*(null|undefined)?\s*年?\s*[）)]/g, "")
    .replace(/\s*(null|undefined)\s*年?/g, "");
  card.append(h2, absentNote(absent, lang));
  return card;
}

/** Rows a chart's text alternative lists at most (the CSV button gives them all). */
const ALT_ROWS = 40;

/**
 * A visually hidden table of the chart's data: what a screen reader reads in place of the chart (the chart is
 * then aria-hidden, see a11y.js). Up to ALT_ROWS rows; the caption says how many there are. Headers, categories,
 * rounding and units as in the CSV (csv.js readerTable): in the page's language, never the code names.
 */
function altTable(data, caption, lang, {indicators, units, names, categories} = {}) {
  // A table ignores a 1px width; the wrapper clips it, so it adds nothing to the layout.
  const wrapper = document.createElement("div");
  wrapper.className = "sr-only";
  const rows = plainRows(data);
  // the CSV's columns: headers and categories in the page's language (not the data's code names), each header
  // keeping its key (data-key) and each cell its value (data-value) for the tests
  const columns = csvColumns(rows.slice(0, ALT_ROWS), {lang, indicators, units, names, categories});
  const table = document.createElement("table");
  wrapper.append(table);
  const cap = document.createElement("caption");
  const shown = Math.min(rows.length, ALT_ROWS);
  cap.textContent = `${caption} — ${pick(lang, {
    zh: rows.length > shown ? `图表数据，前${shown}行（共${rows.length}行，“下载CSV”可得全部）` : `图表数据，共${rows.length}行`,
    en: rows.length > shown ? `chart data, first ${shown} of ${rows.length} rows (Download CSV gives them all)` : `chart data, ${plural(rows.length, "row")}`
  })}`;
  table.append(cap);
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c.title;
    th.dataset.key = c.key;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rows.slice(0, ALT_ROWS)) {
    const tr = body.insertRow();
    for (const c of columns) {
      const td = tr.insertCell();
      td.textContent = String(c.get(r) ?? "");
      if (c.key in r && r[c.key] != null) td.dataset.value = String(r[c.key]);
    }
  }
  return wrapper;
}

/**
 * The card's anchor, e.g. "chart-beds-per-1000-60p" (other pages link to it: the home page's KPI cards): `id`, or
 * the CSV file name without its year ("beds-per-1000-60p-2025" → "beds-per-1000-60p"); none for the default name.
 */
export function chartId(filename, id) {
  if (id) return id;
  if (!filename || filename === "data") return null;
  return `chart-${String(filename).replace(/-(?:19|20)\d{2}(?=-|$)/g, "").replace(/[^\p{L}\p{N}_-]+/gu, "-")}`;
}

export function chartCard({title, subtitle, finding, chart, data, filename = "data", source, asOf, lang = "zh", note, controls, className, absent, indicators, units, names, categories, id} = {}) {
  ensureStyle(STYLE_ID, STYLE);
  const anchor = chartId(filename, id);
  if (absent?.length) {
    const card = absentCard({title, lang, absent, className});
    if (anchor) card.id = anchor;
    return card;
  }
  const card = document.createElement("div");
  card.className = `card chart-card${className ? ` ${className}` : ""}`;
  if (anchor) card.id = anchor;
  const h2 = document.createElement("h2");
  h2.append(...headline(String(finding || title || "")));
  card.append(h2);
  const sub = [finding ? title : null, subtitle].filter(Boolean).join(" · ");
  if (sub) {
    const h3 = document.createElement("h3");
    h3.append(...unbroken(sub));
    card.append(h3);
  }
  if (controls != null) {
    const bar = document.createElement("div");
    bar.className = "chart-card-controls";
    for (const c of [controls].flat()) if (c) bar.append(c);
    card.append(bar);
  }
  const body = document.createElement("div");
  body.className = "chart-card-body";
  if (chart != null) body.append(chart instanceof Node ? chart : document.createTextNode(String(chart)));
  card.append(body);
  // A chart (not a table, which reads as it is) gets its figures as a hidden table for screen readers.
  const isTable = chart instanceof Element && chart.matches("form, table, .plain-table");
  if (data != null && chart instanceof Node && !isTable) card.append(altTable(data, h2.textContent, lang, {indicators, units, names, categories}));
  if (note) {
    const p = document.createElement("p");
    p.className = "chart-card-note";
    p.textContent = note;
    card.append(p);
  }
  const footer = document.createElement("div");
  footer.className = "chart-card-footer";
  const span = document.createElement("span");
  span.className = "chart-card-source";
  span.textContent = sourceNote({source, asOf, lang});
  footer.append(span);
  // No rows, no button: an empty CSV helps nobody.
  if (data != null && plainRows(data).length > 0) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chart-card-download";
    button.textContent = pick(lang, {zh: "下载CSV", en: "Download CSV"});
    button.title = pick(lang, {zh: `下载 ${filename}.csv`, en: `Download ${filename}.csv`});
    button.addEventListener("click", () => downloadCsv(data, filename, {lang, source, asOf, indicators, units, names, categories}));
    footer.append(button);
  }
  card.append(footer);
  return card;
}
