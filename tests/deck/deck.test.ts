// `npm run deck`: the .pptx holds native chart parts whose figures are the public marts' figures, speaker notes
// with sources and the as-of date, the cover from the config, and the synthetic-data warning on demo data.
// The file is unzipped and read as XML here; rendering it (LibreOffice) is a manual check (docs/planners.md).
import {DuckDBInstance} from "@duckdb/node-api";
import JSZip from "jszip";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Db} from "../../pipeline/db.ts";
import {buildDeck, deckSlides, keepFigures, onceBandLegend, onceZeroLabels, textWidth, titleSize} from "../../pipeline/deck/build.ts";
import {deckFileName, writeDecks} from "../../pipeline/deck/cli.ts";
import {readDeckData, type DeckData} from "../../pipeline/deck/data.ts";
import {shortNameEn, shortNameZh} from "../../pipeline/deck/names.ts";
import {createProgress} from "../../pipeline/progress.ts";
import {districtShapes} from "../../pipeline/demo/city.ts";
import {assignCallouts, boxClearance, clearance, fitColumns, leaderAnchor, pointInRing} from "../../src/components/callouts.js";
// @ts-expect-error a plain browser module without types
import {excelFormatter} from "../../src/components/format.js";
import {TIER} from "../../src/components/palette.js";
import {run as runPipeline} from "../../pipeline/run.ts";
import {ConfigError, DEFAULT_SITE, parseSiteConfig, type SiteConfig} from "../../scripts/site-config.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SITE: SiteConfig = {...DEFAULT_SITE, bureau_zh: "测试市民政局", bureau_en: "Test City Civil Affairs Bureau", title_zh: "养老服务测试汇报", title_en: "Test briefing", date: "2025-11-05", deck_font: "Microsoft YaHei"};

let dir: string;
let warehouse: string;
let data: DeckData;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "deck-test-"));
  warehouse = join(dir, "warehouse.duckdb");
  process.env.AGING_PSEUDONYM_KEY ??= "deck-test-pseudonym-key-0123456789";
  const result = await runPipeline({input: join(ROOT, "tests", "fixtures", "clean"), warehouse, quiet: true, asOf: "2025-09-30"}, createProgress({quiet: true}));
  if (result.status !== "published") throw new Error(`the test warehouse failed: ${result.error?.message}`);
  // flag it as demo data, as the demo run does
  const instance = await DuckDBInstance.create(warehouse);
  const conn = await instance.connect();
  await conn.run(`delete from meta.params where key = 'demo'; insert into meta.params values ('demo', 'true')`);
  conn.closeSync();
  instance.closeSync();
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    data = await readDeckData(db);
  } finally {
    db.close();
  }
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

/** The published figures, read straight from the mart (not through the deck's code). */
async function publicCells(indicator: string, year: number): Promise<Map<string, number | null>> {
  const db = await Db.open(warehouse, {readOnly: true, threads: 1});
  try {
    const rows = await db.all<{area_code: string; value: number | null}>(
      `select area_code, value from marts.indicator_values_public where indicator = ? and year = ? and area_code <> 'CITY'`, [indicator, year]);
    return new Map(rows.map((r) => [r.area_code, r.value]));
  } finally {
    db.close();
  }
}

interface ChartSeries {
  name: string;
  labels: string[];
  values: (number | null)[];
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Series of a chart part: name, category labels and values from the XML caches. */
function chartSeries(xml: string): ChartSeries[] {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => {
    const pts = (block: string | undefined) => {
      const out: string[] = [];
      for (const m of (block ?? "").matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)) out[Number(m[1])] = unescape(m[2]!);
      return out;
    };
    const count = Number(/<c:val>[\s\S]*?<c:ptCount val="(\d+)"/.exec(ser!)?.[1] ?? 0);
    const vals = pts(/<c:val>([\s\S]*?)<\/c:val>/.exec(ser!)?.[1]);
    return {
      name: pts(/<c:tx>([\s\S]*?)<\/c:tx>/.exec(ser!)?.[1])[0] ?? "",
      // as a reader sees them: the deck's no-break spaces and hyphens (kept on one line) read as plain ones
      labels: pts(/<c:cat>([\s\S]*?)<\/c:cat>/.exec(ser!)?.[1]).map((l) => l.replace(/\u00A0/g, " ").replace(/\u2011/g, "-")),
      values: Array.from({length: count}, (_, i) => (vals[i] == null || vals[i] === "" ? null : Number(vals[i])))
    };
  });
}

interface Deck {
  zip: JSZip;
  slides: {xml: string; notes: string; charts: string[]}[];
}

async function openDeck(bytes: Buffer): Promise<Deck> {
  const zip = await JSZip.loadAsync(bytes);
  const slideFiles = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/(\d+)/.exec(a)![1]) - Number(/(\d+)/.exec(b)![1]));
  const slides = [];
  for (const file of slideFiles) {
    const xml = await zip.file(file)!.async("string");
    const rels = await zip.file(file.replace("slides/", "slides/_rels/") + ".rels")!.async("string");
    const targets = [...rels.matchAll(/Target="([^"]+)"/g)].map((m) => m[1]!);
    const resolve = (t: string) => (t.startsWith("/") ? t.slice(1) : `ppt/${t.replace(/^\.\.\//, "")}`);
    const charts = [];
    for (const t of targets.filter((t) => /charts\/chart\d+\.xml$/.test(t))) charts.push(await zip.file(resolve(t))!.async("string"));
    const notesTarget = targets.find((t) => /notesSlide\d+\.xml$/.test(t));
    const notes = notesTarget ? await zip.file(resolve(notesTarget))!.async("string") : "";
    slides.push({xml, notes, charts});
  }
  return {zip, slides};
}

// as a reader sees it: the word joiners and no-break spaces that keep a headline's figures whole (keepFigures) read as
// nothing and as plain spaces
const text = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescape(m[1]!)).join("").replace(/\u2060/g, "").replace(/\u00A0/g, " ");
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

describe("the PowerPoint deck", () => {
  let zh: Deck;
  let en: Deck;
  const specs = () => deckSlides(data, SITE, {lang: "zh"});

  beforeAll(async () => {
    zh = await openDeck(await buildDeck(data, SITE, {lang: "zh"}));
    en = await openDeck(await buildDeck(data, SITE, {lang: "en"}));
  });

  it("has the cover, the map of aging, the bed gap, services, informatization, scorecard and tasks slides", () => {
    const ids = specs().map((s) => s.id);
    expect(ids).toEqual(["cover", "aging-map", "aging-trend", "bed-gap", "services", "informatization", "scorecard", "tasks"]);
    expect(zh.slides).toHaveLength(ids.length);
    expect(en.slides).toHaveLength(ids.length);
  });

  it("puts the bureau, title and date from the config, and the synthetic-data warning, on the cover", () => {
    const cover = text(zh.slides[0]!.xml);
    expect(cover).toContain("测试市民政局");
    expect(cover).toContain("养老服务测试汇报");
    expect(cover).toContain("2025年11月5日");
    expect(cover).toContain("数据截至 2025年9月30日");
    expect(cover).toMatch(/合成数据/);
    expect(text(en.slides[0]!.xml)).toMatch(/Test City Civil Affairs Bureau[\s\S]*Test briefing[\s\S]*5 November 2025[\s\S]*synthetic/);
  });

  it("leaves the warning off when the data are not synthetic", async () => {
    const deck = await openDeck(await buildDeck({...data, demo: false}, SITE, {lang: "zh"}));
    expect(text(deck.slides[0]!.xml)).not.toMatch(/合成/);
    expect(deck.slides.map((s) => text(s.notes)).join("")).not.toMatch(/合成/);
  });

  it("gives every slide speaker notes naming the source tables and the as-of date", () => {
    for (const [deck, asOf] of [[zh, "2025年9月30日"], [en, "30 September 2025"]] as const) {
      for (const slide of deck.slides) {
        const notes = text(slide.notes);
        expect(notes).toMatch(/marts\.(indicator_values_public|task_status)/);
        expect(notes).toContain(asOf);
        expect(notes).toMatch(/合成|synthetic/);
      }
    }
  });

  it("draws native chart parts with embedded workbooks (editable in PowerPoint and WPS)", async () => {
    const types = await zh.zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    const charts = zh.slides.flatMap((s) => s.charts);
    expect(charts.length).toBe(specs().reduce((n, s) => n + s.charts.length, 0));
    // the fixture is tiny: its services and informatization cells are suppressed (slides say so), the others draw
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) expect(c).toMatch(/<c:(barChart|lineChart)>/);
    expect(Object.keys(zh.zip.files).filter((n) => /^ppt\/embeddings\/.*\.xlsx$/.test(n)).length).toBe(charts.length);
    // the map is made of freeform shapes, one per district with a boundary
    expect((zh.slides[1]!.xml.match(/<a:custGeom>/g) ?? []).length).toBe(data.shapes.size);
  });

  it("holds the marts' share aged 65+ by district on the map slide", async () => {
    const year = Math.max(...data.cells.filter((c) => c.indicator === "share_65p" && !c.projected && c.value != null).map((c) => c.year));
    const expected = await publicCells("share_65p", year);
    const [series] = chartSeries(zh.slides[1]!.charts[0]!);
    const byName = new Map(data.areas.map((a) => [shortNameZh(a.name_zh), a.area_code]));
    expect(series!.labels).toHaveLength([...expected.values()].filter((v) => v != null).length);
    series!.labels.forEach((label, i) => {
      const code = byName.get(label);
      expect(code, label).toBeDefined();
      expect(series!.values[i]).toBe(round(expected.get(code!)!, 1));
    });
    // sorted: the oldest district at the top (the last category of a horizontal bar chart)
    expect(series!.values).toEqual([...series!.values].sort((a, b) => a! - b!));
  });

  it("holds the marts' bed gaps, now and projected, by district", async () => {
    const slide = zh.slides[3]!;
    const series = chartSeries(slide.charts[0]!);
    const now = series.find((s) => !/预测/.test(s.name))!;
    const later = series.find((s) => /预测/.test(s.name));
    const year = Number(/(\d{4})/.exec(now.name)![1]);
    const expected = await publicCells("bed_gap", year);
    const byName = new Map(data.areas.map((a) => [shortNameZh(a.name_zh), a.area_code]));
    now.labels.forEach((label, i) => expect(now.values[i]).toBe(round(expected.get(byName.get(label)!)!, 0)));
    if (later) {
      const expectedLater = await publicCells("bed_gap", Number(/(\d{4})/.exec(later.name)![1]));
      later.labels.forEach((label, i) => expect(later.values[i]).toBe(round(expectedLater.get(byName.get(label)!)!, 0)));
    }
    // the city total is not drawn on the districts' scale
    expect(now.labels).not.toContain("全市");
  });

  it("titles the bed gap with the city's figure, the sum of the district bars, and the projection's interval around its point; no gap reads 达标", async () => {
    const slide = zh.slides[3]!;
    const series = chartSeries(slide.charts[0]!);
    const now = series.find((s) => !/预测/.test(s.name))!;
    const later = series.find((s) => /预测/.test(s.name))!;
    const year = Number(/(\d{4})/.exec(now.name)![1]);
    const horizon = Number(/(\d{4})/.exec(later.name)![1]);
    const db = await Db.open(warehouse, {readOnly: true, threads: 1});
    const city = async (y: number) => (await db.all<{value: number; pi_lower: number | null; pi_upper: number | null}>(
      "select value, pi_lower, pi_upper from marts.indicator_values_public where indicator = 'bed_gap' and area_code = 'CITY' and year = ?", [y]))[0]!;
    const [cityNow, cityLater] = [await city(year), await city(horizon)];
    db.close();
    // the city's gap is the sum of the districts' (unrounded), so the bars add up to the title's figure within rounding
    const districtsNow = [...(await publicCells("bed_gap", year)).values()].reduce((a: number, v) => a + (v ?? 0), 0);
    expect(Math.abs(cityNow.value - districtsNow)).toBeLessThan(1e-6 * Math.max(1, districtsNow));
    expect(Math.abs(now.values.reduce((a: number, v) => a + (v ?? 0), 0) - cityNow.value)).toBeLessThanOrEqual(now.values.length / 2);
    const fmt = (v: number) => new Intl.NumberFormat("zh-CN", {maximumFractionDigits: 0}).format(v);
    const title = text(slide.xml);
    expect(title).toContain(`全市缺床位${fmt(cityNow.value)}张`);
    if (cityLater.pi_lower != null && cityLater.pi_upper != null) {
      expect(title).toContain(`${horizon}年预计${fmt(cityLater.value)}张（预测区间${fmt(cityLater.pi_lower)}–${fmt(cityLater.pi_upper)}张）`);
      expect(cityLater.pi_lower).toBeLessThanOrEqual(cityLater.value);
      expect(cityLater.value).toBeLessThanOrEqual(cityLater.pi_upper);
    } else {
      // this fixture's years allow no backtest, so no interval: none is quoted (never a made-up 0–0)
      expect(title).toContain(`${horizon}年预计${fmt(cityLater.value)}张`);
      expect(title).not.toContain("预测区间");
    }
    // a zero gap is labelled by the number format's zero section, not a bare 0
    expect(slide.charts[0]!).toContain("达标");
    expect(en.slides[3]!.charts[0]!).toContain("no gap");
  });

  it("holds the scorecard's scores to one decimal, with the tier of the score as shown (as the scorecard mart grades it)", async () => {
    const year = Math.max(...data.cells.filter((c) => c.indicator === "district_score" && c.value != null).map((c) => c.year));
    const expected = await publicCells("district_score", year);
    const [series] = chartSeries(zh.slides[6]!.charts[0]!);
    const byName = new Map(data.areas.map((a) => [shortNameZh(a.name_zh), a.area_code]));
    expect(series!.labels.length).toBe([...expected.values()].filter((v) => v != null).length);
    series!.labels.forEach((label, i) => {
      const [name, tier] = label.split(" ");
      const score = expected.get(byName.get(name!)!)!;
      expect(series!.values[i]).toBe(Math.round(score * 10) / 10);
      expect(tier).toBe(data.tiers.find((t) => Math.round(score * 10) / 10 >= t.min_score)!.tier);
    });
  });

  it("colours each scorecard bar by its tier in the site's tier colours (palette.js TIER, as on the scorecard page)", () => {
    const xml = zh.slides[6]!.charts[0]!;
    const [series] = chartSeries(xml);
    // one <c:dPt> per bar with its own fill
    const fills = new Map([...xml.matchAll(/<c:dPt>\s*<c:idx val="(\d+)"\/>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => [Number(m[1]), m[2]]));
    expect(series!.labels.length).toBeGreaterThan(0);
    series!.labels.forEach((label, i) => {
      const tier = label.split(" ")[1] as keyof typeof TIER;
      expect(fills.get(i), label).toBe(TIER[tier].slice(1).toUpperCase());
    });
  });

  it("leaves suppressed cells out of the charts", () => {
    const slide = zh.slides[5]!;
    const info = slide.charts.length ? chartSeries(slide.charts[0]!)[0] : undefined;
    const year = Math.max(...data.cells.filter((c) => c.indicator === "informatization_index" && c.area_code === "CITY" && c.value != null).map((c) => c.year));
    const shown = data.cells.filter((c) => c.indicator === "informatization_index" && c.year === year && c.area_code !== "CITY" && !c.suppressed && c.value != null);
    expect(info?.labels.length ?? 0).toBe(shown.length);
    expect(info?.values.every((v) => v != null) ?? true).toBe(true);
    // with every district withheld the slide says so instead of drawing an empty chart
    if (!shown.length) expect(text(slide.xml)).toContain("暂无数据");
  });

  it("counts the tasks by status as the task mart does", async () => {
    const db = await Db.open(warehouse, {readOnly: true, threads: 1});
    let counts: {status: string; n: number}[];
    try {
      counts = await db.all(`select status, count(*)::integer as n from marts.task_status where year = (select max(year) from marts.task_status) group by status`);
    } finally {
      db.close();
    }
    const [series] = chartSeries(en.slides[7]!.charts[0]!);
    const labels: Record<string, string> = {done: "Done", on_track: "On track", at_risk: "At risk", behind: "Behind", overdue: "Overdue"};
    for (const {status, n} of counts) expect(series!.values[series!.labels.indexOf(labels[status]!)]).toBe(n);
    expect(series!.values.reduce((a, b) => a! + b!, 0)).toBe(counts.reduce((a, c) => a + c.n, 0));
  });

  it("draws the late tasks' progress against the share due by now under their table, in the table's order", () => {
    const task = (task_id: string, status: string, progress_pct: number, expected_pct: number) =>
      ({task_id, year: 2025, title: `任务${task_id}`, lead_unit: "处", district_code: null, unit: "个", target: 10, due: "2025-12-31", progress_pct, expected_pct, status});
    const tasks = [task("A", "on_track", 80, 83), task("B", "at_risk", 65.4, 83.2), task("C", "overdue", 80, 100), task("D", "behind", 24, 83)];
    const spec = deckSlides({...data, tasks}, SITE, {lang: "zh"}).find((s) => s.id === "tasks")!;
    const bars = spec.charts[1]!;
    // the table lists overdue, behind, at risk; the .pptx draws categories bottom-up
    expect(bars.series[0]!.labels).toEqual(["任务B", "任务D", "任务C"]);
    expect(bars.series.map((s) => s.values)).toEqual([[83, 83, 100], [65, 24, 80]]);
    // below the table (a header and 3 rows of 0.5 in) and inside the slide's body
    expect(bars.box.y).toBeCloseTo(2.05 + 4 * 0.5 + 0.3, 5);
    expect(bars.box.y + bars.box.h).toBeCloseTo(2.05 + 4.75, 5);
    // no late task: no bars
    expect(deckSlides({...data, tasks: [tasks[0]!]}, SITE, {lang: "zh"}).find((s) => s.id === "tasks")!.charts).toHaveLength(1);
  });

  it("names the prediction interval once in the trend chart's legend", () => {
    const ser = (idx: number, name: string) => `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>${name}</c:v></c:pt></c:strCache></c:strRef></c:tx></c:ser>`;
    const crafted = `<c:chart><c:lineChart>${ser(0, "A")}${ser(1, "dotted: prediction interval")}${ser(2, "A interval \u2191")}${ser(3, "B interval \u2193")}${ser(4, "B interval \u2191")}</c:lineChart><c:legend><c:legendPos val="t"/><c:overlay val="0"/></c:legend></c:chart>`;
    expect(onceBandLegend(crafted)).toContain(`<c:legendPos val="t"/>${[2, 3, 4].map((i) => `<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`).join("")}<c:overlay val="0"/>`);
    const xml = en.slides[2]!.charts[0]!;
    const series = chartSeries(xml);
    const bounds = series.filter((s) => /[\u2193\u2191]$/.test(s.name));
    if (!series.some((s) => s.name === "dotted: prediction interval")) return; // no projection in the test warehouse (the crafted chart below is checked always)
    expect(bounds.length).toBeGreaterThan(0);
    const deleted = [...xml.matchAll(/<c:legendEntry><c:idx val="(\d+)"\/><c:delete val="1"\/><\/c:legendEntry>/g)].map((m) => m[1]);
    expect(deleted).toHaveLength(bounds.length);
    expect(onceBandLegend("<c:chart><c:legend><c:legendPos val=\"t\"/></c:legend></c:chart>")).not.toContain("legendEntry");
    // the subtitle says dotted lines, as the .pptx draws them (the page's slide draws a band)
    expect(text(en.slides[2]!.xml)).toContain("dotted: prediction interval (90th percentile");
    expect(text(en.slides[2]!.xml)).not.toContain("band: prediction interval");
  });

  it("keeps a figure whole on one line in a headline", () => {
    const WJ = "\u2060";
    expect(keepFigures("预计6,463张（预测区间6,125–6,818张）")).toBe(`预计${WJ}6,463${WJ}张（预测区间${WJ}6,125–${WJ}6,818${WJ}张）`);
    expect(keepFigures("特殊困难老人月探访率83.4%")).toBe(`特殊困难老人月探访率${WJ}83.4%`);
    expect(keepFigures("from 22.8% to 31.1%")).toBe("from\u00A022.8%\u00A0to\u00A031.1%");
    expect(keepFigures("3,000 beds short (√ met, × not met)")).toBe("3,000\u00A0beds short (√\u00A0met, ×\u00A0not\u00A0met)");
  });

  it("names the deck font for Latin and East Asian text in the theme, and on every run", async () => {
    const theme = await zh.zip.file("ppt/theme/theme1.xml")!.async("string");
    expect(theme).toMatch(/<a:minorFont><a:latin typeface="Microsoft YaHei"\/><a:ea typeface="Microsoft YaHei"\/>/);
    for (const slide of zh.slides) expect(slide.xml).not.toMatch(/typeface="(Arial|Calibri)"/);
  });

  it("keeps text legible on a 1920 px projector: titles ≥ 24 pt, nothing under 12 pt", () => {
    for (const slide of [...zh.slides, ...en.slides]) {
      const sizes = [...slide.xml.matchAll(/<a:rPr[^>]* sz="(\d+)"/g)].map((m) => Number(m[1]) / 100);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      for (const c of slide.charts) {
        const chartSizes = [...c.matchAll(/ sz="(\d+)"/g)].map((m) => Number(m[1]) / 100);
        expect(Math.min(...chartSizes)).toBeGreaterThanOrEqual(12);
      }
    }
    for (const s of [...specs(), ...deckSlides(data, SITE, {lang: "en"})]) expect(titleSize(s.title, 12.3)).toBeGreaterThanOrEqual(24);
  });

  it("names every bar on one line: no label skipped (tickLblSkip 1), unwrapped axis text, English names kept whole", () => {
    for (const deck of [zh, en]) {
      for (const xml of deck.slides.flatMap((s) => s.charts).filter((c) => c.includes("<c:barChart>"))) {
        expect(xml).toContain('<c:tickLblSkip val="1"/>');
        expect(xml).toMatch(/<c:catAx>[\s\S]*?<c:txPr><a:bodyPr rot="0" vert="horz" wrap="none"\/>/);
        const raw = [...xml.matchAll(/<c:cat>[\s\S]*?<\/c:cat>/g)].flatMap((m) => [...m[0].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((v) => v[1]!));
        for (const label of raw) expect(label, label).not.toMatch(/[A-Za-z)-] [A-Za-z(]|[A-Za-z]-[A-Za-z]/);
      }
    }
    // the English bed-gap and scorecard slides have a two-word name to keep whole
    expect(en.slides[3]!.charts[0]!).toContain("Hi\u2011tech\u00A0Zone");
  });

  it("labels a row where every series is zero once, not with the zero word stacked on itself", () => {
    const ser = (name: string, values: number[]) =>
      `<c:ser><c:tx><c:v>${name}</c:v></c:tx><c:dLbls><c:numFmt formatCode="#,##0;-#,##0;&quot;达标&quot;" sourceLinked="0"/><c:showVal val="1"/></c:dLbls>` +
      `<c:val><c:numRef><c:numCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("")}</c:numCache></c:numRef></c:val></c:ser>`;
    const xml = `<c:barChart>${ser("2035", [0, 5, 0])}${ser("2025", [0, 0, 7])}</c:barChart>`;
    const out = onceZeroLabels(xml);
    const [later, now] = [...out.matchAll(/<c:ser>[\s\S]*?<\/c:ser>/g)].map((m) => m[0]);
    // row 0 is zero in both: the first series' label is deleted, the last series still says 达标 there
    expect(later).toContain('<c:dLbls><c:dLbl><c:idx val="0"/><c:delete val="1"/></c:dLbl><c:numFmt');
    expect((later!.match(/<c:dLbl>/g) ?? []).length).toBe(1);
    expect(now).not.toContain("<c:dLbl>");
    // the values stay in the chart's data
    expect(out).toContain('<c:pt idx="0"><c:v>0</c:v></c:pt>');
    // charts whose labels have no zero word are left alone
    const plain = xml.replaceAll(";&quot;达标&quot;", "");
    expect(onceZeroLabels(plain)).toBe(plain);
  });

  it("marks met / not met after the visit rate (√ / ×, by the label's format) when that agrees with every district's status", () => {
    const year = Math.max(...data.cells.filter((c) => c.area_code === "CITY").map((c) => c.year).filter((y) => y <= Number(data.asOf.slice(0, 4))));
    const districts = data.areas.filter((a) => !a.is_city);
    const visits = (rows: {value: number; status: string}[]) => ({
      ...data,
      cells: [
        ...data.cells.filter((c) => c.indicator !== "special_visit_rate"),
        {indicator: "special_visit_rate", area_code: "CITY", year, value: 90, target: 100, status: "not_met", projected: false, suppressed: false},
        ...districts.map((a, i) => ({indicator: "special_visit_rate", area_code: a.area_code, year, value: rows[i % rows.length]!.value, target: 100, status: rows[i % rows.length]!.status, projected: false, suppressed: false}))
      ]
    });
    const visitChart = (d: DeckData) => deckSlides(d, SITE, {lang: "en"}).find((s) => s.id === "services")!.charts.find((c) => c.max === 100)!;
    // agreeing: the marks go in the number format, the names stay short
    const agree = visitChart(visits([{value: 100, status: "met"}, {value: 84.2, status: "not_met"}]));
    expect(agree.valueFormat).toBe('[>=100]0.0"\u00A0√";0.0"\u00A0×"');
    expect(agree.series[0]!.labels.some((l) => /[√×✓✗]/.test(l))).toBe(false);
    // a status the value does not explain (here 100.0 shown, yet not met): the marks stay beside the names
    const disagree = visitChart(visits([{value: 99.96, status: "not_met"}, {value: 84.2, status: "not_met"}]));
    expect(disagree.valueFormat).toBe("0.0");
    expect(disagree.series[0]!.labels.every((l) => l.endsWith("\u00A0×"))).toBe(true);
  });

  it("writes one file per language, atomically, with npm run deck's defaults", async () => {
    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({site: {bureau_zh: "配置局"}}));
    const files = await writeDecks({warehouse, out: join(dir, "out"), langs: ["zh", "en"], config});
    expect(files.map((f) => f.split("/").pop())).toEqual([deckFileName("zh"), deckFileName("en")]);
    const deck = await openDeck(await readFile(files[0]!));
    expect(text(deck.slides[0]!.xml)).toContain("配置局");
  });
});

describe("site config", () => {
  it("fills defaults and rejects unknown keys, wrong types and bad dates with the file named", () => {
    expect(parseSiteConfig({})).toEqual(DEFAULT_SITE);
    expect(parseSiteConfig({site: {bureau_zh: " 某市民政局 "}}).bureau_zh).toBe("某市民政局");
    expect(() => parseSiteConfig({site: {bureau: "x"}}, "c.json")).toThrow(/c\.json: site\.bureau is not a known setting/);
    expect(() => parseSiteConfig({site: {date: 20251105}}, "c.json")).toThrow(ConfigError);
    expect(() => parseSiteConfig({site: {date: "2025-02-30"}}, "c.json")).toThrow(/site\.date must be a date/);
  });
});

describe("map callouts (slides page and .pptx)", () => {
  it("start each leader line inside its district and route it clear of placed names and of the other lines", () => {
    const square = (x: number, y: number, s = 1): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
    // A and B side by side; C to their right has its name placed inside it, on the straight way out of A and B
    const [a, b, c] = [square(0, 0), square(1, 0), square(2, 0)];
    const nameC = {x: 2.1, y: 0.35, w: 0.8, h: 0.3};
    const callouts = [{cx: 0.5, cy: 0.5, ring: a}, {cx: 1.5, cy: 0.5, ring: b}];
    const slots = [0.15, 0.5, 0.85, 1.2];
    const colX = 4;
    const out = assignCallouts(callouts, slots, colX, {labels: [nameC], rings: [a, b, c], pad: 0.05, step: 0.02});
    expect(new Set(out.map((o) => o.slot)).size).toBe(2);
    const segs = out.map(({anchor, slot}) => [anchor[0], anchor[1], colX, slots[slot]!] as const);
    out.forEach(({anchor}, i) => expect(pointInRing(anchor, callouts[i]!.ring)).toBe(true));
    for (const [x1, y1, x2, y2] of segs) {
      for (let k = 0; k <= 200; k++) {
        const [x, y] = [x1 + ((x2 - x1) * k) / 200, y1 + ((y2 - y1) * k) / 200];
        expect(x > nameC.x && x < nameC.x + nameC.w && y > nameC.y && y < nameC.y + nameC.h, `(${x.toFixed(2)}, ${y.toFixed(2)}) on C's name`).toBe(false);
      }
    }
    const side = (px: number, py: number, [x1, y1, x2, y2]: readonly number[]) => Math.sign((x2! - x1!) * (py - y1!) - (y2! - y1!) * (px - x1!));
    const [s0, s1] = segs;
    const crossing = side(s0![0], s0![1], s1!) * side(s0![2], s0![3], s1!) < 0 && side(s1![0], s1![1], s0!) * side(s1![2], s1![3], s0!) < 0;
    expect(crossing).toBe(false);
  });
  /** How much of the segment lies inside the rings (sampled every 1/2000 of its length). */
  const lengthInside = ([x1, y1, x2, y2]: readonly number[], rings: [number, number][][]) => {
    const steps = 2000;
    let inside = 0;
    for (let k = 0; k < steps; k++) {
      const t = (k + 0.5) / steps;
      if (rings.some((r) => pointInRing([x1! + (x2! - x1!) * t, y1! + (y2! - y1!) * t], r))) inside += 1 / steps;
    }
    return inside * Math.hypot(x2! - x1!, y2! - y1!);
  };
  const crosses = (a: readonly number[], b: readonly number[]) => {
    const side = (px: number, py: number, [x1, y1, x2, y2]: readonly number[]) => Math.sign((x2! - x1!) * (py - y1!) - (y2! - y1!) * (px - x1!));
    return side(a[0]!, a[1]!, b) * side(a[2]!, a[3]!, b) < 0 && side(b[0]!, b[1]!, a) * side(b[2]!, b[3]!, a) < 0;
  };

  it("put each name on the side whose line stays out of the other districts, where such a slot is free", () => {
    const square = (x: number, y: number, s = 1): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
    // two rows of three districts; A, D (left column) and F (right column) are called out, B, C and E hold their
    // names. In one column on the right, A's and D's lines would cross B and C, E and F.
    const [a, b, c, d, e, f] = [square(0, 0), square(1, 0), square(2, 0), square(0, 1), square(1, 1), square(2, 1)];
    const rings = [a, b, c, d, e, f];
    const names = [{x: 1.1, y: 0.35, w: 0.8, h: 0.3}, {x: 2.1, y: 0.35, w: 0.8, h: 0.3}, {x: 1.1, y: 1.35, w: 0.8, h: 0.3}];
    const callouts = [{cx: 0.5, cy: 0.5, ring: a}, {cx: 0.5, cy: 1.5, ring: d}, {cx: 2.5, cy: 1.5, ring: f}];
    const slots = [0.1, 0.4, 0.7, 1.0, 1.3, 1.6, 1.9];
    const columns = {left: -0.4, right: 3.4};
    const out = assignCallouts(callouts, slots, columns, {labels: names, rings, pad: 0.05, step: 0.02});
    expect(out.map((o) => o.side)).toEqual(["left", "left", "right"]);
    expect(new Set(out.map((o) => `${o.side} ${o.slot}`)).size).toBe(3);
    const segs = out.map(({anchor, slot, side}) => [anchor[0], anchor[1], columns[side], slots[slot]!] as const);
    out.forEach(({anchor}, i) => expect(pointInRing(anchor, callouts[i]!.ring)).toBe(true));
    // no line runs through another district by more than a hair (where it leaves its own along a shared border)
    segs.forEach((seg, i) => expect(lengthInside(seg, rings.filter((r) => r !== callouts[i]!.ring)), `line ${i}`).toBeLessThan(0.02));
    for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) expect(crosses(segs[i]!, segs[j]!), `lines ${i}, ${j}`).toBe(false);
    // the old placement (one column on the right) sends A's line across B and C: what the two columns avoid
    const [oneColumn] = assignCallouts(callouts, slots, columns.right, {labels: names, rings, pad: 0.05, step: 0.02});
    expect(oneColumn!.side).toBe("right");
    expect(lengthInside([oneColumn!.anchor[0], oneColumn!.anchor[1], columns.right, slots[oneColumn!.slot]!], [b, c, d, e, f])).toBeGreaterThan(1);
  });

  it("send a district walled in by others out through the least of them, without crossing lines", () => {
    // a ring of four districts round a small one (M) and its neighbour N, both called out; the thin west district
    // is the short way out for M
    const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    const west = rect(0, 0, 0.3, 3), east = rect(2.4, 0, 3, 3), north = rect(0.3, 0, 2.4, 0.8), south = rect(0.3, 2.2, 2.4, 3);
    const m = rect(0.3, 0.8, 1.2, 2.2), nb = rect(1.2, 0.8, 2.4, 2.2);
    const rings = [west, east, north, south, m, nb];
    const callouts = [{cx: 0.75, cy: 1.5, ring: m}, {cx: 1.8, cy: 1.5, ring: nb}];
    const slots = Array.from({length: 10}, (_, i) => 0.15 + i * 0.3);
    const columns = {left: -0.4, right: 3.4};
    const out = assignCallouts(callouts, slots, columns, {labels: [], rings, pad: 0.05, step: 0.02});
    const segs = out.map(({anchor, slot, side}) => [anchor[0], anchor[1], columns[side], slots[slot]!] as const);
    // M through the thin west strip (0.3 wide), N through the east one (0.6 wide): each no more than a little over
    // the strip's width
    expect(out.map((o) => o.side)).toEqual(["left", "right"]);
    expect(lengthInside(segs[0]!, rings.filter((r) => r !== m))).toBeLessThan(0.45);
    expect(lengthInside(segs[1]!, rings.filter((r) => r !== nb))).toBeLessThan(0.8);
    expect(crosses(segs[0]!, segs[1]!)).toBe(false);
  });

  it("on the Demo City map, send the small central districts' lines through less of the others than one column on the right", () => {
    // the Demo City's districts drawn 6.5 px to the km (north up: about 830 × 710 px, as on the slide), the four
    // smallest called out, the others' names (80 × 32 px) at their centres
    const rings = districtShapes().map((s) => ({code: s.code, area: s.areaKm2, ring: s.ringKm.map(([x, y]) => [x * 6.5, -y * 6.5] as [number, number])}));
    const centre = (ring: [number, number][]) => [ring.reduce((t, p) => t + p[0], 0) / ring.length, ring.reduce((t, p) => t + p[1], 0) / ring.length] as const;
    const small = [...rings].sort((a, b) => a.area - b.area).slice(0, 4);
    const callouts = small.map(({ring}) => ({cx: centre(ring)[0], cy: centre(ring)[1], ring})).sort((a, b) => a.cy - b.cy);
    const names = rings.filter((r) => !small.includes(r)).map(({ring}) => ({x: centre(ring)[0] - 40, y: centre(ring)[1] - 16, w: 80, h: 32}));
    const all = rings.flatMap((r) => r.ring);
    const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
    const [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
    const slots: number[] = [];
    for (let y = y0 + 16; y <= y1 - 16; y += 38) slots.push(y);
    const columns = {left: x0 - 34, right: x1 + 34};
    const options = {labels: names, rings: rings.map((r) => r.ring), pad: 6, step: 5};
    const through = (out: ReturnType<typeof assignCallouts>, x: (side: "left" | "right") => number) =>
      out.map(({anchor, slot, side}, i) => lengthInside([anchor[0], anchor[1], x(side), slots[slot]!], rings.map((r) => r.ring).filter((r) => r !== callouts[i]!.ring)));
    const two = assignCallouts(callouts, slots, columns, options);
    const one = assignCallouts(callouts, slots, columns.right, options);
    const twoIn = through(two, (side) => columns[side]), oneIn = through(one, () => columns.right);
    const sum = (v: number[]) => v.reduce((t, x) => t + x, 0);
    expect(new Set(two.map((o) => o.side)).size, "both columns used").toBe(2);
    // every line through no more of the others than in one column (a few px of sampling aside), and less in all
    twoIn.forEach((v, i) => expect(v, `line ${i}`).toBeLessThanOrEqual(oneIn[i]! + 3));
    expect(sum(twoIn)).toBeLessThan(0.9 * sum(oneIn));
    const segs = two.map(({anchor, slot, side}) => [anchor[0], anchor[1], columns[side], slots[slot]!] as const);
    two.forEach(({anchor}, i) => expect(pointInRing(anchor, callouts[i]!.ring)).toBe(true));
    for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) expect(crosses(segs[i]!, segs[j]!), `lines ${i}, ${j}`).toBe(false);
    for (const [sx, sy, tx, ty] of segs) {
      for (let k = 0; k <= 400; k++) {
        const [x, y] = [sx + ((tx - sx) * k) / 400, sy + ((ty - sy) * k) / 400];
        expect(names.some((r) => x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h), `(${x.toFixed(0)}, ${y.toFixed(0)}) on a name`).toBe(false);
      }
    }
  });

  it("keep a leader line `gap` clear of every placed name, not only off it (the page maps: map.js LEADER_GAP)", () => {
    const square: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    // a name placed just above the straight way from the district's centre to its name in the column (0.05 clear)
    const name = {x: 2, y: 0.35, w: 1, h: 0.1};
    const target: [number, number] = [4, 0.5];
    /** The least distance from the line anchor → target to the name's box (sampled every 1/1000 of the line). */
    const clear = ([ax, ay]: [number, number]) => {
      let min = Infinity;
      for (let k = 0; k <= 1000; k++) {
        const [x, y] = [ax + ((target[0] - ax) * k) / 1000, ay + ((target[1] - ay) * k) / 1000];
        min = Math.min(min, Math.hypot(Math.max(name.x - x, 0, x - name.x - name.w), Math.max(name.y - y, 0, y - name.y - name.h)));
      }
      return min;
    };
    const district = {cx: 0.5, cy: 0.5, ring: square};
    const options = {labels: [name], others: [], lines: [], pad: 0.05, step: 0.02};
    // the default margin (1.5 steps) lets the line graze the name; a gap of 0.15 keeps it clear by that much
    expect(clear(leaderAnchor(district, target, options).p)).toBeLessThan(0.1);
    const kept = leaderAnchor(district, target, {...options, gap: 0.15}).p;
    expect(pointInRing(kept, square)).toBe(true);
    expect(clear(kept)).toBeGreaterThanOrEqual(0.15);
  });

  it("measure how far a name's box keeps from its district's border (boxClearance)", () => {
    const square: [number, number][] = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]];
    expect(boxClearance([square], {x: 10, y: 20, w: 30, h: 10})).toBeCloseTo(10);
    expect(boxClearance([square], {x: 40, y: 45, w: 20, h: 10})).toBeCloseTo(40);
    expect(boxClearance([square], {x: 90, y: 40, w: 8, h: 10})).toBeCloseTo(2);
    // over the border: 0
    expect(boxClearance([square], {x: 95, y: 40, w: 10, h: 10})).toBe(0);
    // a border corner poking into the box's side (a concave district): 0, though every box corner is inside
    const notch: [number, number][] = [[0, 0], [100, 0], [100, 100], [50, 50], [0, 100], [0, 0]];
    expect(boxClearance([notch], {x: 30, y: 45, w: 40, h: 20})).toBe(0);
    expect(boxClearance([notch], {x: 30, y: 20, w: 40, h: 10})).toBeCloseTo(20);
  });

  it("give the columns no more room than the names placed in them need, when the larger map keeps them there", () => {
    // a stand-in layout: the narrower the columns, the larger the map; below 0.5 a column's name no longer fits
    const tried: number[][] = [];
    const layout = (left: number, right: number) => {
      tried.push([left, right]);
      return {need: [Math.max(0.5, Math.min(left, 0.8)), right ? 0.6 : 0], scale: 10 - left - right};
    };
    const best = fitColumns(1.5, layout);
    expect(tried[0]).toEqual([1.5, 1.5]);
    expect(best.need).toEqual([0.8, 0.6]);
    expect(best.scale).toBeCloseTo(10 - 0.8 - 0.6);
    // a try whose names outgrow its columns is not kept
    const grow = fitColumns(1.5, (left, right) => ({need: left === 1.5 ? [1, 1] : [left + 0.2, 1], scale: 10 - left - right}));
    expect(grow.need).toEqual([1, 1]);
    expect(grow.scale).toBe(7);
  });
});

describe("the slides page's labels, as the .pptx's number formats", () => {
  it("reads decimals, quoted zero text and a condition on the value", () => {
    const visits = excelFormatter('[>=100]0.0"\u00A0√";0.0"\u00A0×"', "en");
    expect([visits(84.44), visits(100), visits(null)]).toEqual(["84.4\u00A0×", "100.0\u00A0√", ""]);
    const gap = excelFormatter('#,##0;-#,##0;"达标"', "zh");
    expect([gap(2996.4), gap(0)]).toEqual(["2,996", "达标"]);
    expect(excelFormatter("0.0", "en")(56.34)).toBe("56.3");
    expect(excelFormatter("#,##0", "en")(896.8)).toBe("897");
  });
});

describe("short names", () => {
  it("shortens long zone names and keeps short ones", () => {
    expect(shortNameZh("高新技术产业开发区")).toBe("高新区");
    expect(shortNameZh("青湖区")).toBe("青湖区");
    expect(shortNameEn("Hi-tech Industrial Development Zone")).toBe("Hi-tech Zone");
    expect(shortNameEn("Anfeng (county-level city)")).toBe("Anfeng");
    expect(shortNameEn("Qinghu District")).toBe("Qinghu");
  });

  it("estimates CJK text wider than Latin", () => {
    expect(textWidth("养老服务", 20)).toBeGreaterThan(textWidth("care", 20));
  });
});

describe("clearance (where a map's number disc may sit: its distance to the district's edges)", () => {
  const square: [number, number][] = [[0, 0], [40, 0], [40, 40], [0, 40]];
  it("is the distance to the nearest edge inside, 0 outside", () => {
    expect(clearance([square], 20, 20)).toBeCloseTo(20);
    expect(clearance([square], 5, 30)).toBeCloseTo(5);
    expect(clearance([square], 38, 2)).toBeCloseTo(2);
    expect(clearance([square], 50, 20)).toBe(0);
    // a second ring (a district in two parts): inside either counts, the nearest edge of both
    expect(clearance([square, [[100, 0], [120, 0], [120, 20], [100, 20]] as [number, number][]], 110, 10)).toBeCloseTo(10);
  });
});
