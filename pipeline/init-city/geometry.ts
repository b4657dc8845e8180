// Topology-preserving simplification of a city's county boundaries: shared borders are simplified once, as one arc.
import type {Feature, FeatureCollection, MultiPolygon, Polygon, Position} from "geojson";
import {feature} from "topojson-client";
import {topology} from "topojson-server";
import {presimplify, simplify, sphericalTriangleArea} from "topojson-simplify";
import type {GeometryCollection, Objects, Topology as AnyTopology} from "topojson-specification";

// The topology type topojson-simplify's declarations accept.
type Topology = AnyTopology<Objects<{}>>;

export interface Shape {
  code: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export type UnitFeature = Feature<MultiPolygon, {code: string; name: string}>;

export interface Simplified {
  features: UnitFeature[];
  /** Points with a weight (spherical triangle area, steradians) below this were removed; 0 = none removed. */
  minWeight: number;
  pointsIn: number;
  pointsOut: number;
  arcs: number;
  /** Arcs used by two units: their common borders, stored once. */
  sharedArcs: number;
}

type Ring = Position[];

const roundTo = (decimals: number) => {
  const f = 10 ** decimals;
  return (v: number) => Math.round(v * f) / f;
};

/** Planar signed area (shoelace) of a ring in lon/lat: > 0 counter-clockwise. */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

/** Coordinates rounded, consecutive repeats dropped, rings closed; rings that collapse to a line are removed. */
function cleanRing(ring: Ring, round: (v: number) => number): Ring | null {
  const out: Ring = [];
  for (const p of ring) {
    const q = [round(p[0]), round(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < 3) return null;
  out.push(out[0]);
  return ringArea(out) === 0 ? null : out;
}

/**
 * Rounded, cleaned MultiPolygon with RFC 7946 winding (exterior counter-clockwise, holes clockwise), as
 * the demo writes it and the map component expects. A polygon whose exterior collapsed is dropped with its holes.
 */
export function cleanGeometry(geometry: Polygon | MultiPolygon, decimals = 5): MultiPolygon {
  const round = roundTo(decimals);
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const out: Ring[][] = [];
  for (const rings of polygons) {
    const [outer, ...holes] = rings.map((r) => cleanRing(r, round));
    if (!outer) continue;
    const wind = (r: Ring, ccw: boolean) => ((ringArea(r) > 0) === ccw ? r : r.slice().reverse());
    out.push([wind(outer, true), ...holes.filter((h): h is Ring => h !== null).map((h) => wind(h, false))]);
  }
  return {type: "MultiPolygon", coordinates: out};
}

export const countPoints = (g: MultiPolygon) => g.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);

/** How many arcs each geometry of the topology's object uses, and how many arcs two geometries share. */
export function arcUse(topo: Topology, object: string): {arcs: number; shared: number} {
  const users = new Map<number, Set<number>>();
  const walk = (arcs: unknown, owner: number) => {
    if (!Array.isArray(arcs)) return;
    for (const a of arcs) {
      if (Array.isArray(a)) walk(a, owner);
      else {
        const i = a < 0 ? ~a : a;
        if (!users.has(i)) users.set(i, new Set());
        users.get(i)!.add(owner);
      }
    }
  };
  (topo.objects[object] as GeometryCollection).geometries.forEach((g, i) => walk((g as {arcs?: unknown}).arcs, i));
  return {arcs: topo.arcs.length, shared: [...users.values()].filter((s) => s.size > 1).length};
}

/**
 * Give the most significant interior point of every arc (two for an arc that closes on itself) an infinite
 * weight, so no ring can shrink to a line: a ring of one arc keeps 4 points, of two arcs 4, of more, its junctions.
 */
function keepRingsOpen(topo: Topology): Topology {
  for (const arc of topo.arcs as number[][][]) {
    const n = arc.length;
    const closed = n > 1 && arc[0][0] === arc[n - 1][0] && arc[0][1] === arc[n - 1][1];
    const interior = arc.slice(1, -1).sort((a, b) => b[2] - a[2]);
    for (const p of interior.slice(0, closed ? 2 : 1)) p[2] = Infinity;
  }
  return topo;
}

/**
 * Simplify the shapes together, as a topology, by the least amount that makes `fits(features)` true
 * (the caller measures the file it will write). Rounding comes first so both sides of a border round alike.
 */
export function simplifyShared(shapes: Shape[], fits: (features: UnitFeature[]) => boolean, decimals = 5): Simplified {
  const input: FeatureCollection<MultiPolygon, {code: string; name: string}> = {
    type: "FeatureCollection",
    features: shapes.map((s) => ({type: "Feature", properties: {code: s.code, name: s.name}, geometry: cleanGeometry(s.geometry, decimals)}))
  };
  const pointsIn = input.features.reduce((s, f) => s + countPoints(f.geometry), 0);
  const topo = topology({units: input});
  const {arcs, shared} = arcUse(topo as unknown as Topology, "units");
  const weighted = keepRingsOpen(presimplify(topo as unknown as Topology, sphericalTriangleArea));
  const featuresAt = (minWeight: number): UnitFeature[] => {
    const t = minWeight > 0 ? simplify(weighted, minWeight) : (topo as unknown as Topology);
    const fc = feature(t, t.objects.units as GeometryCollection) as unknown as FeatureCollection<Polygon | MultiPolygon, {code: string; name: string}>;
    return fc.features.map((f) => ({type: "Feature", properties: {code: f.properties.code, name: f.properties.name}, geometry: cleanGeometry(f.geometry, decimals)}));
  };
  const usable = (features: UnitFeature[]) => features.every((f) => f.geometry.coordinates.length > 0) && fits(features);

  let best = featuresAt(0);
  let minWeight = 0;
  if (!usable(best)) {
    // Candidate thresholds: the distinct finite weights. Size falls as the threshold rises, so bisect.
    const weights = [...new Set(weighted.arcs.flatMap((arc) => arc.map((p) => (p as number[])[2]).filter((w) => Number.isFinite(w))))].sort((a, b) => a - b);
    let lo = 0;
    let hi = weights.length; // index `weights.length` = keep only arc end points
    const at = (i: number) => (i < weights.length ? weights[i] * (1 + 1e-12) + Number.MIN_VALUE : Infinity);
    if (!usable(featuresAt(at(hi)))) throw new Error("the boundaries do not fit the size limit even reduced to their junction points: raise --max-kb");
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (usable(featuresAt(at(mid)))) hi = mid;
      else lo = mid + 1;
    }
    minWeight = at(lo);
    best = featuresAt(minWeight);
  }
  return {features: best, minWeight, pointsIn, pointsOut: best.reduce((s, f) => s + countPoints(f.geometry), 0), arcs, sharedArcs: shared};
}
