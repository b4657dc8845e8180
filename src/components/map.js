// District choropleth (GeoJSON polygons from staging.district_shapes) with optional facility points, and a
// list beside the map of the districts that have no polygon (never dropped silently).
//
// API
//   districtMap(shapes, values, {width, lang, height, color, fill, label, format, title, points,
//               pointSymbol, pointTitle, pointR, names, caption}) → HTMLElement (a div: the Plot map + the list)
//     shapes   rows {code, geometry}; geometry is GeoJSON text or an object; empty/null = no polygon
//     values   rows {area_code, value, ...}: one per district (CITY ignored); `fill` picks the colour value
//     width    the map width (pass resize's width); height defaults to fit the features, at most maxHeight (620)
//     color    Plot color scale options, e.g. {scheme: "blues", legend: true, label: "张/千人"} or an
//              ordinal {type: "ordinal", domain, range, legend: true}
//     fill     (valueRow) => colour value; default d => d.value
//     label    (valueRow) => text drawn at each polygon's centroid; default the district name
//     format   (value) => text for tooltips / the no-polygon list; default String
//     names    (code) => district name (e.g. areaNamer(areas, lang)); default the code
//     points   rows {lon, lat, ...} drawn as dots over the polygons (e.g. facilities)
//     pointSymbol  key or accessor for the symbol channel (e.g. "type"); points are distinguished by shape,
//              since the colour scale belongs to the polygons
//     pointTitle (pointRow) => tooltip text; pointR: radius (number or accessor)
//   featureCollection(shapes) → {type: "FeatureCollection", features} with the rings wound as d3 expects
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {pick} from "./i18n.js";
import {labelWidth, shortLabel} from "./format.js";
import {OUTLINE, SEQUENTIAL, THEME, contrastRatio} from "./palette.js";

/**
 * Where the district names go, in pixels of a Mercator projection fitted as Plot fits it: at the centroid when
 * the name fits inside its district and clears the names already placed (largest districts first), else at the
 * nearest point inside that does (at the font size, else 1 px smaller), else in a column beside the map — left for
 * a district in the map's left half, right for the others — with a leader line to the district.
 */
function placeLabels(collection, {width, height, label, fontSize, right = 0, left = 0}) {
  const projection = d3.geoMercator().fitExtent([[8 + left, 8], [width - 8 - right, height - 8]], collection);
  const path = d3.geoPath(projection);
  const h = fontSize + 4;
  const placed = [];
  const inside = [];
  const out = [];
  const features = [...collection.features].sort((a, b) => path.area(b) - path.area(a));
  for (const f of features) {
    const text = label(f.properties.row);
    if (!text) continue;
    const rings = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => p[0].map(projection));
    const [cx, cy] = path.centroid(f);
    let r = null;
    let size = fontSize;
    for (size of [fontSize, fontSize - 1]) {
      const w = labelWidth(text, size) + 6;
      const hh = size + 4;
      const fits = (x, y) => {
        const r = {x: x - w / 2, y: y - hh / 2, w, h: hh};
        // the glyphs inside the district (the ends of the name's middle line and its box less a quarter of its
        // height at the top and bottom: a name spilling over a border reads as the neighbour's); inside the map
        const pts = [[x, y], [r.x + 3, y], [r.x + w - 3, y], [r.x + 3, y - hh / 4], [r.x + w - 3, y - hh / 4], [r.x + 3, y + hh / 4], [r.x + w - 3, y + hh / 4]];
        const within = rings.some((ring) => pts.every((p) => d3.polygonContains(ring, p))) && r.x >= left && r.x + w <= width - right && r.y >= 0 && r.y + hh <= height;
        return within && !placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h) ? r : null;
      };
      r = fits(cx, cy);
      if (!r) {
        const [[x0, y0], [x1, y1]] = path.bounds(f);
        let best = null;
        for (let i = 0; i <= 12; i++) for (let j = 0; j <= 12; j++) {
          const x = x0 + ((x1 - x0) * i) / 12, y = y0 + ((y1 - y0) * j) / 12;
          const c = fits(x, y);
          const d = (x - cx) ** 2 + (y - cy) ** 2;
          if (c && (!best || d < best.d)) best = {r: c, d};
        }
        r = best?.r ?? null;
      }
      if (r) break;
    }
    if (r) {
      placed.push(r);
      inside.push({text, x: r.x + r.w / 2, y: r.y + r.h / 2, row: f.properties.row, size});
    } else {
      out.push({text, cx, cy, w: labelWidth(text, fontSize) + 6, rings, bounds: path.bounds(f), side: cx < (left + width - right) / 2 ? "left" : "right"});
    }
  }
  return {projection, inside, out, h, placed, left, right};
}

/** The label layout with room beside the map for the names called out (columns sized to them; a few passes). */
function labelLayout(collection, options) {
  let layout = placeLabels(collection, options);
  // columns of names beside a small map (a phone) would shrink the map to nothing: the districts whose names do
  // not fit get a number instead, and the key under the map names them (districtMap)
  const columns = d3.sum(["left", "right"], (side) => (d3.max(layout.out.filter((d) => d.side === side), (d) => d.w) ?? -24) + 24);
  if (columns > options.width * 0.3) return {...layout, numbered: true};
  for (let pass = 0; pass < 3 && layout.out.length; pass++) {
    const room = (side) => {
      const w = d3.max(layout.out.filter((d) => d.side === side), (d) => d.w);
      return w ? Math.ceil(w + 24) : 0;
    };
    const left = Math.max(layout.left, room("left"));
    const right = Math.max(layout.right, room("right"));
    if (left === layout.left && right === layout.right) break;
    layout = placeLabels(collection, {...options, left, right});
  }
  return layout;
}

/** Numbers 1, 2, … (top to bottom) for the districts in `out`, each at the point inside nearest its centre that
 *  clears the names and the numbers already placed. */
function numberSpots(out, placed) {
  const taken = [...placed];
  return d3.sort(out, (d) => d.cy, (d) => d.cx).map((d, i) => {
    const box = (x, y) => ({x: x - 9, y: y - 9, w: 18, h: 18});
    const free = (x, y) => d.rings.some((ring) => d3.polygonContains(ring, [x, y])) && !taken.some((p) => {
      const r = box(x, y);
      return r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h;
    });
    let spot = free(d.cx, d.cy) ? [d.cx, d.cy] : null;
    if (!spot) {
      const [[x0, y0], [x1, y1]] = d.bounds;
      let best = null;
      for (let a = 0; a <= 16; a++) for (let b = 0; b <= 16; b++) {
        const x = x0 + ((x1 - x0) * a) / 16, y = y0 + ((y1 - y0) * b) / 16;
        const dist = (x - d.cx) ** 2 + (y - d.cy) ** 2;
        if (free(x, y) && (!best || dist < best.dist)) best = {x, y, dist};
      }
      spot = best ? [best.x, best.y] : [d.cx, d.cy];
    }
    taken.push(box(...spot));
    return {n: String(i + 1), text: d.text, x: spot[0], y: spot[1]};
  });
}

/** The key of a numbered map: "1 Weichuan · 2 Mingquan …" (districtMap puts it under the map). */
function numberKey(collection, options) {
  const layout = labelLayout(collection, options);
  return layout.numbered ? numberSpots(layout.out, layout.placed) : [];
}

function labelRoom(collection, options) {
  const {left, right, numbered} = labelLayout(collection, options);
  if (numbered) return {};
  return {...(left ? {insetLeft: 8 + left} : {}), ...(right ? {insetRight: 8 + right} : {})};
}

function labelMarks(collection, options) {
  const layout = labelLayout(collection, options);
  const {projection, inside, out, h, placed} = layout;
  const at = (x, y) => projection.invert([x, y]);
  const callouts = [];
  // numbered: a number in a white disc inside each district whose name does not fit, where it clears the names
  const numbers = layout.numbered ? numberSpots(out, placed) : [];
  if (layout.numbered) out.length = 0;
  for (const side of ["left", "right"]) {
    const column = out.filter((d) => d.side === side);
    const colX = side === "right" ? options.width - 8 - (d3.max(column, (d) => d.w) ?? 0) : 8;
    let nextY = 8;
    for (const d of d3.sort(column, (d) => d.cy)) {
      const y = Math.max(nextY, Math.min(d.cy, options.height - h));
      nextY = y + h + 2;
      // where the leader meets the name: its start on the right, its end on the left
      const tx = side === "right" ? colX - 4 : colX + d.w - 2;
      // the leader starts at the district's centre, or else at the point inside it nearest the centre from which
      // the line to its name passes no other name (a leader over a name reads as striking it out)
      const clear = (x0, y0) => !placed.some((p) => segmentHitsBox([x0, y0], [tx, y], p, 2));
      let start = [d.cx, d.cy];
      if (!clear(d.cx, d.cy)) {
        const [[x0, y0], [x1, y1]] = d.bounds;
        let best = null;
        for (let i = 0; i <= 16; i++) for (let j = 0; j <= 16; j++) {
          const x = x0 + ((x1 - x0) * i) / 16, yy = y0 + ((y1 - y0) * j) / 16;
          if (!d.rings.some((ring) => d3.polygonContains(ring, [x, yy])) || !clear(x, yy)) continue;
          const dist = (x - d.cx) ** 2 + (yy - d.cy) ** 2;
          if (!best || dist < best.dist) best = {x, y: yy, dist};
        }
        if (best) start = [best.x, best.y];
      }
      callouts.push({...d, x: side === "right" ? colX : colX + d.w - 6, y, tx, sx: start[0], sy: start[1], anchor: side === "right" ? "start" : "end"});
    }
  }
  const common = {stroke: "var(--theme-background)", strokeWidth: 3};
  // a name inside a district in dark text, or in white without a halo on a dark fill (the higher contrast of the two)
  const light = (d) => {
    const bg = options.colourOf?.(d.row);
    return bg != null && /^#[0-9a-f]{6}$/i.test(bg) && contrastRatio("#ffffff", bg) > contrastRatio(THEME["--theme-foreground"], bg);
  };
  const position = {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "text"};
  return [
    Plot.text(inside.filter((d) => !light(d)), {...position, fill: "var(--theme-foreground)", fontSize: (d) => d.size, ...common}),
    Plot.text(inside.filter(light), {...position, fill: "white", fontWeight: 600, fontSize: (d) => d.size}),
    Plot.link(callouts, {x1: (d) => at(d.sx, d.sy)[0], y1: (d) => at(d.sx, d.sy)[1], x2: (d) => at(d.tx, d.y)[0], y2: (d) => at(d.tx, d.y)[1],
      stroke: "var(--theme-foreground)", strokeWidth: 1}),
    Plot.dot(callouts, {x: (d) => at(d.sx, d.sy)[0], y: (d) => at(d.sx, d.sy)[1], r: 2, fill: "var(--theme-foreground)", stroke: "var(--theme-background)", strokeWidth: 1}),
    Plot.dot(numbers, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], r: 8, fill: "white", stroke: "var(--theme-foreground)", strokeWidth: 1}),
    Plot.text(numbers, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "n", fontSize: 10, fontWeight: 700, fill: "var(--theme-foreground)"}),
    ...["start", "end"].map((anchor) => Plot.text(callouts.filter((d) => d.anchor === anchor), {...position, textAnchor: anchor, fill: "var(--theme-foreground)", fontSize: options.fontSize, ...common}))
  ];
}

/** Does the segment a–b pass through the box {x, y, w, h} grown by `pad` px? (points along it every 2 px) */
function segmentHitsBox(a, b, box, pad = 0) {
  const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 2));
  for (let k = 0; k <= steps; k++) {
    const x = a[0] + ((b[0] - a[0]) * k) / steps, y = a[1] + ((b[1] - a[1]) * k) / steps;
    if (x > box.x - pad && x < box.x + box.w + pad && y > box.y - pad && y < box.y + box.h + pad) return true;
  }
  return false;
}

function parseGeometry(geometry) {
  if (geometry == null || geometry === "") return null;
  try {
    const g = typeof geometry === "string" ? JSON.parse(geometry) : geometry;
    if (!g || !g.type) return null;
    return g.type === "Feature" ? g.geometry : g;
  } catch {
    return null;
  }
}

/** d3-geo wants exterior rings clockwise; RFC 7946 GeoJSON is counter-clockwise. Reverse rings when a
 *  polygon's spherical area exceeds a hemisphere (it was read as "the globe minus the district"). */
function rewind(feature) {
  if (d3.geoArea(feature) <= 2 * Math.PI) return feature;
  const g = feature.geometry;
  const rev = (rings) => rings.map((ring) => ring.slice().reverse());
  const geometry =
    g.type === "Polygon"
      ? {...g, coordinates: rev(g.coordinates)}
      : g.type === "MultiPolygon"
        ? {...g, coordinates: g.coordinates.map(rev)}
        : g;
  return {...feature, geometry};
}

export function featureCollection(shapes) {
  const features = [];
  for (const s of Array.from(shapes ?? [])) {
    const geometry = parseGeometry(s.geometry);
    if (!geometry) continue;
    features.push(rewind({type: "Feature", id: s.code, properties: {code: s.code}, geometry}));
  }
  return {type: "FeatureCollection", features};
}

/** The colour a district's fill value gets from the map's colour scale (Plot.scale), for the contrast of its name. */
function fillColour(color, values, fill) {
  try {
    const rows = Array.from(values ?? []).filter((v) => v.area_code !== "CITY");
    const domain = color.domain ?? (color.type === "ordinal" ? undefined : d3.extent(rows, fill));
    if (!domain || domain.some((v) => v == null)) return null;
    const scale = Plot.scale({color: {...color, domain, legend: undefined}});
    return (row) => {
      const v = row ? fill(row) : null;
      if (v == null) return SEQUENTIAL.suppressed;
      const c = d3.color(scale.apply(v));
      return c ? c.formatHex() : null;
    };
  } catch {
    return null;
  }
}

export function districtMap(shapes, values, options = {}) {
  const {
    width = 640,
    lang = "zh",
    color = {},
    fill = (d) => d?.value,
    format = (v) => (v == null ? "—" : String(v)),
    names = (code) => code,
    points = null,
    pointSymbol,
    pointTitle,
    pointR = 3,
    caption
  } = options;
  // short names on the map (高新区, Hi-tech Zone), whatever label the page gives
  const pageLabel = options.label ?? ((d) => names(d.area_code));
  const label = (d) => shortLabel(pageLabel(d), lang);
  const byCode = new Map(Array.from(values ?? [], (v) => [v.area_code, v]).filter(([code]) => code !== "CITY"));
  const collection = featureCollection(shapes);
  const withShape = new Set(collection.features.map((f) => f.id));
  for (const f of collection.features) f.properties.row = byCode.get(f.id) ?? {area_code: f.id, value: null};
  const missing = [...byCode.keys()].filter((code) => !withShape.has(code));

  const wrapper = document.createElement("div");
  wrapper.className = "district-map";
  wrapper.style.display = "flex";
  wrapper.style.flexWrap = "wrap";
  wrapper.style.gap = "1rem";
  wrapper.style.alignItems = "flex-start";
  const listWidth = missing.length ? Math.min(220, width * 0.3) : 0;
  const mapWidth = Math.max(240, width - listWidth - (missing.length ? 16 : 0));

  if (collection.features.length) {
    const [[x0, y0], [x1, y1]] = d3.geoBounds(collection);
    // Mercator aspect ratio near the features' latitude, so the map is neither squashed nor tall.
    const aspect = ((y1 - y0) / ((x1 - x0) || 1)) / Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    const maxHeight = options.maxHeight ?? 620;
    const height = options.height ?? Math.round(Math.max(200, Math.min(maxHeight, mapWidth * 1.1, mapWidth * (Number.isFinite(aspect) ? aspect : 0.8))));
    const marks = [
      Plot.geo(collection.features, {
        fill: (f) => fill(f.properties.row),
        // A ≥ 3:1 outline bounds each district's fill (palette.js): light fills stay apart from the page.
        stroke: OUTLINE,
        strokeWidth: 0.8,
        title: (f) => `${names(f.id)}\n${format(fill(f.properties.row), f.properties.row)}`,
        tip: !points
      }),
      ...labelMarks(collection, {width: mapWidth, height, label, fontSize: 11, colourOf: fillColour(color, values, fill)})
    ];
    if (points?.length) {
      marks.push(
        Plot.dot(Array.from(points), {
          x: "lon",
          y: "lat",
          symbol: pointSymbol,
          r: pointR,
          stroke: "var(--theme-foreground)",
          strokeWidth: 1,
          fill: "var(--theme-background)",
          fillOpacity: 0.8,
          title: pointTitle,
          tip: Boolean(pointTitle)
        })
      );
    }
    const plot = Plot.plot({
      width: mapWidth,
      height,
      projection: {type: "mercator", domain: collection, inset: 8, ...(labelRoom(collection, {width: mapWidth, height, label, fontSize: 11}))},
      color: {unknown: SEQUENTIAL.suppressed, ...color},
      symbol: pointSymbol ? {legend: true, ...(options.symbol ?? {})} : undefined,
      marks
    });
    wrapper.append(plot);
    const key = numberKey(collection, {width: mapWidth, height, label, fontSize: 11});
    if (key.length) {
      const p = document.createElement("div");
      p.className = "district-map-key";
      p.style.cssText = "flex-basis:100%;font-size:0.8rem;line-height:1.5";
      // each "number name" kept on one line
      key.forEach((d, i) => {
        const item = document.createElement("span");
        item.style.whiteSpace = "nowrap";
        item.textContent = `${d.n} ${d.text}`;
        p.append(...(i ? [" · "] : []), item);
      });
      wrapper.append(p);
    }
  } else {
    const empty = document.createElement("p");
    empty.className = "district-map-empty";
    empty.textContent = pick(lang, {zh: "暂无区县边界数据，无法绘制地图。", en: "No district boundaries in the warehouse: the map cannot be drawn."});
    wrapper.append(empty);
  }

  if (missing.length) {
    const aside = document.createElement("div");
    aside.className = "district-map-missing";
    aside.style.maxWidth = `${Math.max(listWidth, 180)}px`;
    aside.style.fontSize = "0.85rem";
    const head = document.createElement("div");
    head.style.fontWeight = "600";
    head.textContent = pick(lang, {zh: "无边界数据的区县", en: "Units without a boundary"});
    const ul = document.createElement("ul");
    ul.style.margin = "0.25rem 0";
    ul.style.paddingLeft = "1.2rem";
    for (const code of missing) {
      const li = document.createElement("li");
      const row = byCode.get(code);
      li.textContent = `${names(code)}：${format(fill(row), row)}`.replace("：", lang === "en" ? ": " : "：");
      ul.append(li);
    }
    aside.append(head, ul);
    wrapper.append(aside);
  }
  if (caption) {
    const p = document.createElement("div");
    p.style.flexBasis = "100%";
    p.style.fontSize = "0.8rem";
    p.style.color = "var(--theme-foreground-muted)";
    p.textContent = caption;
    wrapper.append(p);
  }
  return wrapper;
}
