// Helpers for the init-city tests: run the commands, write minimal inputs, and check that borders stay shared.
import {spawn} from "node:child_process";
import {writeFile} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import * as d3 from "d3";
import type {Feature, FeatureCollection, MultiPolygon} from "geojson";
import {feature, merge} from "topojson-client";
import {topology} from "topojson-server";
import {presimplify, simplify, sphericalTriangleArea} from "topojson-simplify";
import type {GeometryCollection, Topology} from "topojson-specification";
import {bundled} from "../harness/index.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/**
 * Run a TypeScript entry point (with its arguments) in node: bundled once per test run (tests/harness `bundled`), so
 * a start costs no tsx loader; one process, not the `tsx` command's two.
 */
export async function runTsx([entry, ...args]: string[], env: NodeJS.ProcessEnv = {}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const command = await bundled(entry!);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: "1", ...env}, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({code, stdout, stderr}));
  });
}

export const BANDS = ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+"];

/**
 * A uniform population (every band of every district) and one facility per district: about the least the
 * pipeline accepts (a required file with a header and no rows is refused).
 */
export async function writeMinimalInputs(dir: string, codes: string[], year = 2024): Promise<void> {
  const rows = codes.flatMap((code) => BANDS.map((band, i) => `${year},${code},total,${band},${1000 + i * 10}`));
  await writeFile(path.join(dir, "population.csv"), `year,district,sex,age,population\n${rows.join("\n")}\n`);
  const facilities = codes.map((code, i) => `${year},F${String(i + 1).padStart(3, "0")},养老院${i + 1},${code},institution,public,${100 + i * 10},50,60,0,yes,,,`);
  await writeFile(path.join(dir, "facilities.csv"), `year,facility_id,name,district,type,ownership,beds,nursing_beds,residents,star,on_platform,medical,lon,lat\n${facilities.join("\n")}\n`);
}

export type Unit = Feature<MultiPolygon, {code: string; name: string}>;

/** d3-geo winds exterior rings clockwise, RFC 7946 counter-clockwise: reverse every ring. */
export function toD3(f: Unit): Unit {
  return {...f, geometry: {type: "MultiPolygon", coordinates: f.geometry.coordinates.map((p) => p.map((r) => r.slice().reverse()))}};
}

const units = (fc: FeatureCollection) => fc.features as Unit[];

export interface BorderReport {
  /** Arcs of a topology built from the file that two units use: borders stored identically on both sides. */
  sharedArcs: number;
  sumArea: number;
  unionArea: number;
  /** Polygons and holes of the merged city outline (a gap between neighbours shows up as extra holes). */
  unionPolygons: number;
  unionHoles: number;
  /** Grid points inside the city covered by no unit (gaps) or by two or more (overlaps). */
  samples: number;
  gaps: number;
  overlaps: number;
}

/** The shared-border checks, from the written GeoJSON alone. */
export function borderReport(fc: FeatureCollection, grid = 80): BorderReport {
  const d3Units = units(fc).map(toD3);
  const topo = topology({u: {type: "FeatureCollection", features: d3Units} as FeatureCollection}) as unknown as Topology;
  const geoms = (topo.objects.u as GeometryCollection).geometries;
  const users = new Map<number, Set<number>>();
  const walk = (arcs: unknown, owner: number) => {
    for (const a of arcs as unknown[]) {
      if (Array.isArray(a)) walk(a, owner);
      else {
        const i = (a as number) < 0 ? ~(a as number) : (a as number);
        users.set(i, (users.get(i) ?? new Set()).add(owner));
      }
    }
  };
  geoms.forEach((g, i) => walk((g as {arcs: unknown}).arcs, i));
  const union = merge(topo, geoms as never) as MultiPolygon;
  const area = (g: MultiPolygon) => d3.sum(g.coordinates, (p) => d3.geoArea({type: "Polygon", coordinates: p}));
  const [[x0, y0], [x1, y1]] = d3.geoBounds({type: "FeatureCollection", features: d3Units});
  let samples = 0;
  let gaps = 0;
  let overlaps = 0;
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      // Off-lattice offsets, so no sample sits exactly on a vertex or border.
      const p: [number, number] = [x0 + ((i + 0.5123) / grid) * (x1 - x0), y0 + ((j + 0.4871) / grid) * (y1 - y0)];
      if (!d3.geoContains(union, p)) continue;
      samples++;
      const n = d3Units.filter((u) => d3.geoContains(u, p)).length;
      if (n === 0) gaps++;
      else if (n > 1) overlaps++;
    }
  }
  return {
    sharedArcs: [...users.values()].filter((s) => s.size > 1).length,
    sumArea: d3.sum(d3Units, (u) => area(u.geometry)),
    unionArea: area(union),
    unionPolygons: union.coordinates.length,
    unionHoles: d3.sum(union.coordinates, (p) => p.length - 1),
    samples,
    gaps,
    overlaps
  };
}

/** The wrong way, for contrast: each unit simplified on its own (by the same weight), so neighbours drift apart. */
export function perPolygonSimplified(fc: FeatureCollection, minWeight: number): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: units(fc).map((u) => {
      const t = presimplify(topology({one: {type: "FeatureCollection", features: [u]} as FeatureCollection}) as never, sphericalTriangleArea);
      // Per-unit topology: every ring is one closed arc, so the ring's own first point is the only one kept for sure.
      const s = simplify(t, minWeight);
      const out = feature(s, (s.objects as Record<string, GeometryCollection>).one) as unknown as FeatureCollection<MultiPolygon>;
      return {...u, geometry: {type: "MultiPolygon", coordinates: out.features.flatMap((f) => (f.geometry.type === "MultiPolygon" ? f.geometry.coordinates : [(f.geometry as unknown as {coordinates: number[][][]}).coordinates])).map((p) => p.filter((r) => r.length >= 4)).filter((p) => p.length)}};
    })
  };
}
