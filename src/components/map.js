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
//     inset    false: never the enlargement below (default: a map under 640 px wide whose points bury some
//              districts — dots over 30 % of their area — shows those districts again under it, enlarged)
//   The names: inside their districts where they fit, else called out in a column beside the map with a leader
//   line; on a small map, where those columns would take over 30 % of its width, a number in the district and a
//   key under the map instead.
//   featureCollection(shapes) → {type: "FeatureCollection", features} with the rings wound as d3 expects
//   segmentHitsBox(a, b, box, pad); a leader line's start: leaderAnchor of callouts.js (shared with the slides)
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import {boxClearance, clearance, leaderAnchor} from "./callouts.js";
import {pick} from "./i18n.js";
import {labelWidth, shortLabel} from "./format.js";
import {OUTLINE, SEQUENTIAL, THEME, contrastRatio} from "./palette.js";

/** The district names' size on the map (px). */
const LABEL_SIZE = 12;
/** The clear gap (px) a leader line keeps from every name's box but its own's: it neither crosses nor grazes one. */
const LEADER_GAP = 10;
/** What a name's text keeps from its district's border where it can (px). */
const EDGE = 3;

/**
 * Where the district names go, in pixels of a Mercator projection fitted as Plot fits it: at the centroid when
 * the name fits inside its district, clears the names already placed (largest districts first), keeps EDGE px from
 * its district's border and covers no point (facility dot) nor leader line (`avoid`: points along the lines, each
 * with the clear margin it needs); else at the spot inside that covers the fewest leader-line points, then keeps
 * EDGE px from the border, then covers the fewest dots, nearest the centroid (at the font size, else 1 px smaller);
 * else in a column beside the map — left for a district in the map's left half, right for the others — with a
 * leader line to the district. The names are drawn over the points on a plate of their district's colour
 * (labelMarks), so a name that must cover dots stays legible.
 */
function placeLabels(collection, {width, height, label, fontSize, right = 0, left = 0, points = [], avoid = []}) {
  const projection = d3.geoMercator().fitExtent([[8 + left, 8], [width - 8 - right, height - 8]], collection);
  const path = d3.geoPath(projection);
  const h = fontSize + 4;
  const placed = [];
  const inside = [];
  const out = [];
  const features = [...collection.features].sort((a, b) => path.area(b) - path.area(a));
  // the points in pixels, each with its radius (+1 px for its outline), and what else to keep clear of, in
  // pixels [x, y, r] (the leader lines of the names called out)
  const dots = [];
  for (const p of points) {
    const xy = projection([p.lon, p.lat]);
    if (xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1])) dots.push([xy[0], xy[1], p.r + 1]);
  }
  const count = (list, r) => {
    let n = 0;
    for (const [x, y, d] of list) if (x + d > r.x && x - d < r.x + r.w && y + d > r.y && y - d < r.y + r.h) n++;
    return n;
  };
  const covered = (r) => count(dots, r);
  const lined = (r) => count(avoid, r);
  for (const f of features) {
    const text = label(f.properties.row);
    if (!text) continue;
    const rings = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => p[0].map(projection));
    const [cx, cy] = path.centroid(f);
    // at the font size, else 1 px smaller: the smaller where only it fits, or keeps further from the border
    let pick = null;
    for (const size of [fontSize, fontSize - 1]) {
      const w = labelWidth(text, size) + 6;
      const hh = size + 4;
      // the text's own box (the name's box less its padding)
      const dx = (w - 6) / 2, dy = size * 0.35;
      const fits = (x, y) => {
        const r = {x: x - w / 2, y: y - hh / 2, w, h: hh};
        // the name's centre and the corners of its text inside the district, so it does not spill over a border
        // (a name over a border reads as the neighbour's); its box inside the map
        const pts = [[x, y], [x - dx, y - dy], [x + dx, y - dy], [x - dx, y + dy], [x + dx, y + dy]];
        const within = rings.some((ring) => pts.every((p) => d3.polygonContains(ring, p))) && r.x >= left && r.x + w <= width - right && r.y >= 0 && r.y + hh <= height;
        return within && !placed.some((p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h) ? r : null;
      };
      // the room between the text and its district's border, up to EDGE px (a name set against a border reads as on it)
      const room = (x, y) => Math.min(EDGE, boxClearance(rings, {x: x - dx, y: y - size / 2, w: 2 * dx, h: size}));
      const rank = (r, x, y) => ({r, size, lines: lined(r), room: room(x, y), n: covered(r), d: (x - cx) ** 2 + (y - cy) ** 2});
      const better = (c, b) => c.lines !== b.lines ? c.lines < b.lines : c.room !== b.room ? c.room > b.room : c.n !== b.n ? c.n < b.n : c.d < b.d;
      const r = fits(cx, cy);
      let best = r ? rank(r, cx, cy) : null;
      if (!best || best.lines || best.room < EDGE || best.n) {
        const [[x0, y0], [x1, y1]] = path.bounds(f);
        const steps = dots.length || avoid.length ? 24 : 12;
        // the centroid itself is a candidate
        for (let i = 0; i <= steps; i++) for (let j = 0; j <= steps; j++) {
          const x = x0 + ((x1 - x0) * i) / steps, y = y0 + ((y1 - y0) * j) / steps;
          const c = fits(x, y);
          if (!c) continue;
          const cand = rank(c, x, y);
          if (!best || better(cand, best)) best = cand;
        }
      }
      if (best && (!pick || (pick.lines === best.lines && pick.room < EDGE && best.room > pick.room))) pick = best;
      if (pick && pick.room >= EDGE) break;
    }
    const r = pick?.r ?? null;
    const size = pick?.size ?? fontSize;
    if (r) {
      placed.push(r);
      inside.push({text, x: r.x + r.w / 2, y: r.y + r.h / 2, w: r.w, h: r.h, dots: covered(r), row: f.properties.row, size});
    } else {
      out.push({text, cx, cy, w: labelWidth(text, fontSize) + 6, rings, bounds: path.bounds(f), side: cx < (left + width - right) / 2 ? "left" : "right"});
    }
  }
  return {projection, inside, out, h, placed, left, right, dots};
}

/**
 * The label layout with room beside the map for the names called out (a column on each side, sized to its
 * names; a few passes, since the room changes the projection). Columns that would take more than 30 % of the
 * map's width (a phone) would shrink the map to nothing: then `numbered` — the districts whose names do not fit
 * get a number instead, and a key under the map names them.
 */
function labelLayout(collection, options) {
  let layout = placeLabels(collection, options);
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

/** Boxes overlap? ({x, y, w, h}) */
const overlap = (r, p) => r.x < p.x + p.w && p.x < r.x + r.w && r.y < p.y + p.h && p.y < r.y + r.h;

/** Numbers 1, 2, … (top to bottom) for the districts in `out`, each at the spot inside that clears the names and
 *  the numbers already placed and keeps the whole disc inside its district (else the spot furthest from its edges,
 *  so that a number on a small district is not read as its neighbour's), covers the fewest points and is nearest the
 *  district's centre. */
function numberSpots(out, placed, dots = []) {
  const taken = [...placed];
  const R = 9;
  const box = (x, y) => ({x: x - R, y: y - R, w: 2 * R, h: 2 * R});
  const covered = (r) => dots.filter(([x, y, d]) => x + d > r.x && x - d < r.x + r.w && y + d > r.y && y - d < r.y + r.h).length;
  return d3.sort(out, (d) => d.cy, (d) => d.cx).map((d, i) => {
    const free = (x, y) => d.rings.some((ring) => d3.polygonContains(ring, [x, y])) && !taken.some((p) => overlap(box(x, y), p));
    const [[x0, y0], [x1, y1]] = d.bounds;
    // rank: the disc inside the district first (else more room to its edges), then fewer points, then nearer the centre
    const better = (c, b) => {
      const cIn = c.room >= R, bIn = b.room >= R;
      if (cIn !== bIn) return cIn;
      if (!cIn && c.room !== b.room) return c.room > b.room;
      return c.n < b.n || (c.n === b.n && c.dist < b.dist);
    };
    const spot = (x, y) => ({x, y, n: covered(box(x, y)), dist: (x - d.cx) ** 2 + (y - d.cy) ** 2, room: clearance(d.rings, x, y)});
    let best = free(d.cx, d.cy) ? spot(d.cx, d.cy) : null;
    for (let a = 0; a <= 16; a++) for (let b = 0; b <= 16; b++) {
      const x = x0 + ((x1 - x0) * a) / 16, y = y0 + ((y1 - y0) * b) / 16;
      if (!free(x, y)) continue;
      const c = spot(x, y);
      if (!best || better(c, best)) best = c;
    }
    const [x, y] = best ? [best.x, best.y] : [d.cx, d.cy];
    taken.push(box(x, y));
    return {n: String(i + 1), text: d.text, x, y};
  });
}

/** Does the segment a–b pass through the box {x, y, w, h} grown by `pad` px? (points along it every 2 px) */
export function segmentHitsBox(a, b, box, pad = 0) {
  const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 2));
  for (let k = 0; k <= steps; k++) {
    const x = a[0] + ((b[0] - a[0]) * k) / steps, y = a[1] + ((b[1] - a[1]) * k) / steps;
    if (x > box.x - pad && x < box.x + box.w + pad && y > box.y - pad && y < box.y + box.h + pad) return true;
  }
  return false;
}

/**
 * The names called out in their columns, top to bottom in the order of their districts, each with its leader
 * line's start (callouts.js leaderAnchor: LEADER_GAP clear of the names inside, and clear of the leaders above it).
 */
function callouts(layout, options) {
  const {out, placed, h} = layout;
  const result = [];
  for (const side of ["left", "right"]) {
    const column = out.filter((d) => d.side === side);
    const colX = side === "right" ? options.width - 8 - (d3.max(column, (d) => d.w) ?? 0) : 8;
    let nextY = 8;
    const lines = [];
    for (const d of d3.sort(column, (d) => d.cy)) {
      const y = Math.max(nextY, Math.min(d.cy, options.height - h));
      nextY = y + h + 2;
      // where the leader meets the name: its start on the right, its end on the left
      const tx = side === "right" ? colX - 4 : colX + d.w - 2;
      const [sx, sy] = leaderAnchor(d, [tx, y], {labels: placed, others: [], lines, pad: 0, step: 10 / 3, grid: 16, gap: LEADER_GAP}).p;
      lines.push([sx, sy, tx, y]);
      result.push({...d, x: side === "right" ? colX : colX + d.w - 6, y, tx, sx, sy, anchor: side === "right" ? "start" : "end"});
    }
  }
  return result;
}

function labelRoom(collection, options) {
  const {left, right, numbered} = labelLayout(collection, options);
  if (numbered) return {};
  return {...(left ? {insetLeft: 8 + left} : {}), ...(right ? {insetRight: 8 + right} : {})};
}

/** The marks of the district names (inside, called out, or numbered) and the key of a numbered map. */
function labelMarks(collection, options) {
  const layout = labelLayout(collection, options);
  const {projection, out, placed, numbered} = layout;
  let {inside} = layout;
  const at = (x, y) => projection.invert([x, y]);
  // numbered: a number in a white disc inside each district whose name does not fit, where it clears the names
  const numbers = numbered ? numberSpots(out, placed, layout.dots) : [];
  const called = numbered ? [] : callouts(layout, options);
  if (called.length) {
    // the names inside placed again, LEADER_GAP clear of the leader lines where they can be (the same names stay
    // inside: what fits does not depend on what is avoided)
    const avoid = called.flatMap((d) => {
      const n = Math.max(1, Math.ceil(Math.hypot(d.tx - d.sx, d.y - d.sy) / 2));
      return d3.range(n + 1).map((k) => [d.sx + ((d.tx - d.sx) * k) / n, d.sy + ((d.y - d.sy) * k) / n, LEADER_GAP]);
    });
    const again = placeLabels(collection, {...options, left: layout.left, right: layout.right, avoid});
    if (again.out.length === out.length) inside = again.inside;
  }
  const halo = {stroke: "var(--theme-background)", strokeWidth: 3};
  // a name inside a district in dark text with a light halo, or in white on a dark fill (the higher contrast of
  // the two), its halo the district's own colour (it hides the dots under the name, not the fill)
  const bg = (d) => options.colourOf?.(d.row);
  const light = (d) => {
    const c = bg(d);
    return c != null && /^#[0-9a-f]{6}$/i.test(c) && contrastRatio("#ffffff", c) > contrastRatio(THEME["--theme-foreground"], c);
  };
  const position = {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "text"};
  // a name over points sits on a plate of its district's colour (else the page's) with rounded corners:
  // the dots under it are hidden (a halo alone leaves them showing between the letters), those round it are not
  const plated = inside.filter((d) => d.dots > 0);
  const plate = (d) => (bg(d) && /^#[0-9a-f]{6}$/i.test(bg(d)) ? bg(d) : "var(--theme-background)");
  const marks = [
    // the leader lines first: a name they pass is painted over them, its halo keeping it clear
    Plot.link(called, {x1: (d) => at(d.sx, d.sy)[0], y1: (d) => at(d.sx, d.sy)[1], x2: (d) => at(d.tx, d.y)[0], y2: (d) => at(d.tx, d.y)[1],
      stroke: "var(--theme-foreground)", strokeWidth: 1}),
    Plot.dot(called, {x: (d) => at(d.sx, d.sy)[0], y: (d) => at(d.sx, d.sy)[1], r: 2, fill: "var(--theme-foreground)", stroke: "var(--theme-background)", strokeWidth: 1}),
    // drawn by a text mark's render: Plot projects the plates' centres as it does the names'
    Plot.text(plated, {...position, render: (index, scales, values) => {
      const g = d3.create("svg:g").attr("aria-hidden", "true").attr("pointer-events", "none");
      for (const i of index) {
        const d = plated[i];
        // the text and 2 px round it (its box has 3 px at the sides)
        g.append("rect").attr("x", values.x[i] - d.w / 2 + 1).attr("y", values.y[i] - d.h / 2).attr("width", d.w - 2).attr("height", d.h)
          .attr("rx", 3).attr("fill", plate(d)).attr("fill-opacity", 0.9);
      }
      return g.node();
    }}),
    Plot.text(inside.filter((d) => !light(d)), {...position, fill: "var(--theme-foreground)", fontSize: (d) => d.size, ...halo}),
    ...d3.groups(inside.filter(light), bg).map(([colour, rows]) =>
      Plot.text(rows, {...position, fill: "white", fontWeight: 600, fontSize: (d) => d.size, stroke: colour, strokeWidth: 3})),
    Plot.dot(numbers, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], r: 8, fill: "white", stroke: "var(--theme-foreground)", strokeWidth: 1}),
    Plot.text(numbers, {x: (d) => at(d.x, d.y)[0], y: (d) => at(d.x, d.y)[1], text: "n", fontSize: 10, fontWeight: 700, fill: "var(--theme-foreground)"}),
    ...["start", "end"].map((anchor) => Plot.text(called.filter((d) => d.anchor === anchor), {...position, textAnchor: anchor, fill: "var(--theme-foreground)", fontSize: options.fontSize, ...halo}))
  ];
  return {marks, key: numbers};
}

/** The share of a district's area its points' dots may cover before the map shows it again, enlarged. */
const DENSE = 0.3;

/**
 * The districts whose points bury them on a map of this size: the dots' area (π r² each, overlaps counted) over
 * the district's area in pixels above DENSE. None when every district is dense (an enlargement would be the map
 * again) or when the dense ones span more than half the map.
 */
function denseFeatures(collection, points, {width, height}) {
  const projection = d3.geoMercator().fitExtent([[8, 8], [width - 8, height - 8]], collection);
  const path = d3.geoPath(projection);
  const xy = points.map((p) => [projection([p.lon, p.lat]), p.r]).filter(([q]) => q && Number.isFinite(q[0]) && Number.isFinite(q[1]));
  const dense = collection.features.filter((f) => {
    const rings = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((p) => p[0].map(projection));
    const covered = d3.sum(xy, ([q, r]) => (rings.some((ring) => d3.polygonContains(ring, q)) ? Math.PI * r * r : 0));
    return covered > DENSE * path.area(f);
  });
  if (!dense.length || dense.length === collection.features.length) return [];
  const [[x0, y0], [x1, y1]] = path.bounds({type: "FeatureCollection", features: dense});
  // top to bottom, as the numbered key lists them
  return (x1 - x0) * (y1 - y0) > 0.5 * width * height ? [] : d3.sort(dense, (f) => path.centroid(f)[1], (f) => path.centroid(f)[0]);
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
    const labelOptions = {width: mapWidth, height, label, fontSize: LABEL_SIZE, points: pointList, colourOf: fillColour(color, values, fill)};
    const nameMarks = labelMarks(collection, labelOptions);
    marks.push(...nameMarks.marks);
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
    // a class legend (threshold scale) shows the inner bounds only: the ends of the first and last class, under it
    const shown = collection.features.map((f) => fill(f.properties.row)).filter((v) => typeof v === "number" && Number.isFinite(v));
    if (color.type === "threshold" && color.legend && shown.length) {
      const p = document.createElement("div");
      p.className = "district-map-range";
      p.style.cssText = "flex-basis:100%;font-size:0.8rem;color:var(--theme-foreground-muted);margin-top:-0.75rem";
      // each figure with its unit on one line (no-break spaces)
      const [lo, hi] = d3.extent(shown).map((v) => String(format(v)).replace(/ /g, "\u00a0"));
      p.textContent = pick(lang, {zh: `底色：最低 ${lo}，最高 ${hi}`, en: `Shading: lowest ${lo}, highest ${hi}`});
      wrapper.append(p);
    }
    if (nameMarks.key.length) {
      // the key of a numbered map: "1 明泉区 · 2 古槐区 …", each "number name" kept on one line
      const p = document.createElement("div");
      p.className = "district-map-key";
      p.style.cssText = "flex-basis:100%;font-size:0.8rem;line-height:1.5";
      nameMarks.key.forEach((d, i) => {
        const item = document.createElement("span");
        item.style.whiteSpace = "nowrap";
        item.textContent = `${d.n} ${d.text}`;
        p.append(...(i ? [" · "] : []), item);
      });
      wrapper.append(p);
    }
    // Where the points bury districts on a small map (a phone, a half-width card: their dots cover much of a small
    // district), those districts again under the map, enlarged to its width, the points at their full size, the
    // neighbours cut at the frame. (A wide map draws them large enough.)
    const dense = pointList.length && mapWidth < 640 && options.inset !== false ? denseFeatures(collection, pointList, {width: mapWidth, height}) : [];
    if (dense.length) {
      const sub = {type: "FeatureCollection", features: dense};
      const [[a0, b0], [a1, b1]] = d3.geoBounds(sub);
      const subAspect = ((b1 - b0) / ((a1 - a0) || 1)) / Math.cos((((b0 + b1) / 2) * Math.PI) / 180);
      const insetHeight = Math.round(Math.max(180, Math.min(mapWidth * 0.9, mapWidth * (Number.isFinite(subAspect) ? subAspect : 0.8))));
      const fullRadius = (p) => (typeof pointR === "function" ? Number(pointR(p)) : Number(pointR)) || 3;
      const insetPoints = Array.from(points).filter((p) => p.lon != null && p.lat != null);
      const insetNames = labelMarks(sub, {width: mapWidth, height: insetHeight, label, fontSize: LABEL_SIZE, colourOf: labelOptions.colourOf,
        points: insetPoints.map((p) => ({lon: +p.lon, lat: +p.lat, r: fullRadius(p)}))});
      const head = document.createElement("div");
      head.className = "district-map-inset-title";
      head.style.cssText = "flex-basis:100%;font-size:0.8rem;font-weight:600;margin-bottom:-0.5rem";
      const list = dense.map((f) => label(f.properties.row)).join(lang === "en" ? ", " : "、");
      head.textContent = pick(lang, {zh: `放大：${list}`, en: `Enlarged: ${list}`});
      const insetPlot = Plot.plot({
        width: mapWidth,
        height: insetHeight,
        projection: {type: "mercator", domain: sub, inset: 8, ...(labelRoom(sub, {width: mapWidth, height: insetHeight, label, fontSize: LABEL_SIZE}))},
        color: {unknown: SEQUENTIAL.suppressed, ...color, legend: false},
        r: {type: "identity"},
        symbol: pointSymbol ? {...(options.symbol ?? {}), legend: false} : undefined,
        marks: [
          Plot.geo(collection.features, {fill: (f) => fill(f.properties.row), stroke: OUTLINE, strokeWidth: 0.8, clip: "frame"}),
          Plot.dot(insetPoints, {x: "lon", y: "lat", symbol: pointSymbol, r: fullRadius, stroke: "var(--theme-foreground)", strokeWidth: 1,
            fill: "var(--theme-background)", fillOpacity: 0.8, title: pointTitle, tip: Boolean(pointTitle), clip: "frame"}),
          ...insetNames.marks,
          Plot.frame({stroke: OUTLINE, strokeWidth: 0.8})
        ]
      });
      insetPlot.classList?.add("district-map-inset");
      wrapper.append(head, insetPlot);
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
