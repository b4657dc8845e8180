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
//     pointTitle (pointRow) => tooltip text; pointR: radius in px at a map ≥ 640 px wide (number or accessor);
//              a narrower map draws the points smaller (down to 0.55×)
//   featureCollection(shapes) → {type: "FeatureCollection", features} with the rings wound as d3 expects
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {pick} from "./i18n.js";
import {labelWidth, shortLabel} from "./format.js";
import {OUTLINE, SEQUENTIAL} from "./palette.js";

/** The district names' size on the map (px). */
const LABEL_SIZE = 12;

/**
 * Where the district names go, in pixels of a Mercator projection fitted as Plot fits it: at the centroid when
 * the name fits inside its district, clears the names already placed (largest districts first) and covers no
 * point (facility dot); else at the spot inside that covers the fewest points, nearest the centroid; else in a
 * column on the right with a leader line to the district. The names are drawn over the points with a halo, so
 * a name that must cover a dot stays legible.
 */
function placeLabels(collection, {width, height, label, fontSize, right = 0, points = [], avoid = []}) {
  const projection = d3.geoMercator().fitExtent([[8, 8], [width - 8 - right, height - 8]], collection);
  const path = d3.geoPath(projection);
  const h = fontSize + 4;
  const placed = [];
  const inside = [];
  const out = [];
  const features = [...collection.features].sort((a, b) => path.area(b) - path.area(a));
  // the points in pixels, each with its radius (+1 px for its outline)
  // and what else to keep clear of, in pixels [x, y, r] (the leader lines of the names in the right column)
  const dots = [...avoid];
  for (const p of points) {
    const xy = projection([p.lon, p.lat]);
    if (xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1])) dots.push([xy[0], xy[1], p.r + 1]);
  }
  const covered = (r) => {
    let n = 0;
    for (const [x, y, d] of dots) if (x + d > r.x && x - d < r.x + r.w && y + d > r.y && y - d < r.y + r.h) n++;
    return n;
  };
  for (const f of features) {
    const text = label(f.properties.row);
    if (!text) continue;
    const w = labelWidth(text, fontSize) + 6;
    const rings = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => p[0].map(projection));
    const fits = (x, y) => {
      const r = {x: x - w / 2, y: y - h / 2, w, h};
      // the name's centre and the corners of its text (its box less the padding) inside the district, so it does
      // not spill over a border; its box inside the map
      const dx = (w - 6) / 2, dy = fontSize * 0.35;
      const pts = [[x, y], [x - dx, y - dy], [x + dx, y - dy], [x - dx, y + dy], [x + dx, y + dy]];
      const within = rings.some((ring) => pts.every((p) => d3.polygonContains(ring, p))) && r.x >= 0 && r.x + w <= width - right && r.y >= 0 && r.y + h <= height;
      return within && !placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h) ? r : null;
    };
    const [cx, cy] = path.centroid(f);
    let r = fits(cx, cy);
    if (!r || (dots.length && covered(r))) {
      const [[x0, y0], [x1, y1]] = path.bounds(f);
      const steps = dots.length ? 24 : 12;
      // fewest points covered first, then nearest the centroid; the centroid itself is a candidate
      let best = r ? {r, n: covered(r), d: 0} : null;
      for (let i = 0; i <= steps; i++) for (let j = 0; j <= steps; j++) {
        const x = x0 + ((x1 - x0) * i) / steps, y = y0 + ((y1 - y0) * j) / steps;
        const c = fits(x, y);
        if (!c) continue;
        const n = dots.length ? covered(c) : 0;
        const d = (x - cx) ** 2 + (y - cy) ** 2;
        if (!best || n < best.n || (n === best.n && d < best.d)) best = {r: c, n, d};
      }
      r = best?.r ?? null;
    }
    if (r) {
      placed.push(r);
      inside.push({text, x: r.x + w / 2, y: r.y + h / 2});
    } else out.push({text, cx, cy, w});
  }
  return {projection, inside, out, h};
}

function labelRoom(collection, options) {
  const {out} = placeLabels(collection, options);
  if (!out.length) return {};
  const right = Math.ceil(d3.max(out, (d) => d.w) + 24);
  return {insetRight: 8 + right};
}

function labelMarks(collection, options) {
  let layout = placeLabels(collection, options);
  const right = layout.out.length ? Math.ceil(d3.max(layout.out, (d) => d.w) + 24) : 0;
  if (right) layout = placeLabels(collection, {...options, right});
  const {projection, out, h} = layout;
  let {inside} = layout;
  const at = (x, y) => projection.invert([x, y]);
  const colX = options.width - 8 - (d3.max(out, (d) => d.w) ?? 0);
  let nextY = 8;
  const callouts = [...out].sort((a, b) => a.cy - b.cy).map((d) => {
    const y = Math.max(nextY, Math.min(d.cy, options.height - h));
    nextY = y + h + 2;
    return {...d, x: colX, y};
  });
  if (callouts.length) {
    // the names inside placed again, clear of the leader lines where they can be (the same names stay inside:
    // what fits does not depend on what is avoided)
    const avoid = callouts.flatMap((d) => {
      const [x2, y2] = [d.x - 4, d.y];
      const n = Math.max(1, Math.ceil(Math.hypot(x2 - d.cx, y2 - d.cy) / 3));
      return d3.range(n + 1).map((k) => [d.cx + ((x2 - d.cx) * k) / n, d.cy + ((y2 - d.cy) * k) / n, 1.5]);
    });
    const again = placeLabels(collection, {...options, right, avoid});
    if (again.out.length === out.length) inside = again.inside;
  }
  const common = {fill: "var(--theme-foreground)", stroke: "var(--theme-background)", strokeWidth: 3, fontSize: options.fontSize};
  // the leader lines first: a name they pass is painted over them, its halo keeping it clear
  return [
    Plot.link(callouts, {x1: (d) => at(d.cx, d.cy)[0], y1: (d) => at(d.cx, d.cy)[1], x2: (d) => at(d.x - 4, d.y)[0], y2: (d) => at(d.x - 4, d.y)[1],
      stroke: "var(--theme-foreground)", strokeWidth: 1}),
    Plot.text(inside, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "text", ...common}),
    Plot.text(callouts, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "text", textAnchor: "start", ...common})
  ];
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
      })
    ];
    // the points' radius in pixels (pointR), smaller on a narrow map so the dots do not bury each other and the names
    const pointScale = Math.max(0.55, Math.min(1, mapWidth / 640));
    const radius = (p) => (typeof pointR === "function" ? Number(pointR(p)) : Number(pointR)) * pointScale || 3 * pointScale;
    if (points?.length) {
      marks.push(
        Plot.dot(Array.from(points), {
          x: "lon",
          y: "lat",
          symbol: pointSymbol,
          r: radius,
          stroke: "var(--theme-foreground)",
          strokeWidth: 1,
          fill: "var(--theme-background)",
          fillOpacity: 0.8,
          title: pointTitle,
          tip: Boolean(pointTitle)
        })
      );
    }
    // the names last: over the points (with a halo), placed where they cover the fewest
    const pointList = Array.from(points ?? []).filter((p) => p.lon != null && p.lat != null)
      .map((p) => ({lon: +p.lon, lat: +p.lat, r: radius(p)}));
    const labelOptions = {width: mapWidth, height, label, fontSize: LABEL_SIZE, points: pointList};
    marks.push(...labelMarks(collection, labelOptions));
    const plot = Plot.plot({
      width: mapWidth,
      height,
      projection: {type: "mercator", domain: collection, inset: 8, ...(labelRoom(collection, labelOptions))},
      color: {unknown: SEQUENTIAL.suppressed, ...color},
      // pointR is a radius in pixels, not a value for a radius scale
      r: {type: "identity"},
      symbol: pointSymbol ? {legend: true, ...(options.symbol ?? {})} : undefined,
      marks
    });
    wrapper.append(plot);
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
