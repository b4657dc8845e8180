// The Slides page's content: the slide specs that `npm run deck` also writes into the PowerPoint
// (data/deck.json.ts → pipeline/deck/build.ts deckSlides), drawn with Plot and d3 on the 1920 × 1080 canvas of
// components/deck.js. Same headlines, same figures, same order as the .pptx.
//
// API
//   deckSlidesFor(deckJson, {lang}) → slides for deck(): [{kicker, headline, subtitle, body, notes, cover}]
//     deckJson  the loader's output {site, asOf, demo, mapYear, map, late, slides: {zh, en}}
//   Text on the canvas: ticks and labels 24 px, legends 24 px, footers 22 px, titles 44–52 px (88 px on the cover).
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {assignCallouts, boxClearance, fitColumns} from "./callouts.js";
import {el} from "./dom.js";
import {excelFormatter as formatter, taskStatusLabel} from "./format.js";
import {SEQUENTIAL, TASK_STATUS} from "./palette.js";

const FONT = 24;
/** What a map name's text keeps from its district's border where it can (px at 1920 × 1080). */
const EDGE = 8;
// the tasks slide: a row of the late tasks' table (24 px text × 1.3, 10 px padding above and below, a 1 px rule) and
// the gap from the table to the progress bars under it
const TASK_ROW_H = Math.ceil(FONT * 1.3) + 21;
const TASK_GAP = 28;
// the stages of aging in the site's colours (palette.js SEQUENTIAL.stage, as on the aging page and in the .pptx)
const STAGE_COLORS = SEQUENTIAL.stage;
// task statuses in the site's colours (≥ 4.5:1 as text on white: palette.js)
const TASK_TEXT = TASK_STATUS;

let measureContext;
/** Width in px of `text` at `size` in the page's font (canvas measureText). */
export function textWidth(text, size = FONT, weight = 400) {
  measureContext ??= document.createElement("canvas").getContext("2d");
  const family = getComputedStyle(document.body).fontFamily || "sans-serif";
  measureContext.font = `${weight} ${size}px ${family}`;
  return measureContext.measureText(String(text)).width;
}

const hex = (c) => (c.startsWith("#") ? c : `#${c}`);
const stage = (v) => (v >= 21 ? 3 : v >= 14 ? 2 : v >= 7 ? 1 : 0);


function legend(items) {
  const box = el("div", "deck-legend");
  box.style.cssText = `display:flex;flex-wrap:wrap;gap:8px 32px;font-size:${FONT}px;align-items:center;height:40px`;
  for (const {label, color, dashed} of items) {
    const item = el("span");
    item.style.cssText = "display:inline-flex;align-items:center;gap:10px";
    const swatch = el("span");
    swatch.style.cssText = dashed
      ? `width:40px;height:0;border-top:5px dashed ${color}`
      : `width:28px;height:${items.some((i) => i.line) ? 5 : 22}px;background:${color}`;
    item.append(swatch, el("span", null, label));
    box.append(item);
  }
  return box;
}

/** Horizontal bars, largest at the top, value labels at the bar ends (no axis needed), margins from measured labels. */
function barChart(spec, {width, height, lang}) {
  const fmt = formatter(spec.valueFormat, lang);
  const multi = spec.series.length > 1;
  // the .pptx lists categories bottom-up: reverse for a top-down chart
  const labels = [...spec.series[0].labels].reverse();
  const rows = spec.series.flatMap((s, si) =>
    s.labels.map((label, i) => ({label, series: s.name, value: s.values[i], color: hex(multi ? spec.colors[si] : spec.colors[i % spec.colors.length])}))
  );
  const seriesOrder = [...spec.series.map((s) => s.name)].reverse();
  const legendH = multi ? 48 : 0;
  const maxValue = d3.max(rows, (d) => d.value) ?? 0;
  const marginLeft = Math.ceil(d3.max(labels, (l) => textWidth(l)) ?? 0) + 18;
  const marginRight = Math.ceil(d3.max(rows, (d) => textWidth(fmt(d.value))) ?? 0) + 16;
  const domain = [spec.min ?? 0, spec.max ?? (maxValue || 1)];
  // a fixed scale (0–100 scores and rates) is drawn with its axis: bars that stop halfway show why
  const scaled = spec.max != null;
  const h = Math.max(120, height - legendH);
  const common = {
    width,
    height: h,
    marginLeft,
    marginRight,
    marginTop: 4,
    marginBottom: scaled ? 44 : 4,
    style: {fontSize: `${FONT}px`, color: "#1f2937", background: "transparent", overflow: "visible"},
    x: scaled ? {domain, label: null, ticks: d3.ticks(domain[0], domain[1], 5), tickFormat: (v) => formatter("0", lang)(v), grid: true} : {domain, axis: null}
  };
  // a category with nothing in any series (no gap in either year) says it once, in the middle of its row, rather
  // than twice stacked on itself
  const blank = new Set(multi ? labels.filter((l) => rows.filter((r) => r.label === l).every((r) => r.value === 0)) : []);
  const chart = multi
    ? Plot.plot({
        ...common,
        fy: {domain: labels, label: null, tickSize: 0, padding: 0.22},
        y: {domain: seriesOrder, axis: null, padding: 0.08},
        marks: [
          Plot.barX(rows, {fy: "label", y: "series", x: "value", fill: "color"}),
          Plot.text(rows.filter((d) => !blank.has(d.label)), {fy: "label", y: "series", x: "value", text: (d) => fmt(d.value), textAnchor: "start", dx: 8, fill: "#1f2937", fontSize: FONT - 2}),
          Plot.text([...blank], {fy: (d) => d, x: () => domain[0], text: () => fmt(0), textAnchor: "start", dx: 8, fill: "#1f2937", fontSize: FONT - 2}),
          Plot.ruleX([domain[0]], {stroke: "#6b7280"})
        ]
      })
    : Plot.plot({
        ...common,
        y: {domain: labels, label: null, tickSize: 0, padding: 0.22},
        marks: [
          Plot.barX(rows, {y: "label", x: "value", fill: "color"}),
          Plot.text(rows, {y: "label", x: "value", text: (d) => fmt(d.value), textAnchor: "start", dx: 8, fill: "#1f2937", fontSize: FONT}),
          Plot.ruleX([domain[0]], {stroke: "#6b7280"})
        ]
      });
  const box = el("div", "deck-chart");
  box.style.cssText = `width:${width}px;height:${height}px;display:flex;flex-direction:column`;
  // legend in the bars' top-down order
  if (multi) box.append(legend(spec.series.map((s, i) => ({label: s.name, color: hex(spec.colors[i])})).reverse()));
  box.append(chart);
  return box;
}

/** Lines over years: observed solid, projected dashed, each ending in its value. */
function lineChart(spec, {width, height, lang}) {
  const rows = spec.series.flatMap((s, si) =>
    s.labels.map((label, i) => ({year: Number(label), value: s.values[i], series: s.name, color: hex(spec.colors[si]), dashed: Boolean(spec.dashed?.[si])}))
  ).filter((d) => d.value != null);
  const ends = d3.rollups(rows, (v) => v[v.length - 1], (d) => d.series).map(([, d]) => d).filter((d) => d.dashed || !rows.some((r) => r.dashed && r.color === d.color));
  const legendH = 48;
  const maxV = d3.max(rows, (d) => d.value) ?? 1;
  const fmt = (v) => `${new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", {maximumFractionDigits: 1, minimumFractionDigits: 1}).format(v)}%`;
  const chart = Plot.plot({
    width,
    height: height - legendH,
    marginLeft: Math.ceil(textWidth("40")) + 24,
    marginRight: Math.ceil(d3.max(ends, (d) => textWidth(fmt(d.value))) ?? 0) + 20,
    marginTop: 16,
    marginBottom: 44,
    style: {fontSize: `${FONT}px`, color: "#1f2937", background: "transparent", overflow: "visible"},
    // inset: the first year's tick label clears the y axis' "0"
    x: {label: null, tickFormat: "d", insetLeft: 40, ticks: d3.ticks(d3.min(rows, (d) => d.year), d3.max(rows, (d) => d.year), 5).filter(Number.isInteger)},
    y: {domain: [0, Math.ceil(maxV / 5) * 5], grid: true, label: null, ticks: 5},
    marks: [
      // prediction intervals of the projections (v2): a light band behind the lines
      ...(spec.bands ?? []).map((b) => Plot.areaY(
        b.labels.map((label, i) => ({year: Number(label), lower: b.lower[i], upper: b.upper[i]})).filter((d) => d.lower != null && d.upper != null),
        {x: "year", y1: "lower", y2: "upper", fill: hex(b.color), fillOpacity: 0.18}
      )),
      ...d3.groups(rows, (d) => d.series).map(([, v]) =>
        Plot.line(v, {x: "year", y: "value", stroke: v[0].color, strokeWidth: 5, strokeDasharray: v[0].dashed ? "14,10" : null})
      ),
      Plot.text(ends, {x: "year", y: "value", text: (d) => fmt(d.value), textAnchor: "start", dx: 10, fill: "color", fontWeight: 700, fontSize: FONT})
    ]
  });
  const box = el("div", "deck-chart");
  box.style.cssText = `width:${width}px;height:${height}px;display:flex;flex-direction:column`;
  box.append(legend(spec.series.map((s, i) => ({label: s.name, color: hex(spec.colors[i]), dashed: spec.dashed?.[i], line: true}))), chart);
  return box;
}

/**
 * The districts coloured by the stage of aging; names inside where they fit, else called out in a column on the left
 * or the right of the map, the side and slot that keep the leader line short and off the other districts
 * (callouts.js, as in the .pptx).
 */
function agingMap(features, {width, height, lang}) {
  const legendH = 56;
  const shaped = features.filter((f) => f.geometry);
  const box = el("div", "deck-map");
  box.style.cssText = `width:${width}px;height:${height}px;position:relative`;
  if (!shaped.length) {
    box.append(el("div", "slide-empty", lang === "en" ? "No district boundaries: no map" : "未提供区县边界，无法绘制地图"));
    return box;
  }
  const nameOf = (p) => (lang === "en" ? p.short_en : p.short_zh);
  const fc = {type: "FeatureCollection", features: shaped.map((f) => rewind({type: "Feature", properties: f, geometry: f.geometry}))};
  const mapH = height - legendH;
  // the columns take room from the map: as wide as the names placed on each side (callouts.js fitColumns)
  const widest = Math.ceil(d3.max(shaped, (f) => textWidth(nameOf(f), FONT, 700)) ?? 100);
  const {path, inside, called} = fitColumns(widest, (left, right) => mapLayout(fc, {width, mapH, nameOf, columns: [left, right]}));
  const svg = d3.create("svg").attr("width", width).attr("height", mapH).attr("viewBox", [0, 0, width, mapH]).style("overflow", "visible");
  svg.append("g").selectAll("path").data(fc.features).join("path")
    .attr("d", path)
    .attr("fill", (f) => (f.properties.value == null ? "#E5E7EB" : STAGE_COLORS[stage(f.properties.value)]))
    .attr("stroke", "#fff").attr("stroke-width", 2)
    .append("title").text((f) => `${lang === "en" ? f.properties.name_en : f.properties.name_zh}: ${f.properties.value == null ? "—" : f.properties.value.toFixed(1)}%`);
  for (const {name, r, dark} of inside) {
    svg.append("text").attr("x", r.x + r.w / 2).attr("y", r.y + r.h / 2).attr("text-anchor", "middle").attr("dominant-baseline", "central")
      .attr("font-size", FONT).attr("font-weight", 700).attr("fill", dark ? "#fff" : "#1f2937").text(name);
  }
  for (const {name, anchor: [ax, ay], lineX, textX, y, side} of called) {
    svg.append("line").attr("x1", ax).attr("y1", ay).attr("x2", lineX).attr("y2", y).attr("stroke", "#1f2937").attr("stroke-width", 1.5);
    svg.append("circle").attr("cx", ax).attr("cy", ay).attr("r", 5).attr("fill", "#1f2937").attr("stroke", "#fff");
    svg.append("text").attr("x", textX).attr("y", y).attr("text-anchor", side === "left" ? "end" : "start").attr("dominant-baseline", "central")
      .attr("font-size", FONT).attr("font-weight", 700).attr("fill", "#1f2937").text(name);
  }
  box.append(svg.node());
  const stages = lang === "en" ? ["<7%", "7–14%", "14–21%", "≥21%"] : ["<7%", "7–14% 老龄化", "14–21% 深度", "≥21% 超级"];
  const key = legend(stages.map((label, i) => ({label, color: STAGE_COLORS[i]})));
  key.style.marginTop = "12px";
  box.append(key);
  return box;
}

/**
 * The map fitted between name columns `columns` px wide (left, right; 0: none), the names that fit inside their
 * district, and the others assigned a side and slot (callouts.js). `need`: the widest name placed on each side.
 */
function mapLayout(fc, {width, mapH, nameOf, columns: [left, right]}) {
  // between the map and a column's names: the leader line's last stretch
  const GAP = 40;
  const x0 = left ? left + GAP : 0, x1 = width - (right ? right + GAP : 0);
  const projection = d3.geoMercator().fitExtent([[x0 + 4, 4], [x1 - 4, mapH - 4]], fc);
  const path = d3.geoPath(projection);
  const placed = [];
  const inside = [];
  const callouts = [];
  const rings = [];
  const H = FONT + 8;
  const overlaps = (r) => placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h);
  for (const f of fc.features) {
    const name = nameOf(f.properties);
    const w = textWidth(name, FONT, 700) + 8;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const ring = [...polys].sort((a, b) => d3.polygonArea(b[0].map(projection)) - d3.polygonArea(a[0].map(projection)))[0][0].map(projection);
    rings.push(ring);
    const [cx, cy] = path.centroid(f);
    const fits = (x, y) => {
      const r = {x: x - w / 2, y: y - H / 2, w, h: H};
      const pts = [[r.x, r.y], [r.x + w, r.y], [r.x, r.y + H], [r.x + w, r.y + H], [x, y], [r.x, y], [r.x + w, y]];
      return pts.every((p) => d3.polygonContains(ring, p)) && !overlaps(r) ? r : null;
    };
    // the room between the text (its box less the padding) and the district's border, up to EDGE: a name set
    // against a border reads as on it (callouts.js boxClearance)
    const room = (r) => Math.min(EDGE, boxClearance([ring], {x: r.x + 4, y: r.y + 4, w: r.w - 8, h: r.h - 8}));
    let r = fits(cx, cy);
    if (!r || room(r) < EDGE) {
      const [[bx0, by0], [bx1, by1]] = path.bounds(f);
      // the centroid first, else the fitting spot of a grid over the district with the most room to the border,
      // nearest the centroid
      let best = r ? {r, room: room(r), d: 0} : null;
      for (let i = 0; i <= 16; i++) for (let j = 0; j <= 16; j++) {
        const x = bx0 + ((bx1 - bx0) * i) / 16, y = by0 + ((by1 - by0) * j) / 16;
        const c = fits(x, y);
        if (!c) continue;
        const cand = {r: c, room: room(c), d: (x - cx) ** 2 + (y - cy) ** 2};
        if (!best || cand.room > best.room || (cand.room === best.room && cand.d < best.d)) best = cand;
      }
      r = best?.r ?? null;
    }
    if (r) {
      placed.push(r);
      inside.push({name, r, dark: f.properties.value != null && stage(f.properties.value) >= 3});
    } else callouts.push({name, cx, cy, ring});
  }
  callouts.sort((a, b) => a.cy - b.cy);
  // the columns hug the map as drawn (fitted by height, it may be narrower than the room between them)
  const [[mx0], [mx1]] = path.bounds(fc);
  const textX = {left: mx0 - GAP, right: mx1 + GAP};
  const lineX = {left: textX.left + 6, right: textX.right - 6};
  // name slots down the columns; each called-out district takes one, with a line that crosses no name and no other
  // line and starts where no other line passes
  const slots = [];
  for (let y = H / 2; y <= mapH - H / 2; y += H + 6) slots.push(y);
  const assigned = assignCallouts(callouts, slots, {left: left ? lineX.left : null, right: right ? lineX.right : null}, {labels: placed, rings, pad: 6, step: 5});
  const called = callouts.map((c, i) => {
    const {anchor, slot, side} = assigned[i];
    return {name: c.name, anchor, side, y: slots[slot], lineX: lineX[side], textX: textX[side]};
  });
  const need = ["left", "right"].map((side) => Math.ceil(d3.max(called.filter((c) => c.side === side), (c) => textWidth(c.name, FONT, 700)) ?? 0));
  return {path, inside, called, need, scale: projection.scale()};
}

/** d3-geo wants exterior rings clockwise; GeoJSON (RFC 7946) winds them the other way. */
function rewind(feature) {
  if (d3.geoArea(feature) <= 2 * Math.PI) return feature;
  const g = feature.geometry;
  const flip = (rings) => rings.map((r) => [...r].reverse());
  const geometry = g.type === "Polygon" ? {type: "Polygon", coordinates: flip(g.coordinates)} : {type: "MultiPolygon", coordinates: g.coordinates.map(flip)};
  return {...feature, geometry};
}

function taskTable(late, {width, lang}) {
  const zh = lang !== "en";
  if (!late.length) return el("div", "slide-empty", zh ? "没有逾期、滞后或有风险的任务" : "No task is late or at risk");
  const table = el("table", "deck-table");
  table.style.cssText = `width:${width}px;max-width:none;border-collapse:collapse;font-size:${FONT}px;line-height:1.3;align-self:flex-start`;
  const head = el("tr");
  for (const h of zh ? ["状态", "任务", "牵头单位", "进度", "应完成"] : ["Status", "Task", "Lead unit", "Done", "Due"]) {
    const th = el("th", null, h);
    th.style.cssText = "background:#1f5f99;color:#fff;text-align:left;padding:10px 14px;font-weight:700";
    head.append(th);
  }
  table.append(head);
  for (const t of late) {
    const tr = el("tr");
    const cells = [
      [taskStatusLabel(t.status, zh ? "zh" : "en"), `color:${TASK_TEXT[t.status] ?? "#1f2937"};font-weight:700`],
      [t.title, ""],
      [t.lead_unit, ""],
      [t.progress_pct == null ? "—" : `${Math.round(t.progress_pct)}%`, "text-align:right;font-variant-numeric:tabular-nums"],
      [t.expected_pct == null ? "—" : `${Math.round(t.expected_pct)}%`, "text-align:right;font-variant-numeric:tabular-nums"]
    ];
    for (const [text, style] of cells) {
      const td = el("td", null, text);
      td.style.cssText = `padding:10px 14px;border-bottom:1px solid #d1d5db;${style}`;
      tr.append(td);
    }
    table.append(tr);
  }
  return table;
}

function footerLine(deckJson, lang) {
  const zh = lang !== "en";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(deckJson.asOf ?? "");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const date = !m ? deckJson.asOf : zh ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
  return `${zh ? "来源：养老服务监测平台" : "Source: Aging Observatory"} · ${zh ? `数据截至 ${date}` : `data as of ${date}`}${deckJson.demo ? (zh ? " · 示例数据为合成数据" : " · demo data, synthetic") : ""}`;
}

export function deckSlidesFor(deckJson, {lang = "zh"} = {}) {
  const zh = lang !== "en";
  const specs = deckJson.slides[zh ? "zh" : "en"] ?? [];
  const notes = footerLine(deckJson, lang);
  return specs.map((spec) => {
    if (spec.extra === "cover") {
      const body = deckJson.demo ? el("div", "deck-demo", zh ? "示例数据：本汇报中的数字均为合成数据，不代表任何真实城市" : "Demo data: every figure here is synthetic and describes no real city") : null;
      return {cover: true, kicker: spec.kicker, headline: spec.title, subtitle: spec.subtitle, body, notes, id: spec.id};
    }
    const body = ({width, height}) => {
      if (spec.empty) return el("div", "slide-empty", spec.empty);
      const parts = [];
      const gap = 48;
      if (spec.extra === "map") parts.push({weight: 1.4, draw: (w) => agingMap(deckJson.map, {width: w, height, lang})});
      if (spec.extra === "tasks") {
        // the status chart narrow on the left, the late tasks' table on the right
        parts.push({weight: 0.34, draw: (w) => barChart(spec.charts[0], {width: w, height, lang})});
        // and under the table, where the deck gives it, the late tasks' progress against the share due by now as bars
        parts.push({weight: 0.66, draw: (w) => {
          const table = taskTable(deckJson.late ?? [], {width: w, lang});
          if (!spec.charts[1]) return table;
          const column = el("div");
          column.style.cssText = `width:${w}px;display:flex;flex-direction:column;gap:${TASK_GAP}px`;
          const tableH = ((deckJson.late ?? []).length + 1) * TASK_ROW_H;
          column.append(table, barChart(spec.charts[1], {width: w, height: Math.max(160, height - tableH - TASK_GAP), lang}));
          return column;
        }});
      } else {
        for (const chart of spec.charts) parts.push({weight: 1, draw: (w) => (chart.kind === "line" ? lineChart : barChart)(chart, {width: w, height, lang})});
      }
      const total = d3.sum(parts, (p) => p.weight);
      const free = width - gap * (parts.length - 1);
      return parts.map((p) => p.draw(Math.floor((free * p.weight) / total)));
    };
    return {kicker: spec.kicker, headline: spec.title, subtitle: spec.subtitle, body, notes, id: spec.id};
  });
}
