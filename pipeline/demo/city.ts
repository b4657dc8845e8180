// 示例市 (Demo City): its districts, outline and Voronoi district shapes. Fictional throughout.
import {Delaunay} from "d3-delaunay";

export type Kind = "district" | "county" | "county_city" | "zone";
/** What drives a unit's demography: old core, growing suburb, shrinking county, county-level city, development zone. */
export type Profile = "core" | "suburb" | "county" | "county_city" | "zone";

export interface District {
  code: string;
  name: string;
  nameEn: string;
  kind: Kind;
  profile: Profile;
  aliases: string[];
  /** Resident population at year-end 2015, persons. */
  pop2015: number;
  /** Age tilt of the 2015 population: > 0 older than the city, < 0 younger. */
  tilt: number;
  /** Site of the Voronoi cell, km east and north of the city centre. */
  site: [number, number];
}

/** Prefecture code 990100 is outside the real GB/T 2260 range; so are all codes below. */
export const CITY_CODE = "990100";
export const CITY_NAME = "示例市";
export const CENTRE: [number, number] = [117.0, 36.6];

export const DISTRICTS: readonly District[] = [
  {code: "990102", name: "青湖区", nameEn: "Qinghu District", kind: "district", profile: "core", aliases: [], pop2015: 165_000, tilt: 0.38, site: [0, 0]},
  {code: "990103", name: "古槐区", nameEn: "Guhuai District", kind: "district", profile: "core", aliases: [], pop2015: 150_000, tilt: 0.42, site: [4.5, 3.5]},
  {code: "990104", name: "明泉区", nameEn: "Mingquan District", kind: "district", profile: "core", aliases: [], pop2015: 135_000, tilt: 0.30, site: [-3.5, 4.5]},
  {code: "990111", name: "西岭区", nameEn: "Xiling District", kind: "district", profile: "suburb", aliases: [], pop2015: 105_000, tilt: -0.30, site: [-14, 0]},
  {code: "990112", name: "南湾区", nameEn: "Nanwan District", kind: "district", profile: "suburb", aliases: [], pop2015: 95_000, tilt: -0.28, site: [3, -14]},
  {code: "990113", name: "东原区", nameEn: "Dongyuan District", kind: "district", profile: "suburb", aliases: [], pop2015: 90_000, tilt: -0.25, site: [15, 4]},
  {code: "990121", name: "苇川县", nameEn: "Weichuan County", kind: "county", profile: "county", aliases: [], pop2015: 80_000, tilt: 0.12, site: [-40, 22]},
  {code: "990122", name: "云台县", nameEn: "Yuntai County", kind: "county", profile: "county", aliases: [], pop2015: 70_000, tilt: 0.16, site: [2, 34]},
  {code: "990123", name: "石桥县", nameEn: "Shiqiao County", kind: "county", profile: "county", aliases: [], pop2015: 85_000, tilt: 0.10, site: [-38, -30]},
  {code: "990124", name: "杏河县", nameEn: "Xinghe County", kind: "county", profile: "county", aliases: [], pop2015: 75_000, tilt: 0.14, site: [42, 26]},
  {code: "990181", name: "安丰市", nameEn: "Anfeng (county-level city)", kind: "county_city", profile: "county_city", aliases: [], pop2015: 120_000, tilt: 0.02, site: [36, -28]},
  {code: "990171", name: "高新技术产业开发区", nameEn: "Hi-tech Industrial Development Zone", kind: "zone", profile: "zone", aliases: ["高新区", "示例高新区"], pop2015: 35_000, tilt: -0.75, site: [-8, -9]},
];

const KM_PER_DEG_LAT = 110.57;
const KM_PER_DEG_LON = 111.32 * Math.cos((CENTRE[1] * Math.PI) / 180);

export function toLonLat([x, y]: [number, number]): [number, number] {
  return [CENTRE[0] + x / KM_PER_DEG_LON, CENTRE[1] + y / KM_PER_DEG_LAT];
}

/** The city outline in km around the centre: a lumpy, fixed blob about 120 km across. */
export function outlineKm(): [number, number][] {
  const ring: [number, number][] = [];
  const n = 96;
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = 56 * (1 + 0.11 * Math.sin(3 * t + 0.5) + 0.07 * Math.cos(5 * t + 1.2) + 0.035 * Math.sin(9 * t + 2.0));
    ring.push([r * Math.cos(t) * 1.1, r * Math.sin(t) * 0.9]);
  }
  return ring; // counter-clockwise
}

function signedArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i], [x2, y2] = ring[(i + 1) % ring.length];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

/** Sutherland–Hodgman: clips any simple ring by a convex counter-clockwise ring. */
function clipByConvex(subject: [number, number][], clip: [number, number][]): [number, number][] {
  let out = subject;
  for (let i = 0; i < clip.length && out.length; i++) {
    const a = clip[i], b = clip[(i + 1) % clip.length];
    const side = (p: [number, number]) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j], q = input[(j + 1) % input.length];
      const sp = side(p), sq = side(q);
      if (sp >= 0) out.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

export interface Shape {
  code: string;
  /** Counter-clockwise ring in km (not closed). */
  ringKm: [number, number][];
  areaKm2: number;
}

/** Voronoi cells of the district sites, clipped to the outline. */
export function districtShapes(): Shape[] {
  const outline = outlineKm();
  const xs = outline.map((p) => p[0]), ys = outline.map((p) => p[1]);
  const bounds: [number, number, number, number] = [Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1];
  const voronoi = Delaunay.from(DISTRICTS.map((d) => d.site)).voronoi(bounds);
  return DISTRICTS.map((d, i) => {
    let cell = (voronoi.cellPolygon(i) as [number, number][]).slice(0, -1);
    if (signedArea(cell) < 0) cell = cell.reverse();
    let ring = clipByConvex(outline, cell);
    if (signedArea(ring) < 0) ring = ring.reverse();
    return {code: d.code, ringKm: ring, areaKm2: Math.abs(signedArea(ring))};
  });
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** GeoJSON FeatureCollection text of the district shapes (WGS84, 5 decimals, RFC 7946 winding). */
export function districtsGeoJson(shapes: Shape[]): string {
  const features = shapes.map((s) => {
    const d = DISTRICTS.find((x) => x.code === s.code)!;
    const ring: [number, number][] = [];
    for (const p of s.ringKm) {
      const [lon, lat] = toLonLat(p);
      const q: [number, number] = [round5(lon), round5(lat)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) ring.push(q);
    }
    ring.push(ring[0]);
    return {
      type: "Feature",
      properties: {code: d.code, name: d.name, name_en: d.nameEn, note: "合成演示数据 synthetic demo shape"},
      geometry: {type: "Polygon", coordinates: [ring]},
    };
  });
  return JSON.stringify({type: "FeatureCollection", name: "示例市区县（合成演示数据）", features}) + "\n";
}

/** Ray-casting point-in-ring test. */
export function inRing(ring: [number, number][], [x, y]: [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
