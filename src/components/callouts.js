// Callouts for small districts on the maps: where each name goes in the columns beside the map and where its leader
// line starts. The one implementation for the page maps (src/components/map.js: leaderAnchor), the slides page
// (src/components/slides.js, pixels) and the .pptx (pipeline/deck/build.ts, inches); each passes its own sizes
// (pad, step).

/**
 * Where a leader line starts inside its district: of points over the district (kept off its border), the one whose
 * straight line to the name crosses no placed name, no other leader line, and as little of the other districts as
 * can be, away from the other lines' dots, near the district's centre. Returns the point and its cost.
 * A district of several parts passes `rings` instead of `ring`; `grid` is the number of steps of the grid of
 * candidate points across the district's box (8); `across` what a step of line inside another district costs (0.2);
 * `gap` the clear margin a line keeps round each placed name's box (1.5 steps).
 */
export function leaderAnchor(district, [tx, ty], {labels, others, lines, pad, step, grid = 8, across = 0.2, gap = 1.5 * step}) {
  const rings = district.rings ?? [district.ring];
  const [x0, y0, x1, y1] = bbox(rings.flat());
  const within = (x, y) => rings.some((ring) => inRing(x, y, ring));
  const inner = (x, y) => within(x, y) && within(x - pad, y) && within(x + pad, y) && within(x, y - pad) && within(x, y + pad);
  const candidates = [[district.cx, district.cy]];
  for (let i = 1; i < grid; i++) for (let j = 1; j < grid; j++) candidates.push([x0 + ((x1 - x0) * i) / grid, y0 + ((y1 - y0) * j) / grid]);
  const near = (px, py, [ax, ay, bx, by]) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) < step;
  };
  const boxes = others.map((o) => ({o, b: bbox(o)}));
  const size = Math.max(x1 - x0, y1 - y0) || 1;
  const m = gap;
  let best = null;
  for (const [x, y] of candidates) {
    if (!(x === district.cx && y === district.cy) && !inner(x, y)) continue;
    const length = Math.hypot(tx - x, ty - y);
    // samples every `step`, at most 60 (a cost per sample: a name hit, another line, another district)
    const n = Math.min(60, Math.max(10, Math.ceil(length / step)));
    const unit = length / n;
    let cost = Math.hypot(x - district.cx, y - district.cy) / size;
    // two dots side by side read as one place
    if (lines.some(([ax, ay]) => Math.hypot(x - ax, y - ay) < 8 * step)) cost += 50;
    for (let k = 1; k < n; k++) {
      const px = x + ((tx - x) * k) / n, py = y + ((ty - y) * k) / n;
      if (labels.some((r) => px > r.x - m && px < r.x + r.w + m && py > r.y - m && py < r.y + r.h + m)) cost += (100 * unit) / step;
      if (lines.some((l) => near(px, py, l))) cost += (20 * unit) / step;
      if (boxes.some(({o, b}) => px >= b[0] && px <= b[2] && py >= b[1] && py <= b[3] && inRing(px, py, o))) cost += (across * unit) / step;
    }
    if (!best || cost < best.cost) best = {p: [x, y], cost};
  }
  return best ?? {p: [district.cx, district.cy], cost: 0};
}

function bbox(ring) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of ring) {
    if (p[0] < x0) x0 = p[0];
    if (p[0] > x1) x1 = p[0];
    if (p[1] < y0) y0 = p[1];
    if (p[1] > y1) y1 = p[1];
  }
  return [x0, y0, x1, y1];
}

/**
 * Where each called-out district's name goes beside the map, and where its line starts. `columns` is where the
 * lines end: {left, right} (x of the left column's names' right edge and of the right column's left edge; either may
 * be left out), or one x for a column on the right. Names sit on a grid of slots (`slots`, centre heights, top to
 * bottom) in either column; each district takes a free slot and an anchor so that its line crosses no name and no
 * other line, runs through as little of the other districts as can be (a line may always cross its own district),
 * stays short and near its district's height, and no line runs past another's dot. The callouts are placed one by
 * one, each on its best free slot; then every choice is tried (branch and bound, at most 200,000 steps: the best
 * found so far when these run out). Returns, per callout, its anchor, its slot and its side ("left" or "right").
 */
export function assignCallouts(callouts, slots, columns, {labels, rings, pad, step}) {
  const n = callouts.length;
  if (n === 0) return [];
  const sides = (typeof columns === "number" ? [["right", columns]] : [["left", columns.left], ["right", columns.right]]).filter(([, x]) => x != null);
  // an option is a slot in a column: o = side index × slots + slot
  const options = sides.flatMap(([side, x]) => slots.map((y, s) => ({side, x, y, s})));
  const span = Math.max(...slots) - Math.min(...slots) || 1;
  const best = callouts.map((c) => {
    const others = rings.filter((r) => r !== c.ring);
    return options.map(({x, y}) => {
      // through another district: 2 per step (a long line across a neighbour costs more than any slant)
      const a = leaderAnchor(c, [x, y], {labels, others, lines: [], pad, step, across: 2});
      const length = Math.hypot(x - a.p[0], y - a.p[1]);
      // a name far from its district's height sends the eye along a long slanted line; a long line too
      return {p: a.p, cost: a.cost + (20 * Math.abs(y - c.cy)) / span + (0.05 * length) / step};
    });
  });
  const toSegment = (px, py, [ax, ay, bx, by]) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  const cross = (a, b) => {
    const side = (px, py, [x1, y1, x2, y2]) => Math.sign((x2 - x1) * (py - y1) - (y2 - y1) * (px - x1));
    return side(a[0], a[1], b) * side(a[2], a[3], b) < 0 && side(b[0], b[1], a) * side(b[2], b[3], a) < 0;
  };
  const seg = (i, o) => [best[i][o].p[0], best[i][o].p[1], options[o].x, options[o].y];
  const pairs = new Map();
  const pairCost = (j, oj, i, oi) => {
    const key = ((j * options.length + oj) * n + i) * options.length + oi;
    let cost = pairs.get(key);
    if (cost !== undefined) return cost;
    // two names on one slot
    if (options[oi].side === options[oj].side && options[oi].s === options[oj].s) cost = Infinity;
    else {
      const a = seg(i, oi), b = seg(j, oj);
      cost = 0;
      // lines crossing: never, where any other way exists
      if (cross(a, b)) cost += 1000;
      // two dots side by side read as one place
      if (Math.hypot(a[0] - b[0], a[1] - b[1]) < 8 * step) cost += 50;
      // a line running past another line's dot seems to start there
      if (toSegment(b[0], b[1], a) < 3 * step || toSegment(a[0], a[1], b) < 3 * step) cost += 50;
    }
    pairs.set(key, cost);
    return cost;
  };
  // each callout's options, cheapest first
  const order = best.map((b) => b.map((_, o) => o).sort((p, q) => b[p].cost - b[q].cost));
  // one by one, each on its best free option given those before it: the answer for many callouts, and the bound
  // to beat for few
  let chosen = [];
  let bestCost = 0;
  for (let i = 0; i < n; i++) {
    let pick = null;
    for (const o of order[i]) {
      const cost = best[i][o].cost + chosen.reduce((p, t, j) => p + pairCost(j, t, i, o), 0);
      if (cost < Infinity && (!pick || cost < pick.cost)) pick = {o, cost};
    }
    // more callouts than slots: the last ones share the cheapest
    chosen.push(pick?.o ?? order[i][0]);
    bestCost += pick?.cost ?? Infinity;
  }
  {
    // the least each callout still to place can add (its cheapest option; pairs add nothing or more)
    const rest = Array.from({length: n + 1}, (_, i) => best.slice(i).reduce((sum, b, k) => sum + b[order[i + k][0]].cost, 0));
    const perm = [];
    let budget = 200_000;
    const walk = (cost) => {
      if (--budget < 0) return;
      const i = perm.length;
      if (i === n) {
        if (cost < bestCost) [bestCost, chosen] = [cost, [...perm]];
        return;
      }
      for (const o of order[i]) {
        // the options come cheapest first: once one cannot beat the best, none after it can
        if (cost + best[i][o].cost + rest[i + 1] >= bestCost) break;
        const add = best[i][o].cost + perm.reduce((p, t, j) => p + pairCost(j, t, i, o), 0);
        if (cost + add + rest[i + 1] >= bestCost) continue;
        perm.push(o);
        walk(cost + add);
        perm.pop();
      }
    };
    walk(0);
  }
  return chosen.map((o, i) => ({anchor: best[i][o].p, slot: options[o].s, side: options[o].side}));
}

/**
 * How wide the name columns on the left and the right of a map are: `layout(left, right)` lays the map out between
 * columns that wide (0: no column) and returns how wide the names it put on each side are (`need`) and how large the
 * map is (`scale`). The first try gives both columns the widest name (`widest`), which always holds them; then each
 * try gives the columns what the one before needed. Of the layouts whose names fit their columns, the largest map.
 */
export function fitColumns(widest, layout, tries = 3) {
  let best = layout(widest, widest);
  let [left, right] = best.need;
  for (let k = 0; k < tries && (left < widest || right < widest); k++) {
    const next = layout(left, right);
    const fits = next.need[0] <= left && next.need[1] <= right;
    if (fits && next.scale > best.scale) best = next;
    if (fits && next.need[0] === left && next.need[1] === right) break;
    [left, right] = next.need;
  }
  return best;
}

/** Distance from a point to the nearest edge of `rings` (a district's outer rings) when it is inside one of them; 0 outside. */
export function clearance(rings, x, y) {
  if (!rings.some((ring) => inRing(x, y, ring))) return 0;
  let min = Infinity;
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const [ax, ay] = ring[k], [bx, by] = ring[(k + 1) % ring.length];
      const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = len2 ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / len2)) : 0;
      min = Math.min(min, Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))));
    }
  }
  return min;
}

/**
 * How far the box {x, y, w, h} keeps from the edges of `rings` (a district's outer rings): the least distance from
 * any ring segment to the box, 0 when one touches or crosses it. (Whether the box is inside is the caller's test.)
 */
export function boxClearance(rings, {x, y, w, h}) {
  const x1 = x + w, y1 = y + h;
  // distance from a point to the box (0 inside)
  const toBox = (px, py) => Math.hypot(Math.max(x - px, 0, px - x1), Math.max(y - py, 0, py - y1));
  const toSegment = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  // a segment through the box crosses one of its sides (one touching it or ending inside is at distance 0 below)
  const sides = [[x, y, x1, y], [x1, y, x1, y1], [x1, y1, x, y1], [x, y1, x, y]];
  const crosses = (ax, ay, bx, by, [cx, cy, dx, dy]) => {
    const side = (px, py, qx, qy, rx, ry) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
    return side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0 && side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0;
  };
  let min = Infinity;
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const [ax, ay] = ring[k], [bx, by] = ring[(k + 1) % ring.length];
      if (sides.some((s) => crosses(ax, ay, bx, by, s))) return 0;
      min = Math.min(min, toBox(ax, ay), toBox(bx, by),
        toSegment(x, y, ax, ay, bx, by), toSegment(x1, y, ax, ay, bx, by), toSegment(x1, y1, ax, ay, bx, by), toSegment(x, y1, ax, ay, bx, by));
      if (min === 0) return 0;
    }
  }
  return min;
}

/** Whether a point lies inside a ring (even–odd rule). */
export function pointInRing(point, ring) {
  return inRing(point[0], point[1], ring);
}

function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
