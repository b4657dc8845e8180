// Callouts for small districts on the maps: where each name goes in the column beside the map and where its leader
// line starts. The one implementation for the page maps (src/components/map.js: leaderAnchor), the slides page
// (src/components/slides.js, pixels) and the .pptx (pipeline/deck/build.ts, inches); each passes its own sizes
// (pad, step).

/**
 * Where a leader line starts inside its district: of points over the district (kept off its border), the one whose
 * straight line to the name crosses no placed name, no other leader line, and as little of the other districts as
 * can be, away from the other lines' dots, near the district's centre. Returns the point and its cost.
 * A district of several parts passes `rings` instead of `ring`; `grid` is the number of steps of the grid of
 * candidate points across the district's box (8).
 */
export function leaderAnchor(district, [tx, ty], {labels, others, lines, pad, step, grid = 8}) {
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
  const m = 1.5 * step;
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
      if (boxes.some(({o, b}) => px >= b[0] && px <= b[2] && py >= b[1] && py <= b[3] && inRing(px, py, o))) cost += (0.2 * unit) / step;
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
 * Where each called-out district's name goes in the column beside the map, and where its line starts: names sit on
 * a grid of slots (`slots`, centre heights, top to bottom); each district takes a free slot and an anchor so that the
 * lines cross no name, no other line and as little of the other districts as can be, no line runs past another's
 * dot, and names stay near their district's height. Every choice is tried for up to 6 callouts (pruned search);
 * more take the slots nearest their height, top to bottom.
 */
export function assignCallouts(callouts, slots, colX, {labels, rings, pad, step}) {
  const n = callouts.length;
  const fallback = () => {
    const out = [];
    let next = 0;
    for (const c of callouts) {
      let s = next;
      while (s < slots.length - (n - out.length) && Math.abs(slots[s + 1] - c.cy) < Math.abs(slots[s] - c.cy)) s++;
      out.push(Math.min(s, slots.length - 1));
      next = s + 1;
    }
    return out;
  };
  if (n === 0) return [];
  const span = Math.max(...slots) - Math.min(...slots) || 1;
  const best = callouts.map((c) => slots.map((y) => {
    const a = leaderAnchor(c, [colX, y], {labels, others: rings.filter((r) => r !== c.ring), lines: [], pad, step});
    // a name far from its district's height sends the eye along a long slanted line
    return {p: a.p, cost: a.cost + (20 * Math.abs(y - c.cy)) / span};
  }));
  const toSegment = (px, py, [ax, ay, bx, by]) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  const cross = (a, b) => {
    const side = (px, py, [x1, y1, x2, y2]) => Math.sign((x2 - x1) * (py - y1) - (y2 - y1) * (px - x1));
    return side(a[0], a[1], b) * side(a[2], a[3], b) < 0 && side(b[0], b[1], a) * side(b[2], b[3], a) < 0;
  };
  const seg = (i, s) => [best[i][s].p[0], best[i][s].p[1], colX, slots[s]];
  const pair = (i, si, j, sj) => {
    const a = seg(i, si), b = seg(j, sj);
    let cost = 0;
    if (cross(a, b)) cost += 40;
    if (Math.hypot(a[0] - b[0], a[1] - b[1]) < 8 * step) cost += 50;
    // a line running past another line's dot seems to start there
    if (toSegment(b[0], b[1], a) < 3 * step || toSegment(a[0], a[1], b) < 3 * step) cost += 50;
    return cost;
  };
  const pairs = new Map();
  const pairCost = (j, sj, i, si) => {
    const key = ((j * slots.length + sj) * n + i) * slots.length + si;
    let c = pairs.get(key);
    if (c === undefined) pairs.set(key, (c = pair(j, sj, i, si)));
    return c;
  };
  let chosen = fallback();
  if (n <= 6 && slots.length <= 14) {
    const score = (perm) => perm.reduce((sum, s, i) => sum + best[i][s].cost + perm.slice(0, i).reduce((p, t, j) => p + pair(j, t, i, s), 0), 0);
    let bestCost = score(chosen);
    const perm = [];
    const used = new Set();
    const walk = (cost) => {
      if (cost >= bestCost) return;
      if (perm.length === n) {
        [bestCost, chosen] = [cost, [...perm]];
        return;
      }
      const i = perm.length;
      for (let s = 0; s < slots.length; s++) {
        if (used.has(s)) continue;
        const add = best[i][s].cost + perm.reduce((p, t, j) => p + pairCost(j, t, i, s), 0);
        used.add(s);
        perm.push(s);
        walk(cost + add);
        perm.pop();
        used.delete(s);
      }
    };
    walk(0);
  }
  return chosen.map((s, i) => ({anchor: best[i][s].p, slot: s}));
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
