// Demo City facilities: a fixed roster (who exists when) and seeded year-end snapshots 2015–2025.
import {DISTRICTS, inRing, toLonLat, type Shape} from "./city.ts";
import {FIRST_YEAR, LAST_YEAR} from "./population.ts";
import {makeRng, normal, pick, pickWeighted, randInt, type Rng} from "./rng.ts";

export type FacilityType = "institution" | "community" | "station" | "canteen";
export type Ownership = "public" | "public_private" | "private";

export interface RosterEntry {
  id: string;
  index: number;
  districtIndex: number;
  type: FacilityType;
  ownership: Ownership;
  name: string;
  opened: number;
  /** First year it no longer exists (LAST_YEAR + 1 when still open). */
  closed: number;
  /** How the district is written in the file: name, name without suffix, or alias. */
  districtLabel: string;
  /** Relative size (beds before the yearly scaling). */
  size: number;
}

export interface FacilityRow {
  year: number;
  id: string;
  name: string;
  district: string;
  type: FacilityType;
  ownership: Ownership;
  beds: number;
  nursingBeds: number;
  residents: number;
  star: number | null;
  onPlatform: boolean;
  medical: boolean;
  lon: number;
  lat: number;
}

const PREFIX: Record<FacilityType, string> = {institution: "JG", community: "SQ", station: "ZD", canteen: "ZC"};

/** Beds per 1,000 aged 60+ (institution + community), shaped on the national slide from ~31 (2020) to ~26 (2024). */
export const BEDS_PER_1000: Record<number, number> = {2015: 33.6, 2016: 33.2, 2017: 32.7, 2018: 32.1, 2019: 31.6, 2020: 31.0, 2021: 29.8, 2022: 28.5, 2023: 27.2, 2024: 26.0, 2025: 25.7};
/** Nursing-type share of institution beds: ~48 % (2020) → ~66 % (2024). */
export const NURSING_SHARE: Record<number, number> = {2015: 0.35, 2016: 0.37, 2017: 0.40, 2018: 0.43, 2019: 0.455, 2020: 0.48, 2021: 0.53, 2022: 0.575, 2023: 0.62, 2024: 0.66, 2025: 0.685};
/** Share of beds_total in community centres, growing with the 街道综合养老服务中心 build-out. */
const COMMUNITY_BED_SHARE: Record<number, number> = {2015: 0.08, 2016: 0.09, 2017: 0.10, 2018: 0.11, 2019: 0.12, 2020: 0.14, 2021: 0.16, 2022: 0.18, 2023: 0.20, 2024: 0.21, 2025: 0.22};

const WORDS = ["康乐", "福寿", "颐年", "松鹤", "安康", "金秋", "泰和", "乐龄", "慈恩", "仁爱", "常青", "怡园", "颐和", "康宁", "瑞祥", "鹤年", "福缘", "寿康", "和煦", "晚晴", "益寿", "馨园"];
const STREETS = ["东风", "胜利", "建设", "文化", "和平", "新华", "解放", "青年", "北园", "南门", "西关", "花园", "朝阳", "民主", "长乐", "光明", "振兴", "永安", "兴隆", "书院", "望湖", "双井", "杏园", "槐荫"];
const TOWNS = ["城关", "河口", "白塔", "马桥", "柳林", "龙泉", "石岭", "沙河", "王庄", "李集", "高庄", "黄楼", "张店", "三里", "枣林", "官庄"];
const SUFFIX = ["养老院", "老年公寓", "颐养中心", "护理院", "康养中心"];

function logistic(year: number, mid: number, k = 0.8): number {
  return 1 / (1 + Math.exp(-k * (year - mid)));
}

/** The roster depends only on the fixed city (not on --seed), so row positions in the file are stable. */
export function buildRoster(pop60: number[][]): RosterEntry[] {
  const rng = makeRng(0x0de3c17, 7);
  const roster: RosterEntry[] = [];
  DISTRICTS.forEach((d, di) => {
    const rural = d.profile === "county" || d.profile === "county_city";
    const p15 = pop60[0][di], p25 = pop60[LAST_YEAR - FIRST_YEAR][di];
    const plan: [FacilityType, number, number, number][] = [
      // type, count at 2015, count at 2025, midpoint of the build-out
      ["institution", Math.max(1, Math.round(p15 / 6500)), Math.max(2, Math.round(p15 / 6500 + p25 / 30000)), 2019],
      ["community", Math.max(1, Math.round(p15 / 16000)), Math.max(2, Math.round(p25 / 4500)), 2021],
      ["station", Math.max(1, Math.round(p15 / 3200)), Math.max(3, Math.round(p25 / 1300)), 2020],
      ["canteen", Math.max(1, Math.round(p15 / 9000)), Math.max(3, Math.round(p25 / 1600)), 2022],
    ];
    const usedNames = new Set<string>();
    const unique = (make: () => string) => {
      for (let i = 0; i < 50; i++) {
        const n = make();
        if (!usedNames.has(n)) { usedNames.add(n); return n; }
      }
      const n = make() + usedNames.size;
      usedNames.add(n);
      return n;
    };
    for (const [type, n15, n25, mid] of plan) {
      let seq = 0;
      const g0 = logistic(FIRST_YEAR, mid), g1 = logistic(LAST_YEAR, mid);
      for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        const want = year === FIRST_YEAR ? n15 : Math.round(n15 + ((n25 - n15) * (logistic(year, mid) - g0)) / (g1 - g0));
        let have = roster.filter((r) => r.districtIndex === di && r.type === type && r.opened <= year && r.closed > year).length;
        // closures are made up for by openings in the same year
        for (; have < want; have++) {
          seq++;
          const ownership: Ownership =
            type === "institution"
              ? (["public", "public_private", "private"] as const)[pickWeighted(rng, rural ? [0.55, 0.2, 0.25] : [0.25, 0.25, 0.5])]
              : (["public", "public_private", "private"] as const)[pickWeighted(rng, [0.3, 0.5, 0.2])];
          const street = rural ? pick(rng, TOWNS) + "镇" : pick(rng, STREETS) + "街道";
          const short = d.name.replace(/(区|县|市)$/, "");
          const name = unique(() => {
            switch (type) {
              case "institution":
                if (seq === 1 && ownership !== "private") return `${d.name}社会福利中心`;
                if (rural && ownership === "public") return `${d.name}${pick(rng, TOWNS)}镇敬老院`;
                return `${short}${pick(rng, WORDS)}${pick(rng, SUFFIX)}`;
              case "community":
                return `${street}${rural ? "区域养老服务中心" : "综合养老服务中心"}`;
              case "station":
                return `${pick(rng, STREETS)}${pick(rng, ["社区", "村"])}养老服务站`;
              case "canteen":
                return `${pick(rng, STREETS)}${pick(rng, ["社区长者食堂", "老年助餐点", "幸福食堂"])}`;
            }
          });
          const closeChance = type === "institution" ? (ownership === "private" ? 0.12 : 0) : type === "station" ? 0.1 : type === "canteen" ? 0.12 : 0;
          const closed = rng() < closeChance ? Math.min(LAST_YEAR + 1, randInt(rng, Math.max(year + 2, 2018), LAST_YEAR + 3)) : LAST_YEAR + 1;
          const size =
            type === "institution"
              ? (ownership === "public" && rural ? randInt(rng, 40, 140) : ownership === "private" ? randInt(rng, 30, 360) : randInt(rng, 80, 320))
              : type === "community" ? randInt(rng, 10, 45) : 0;
          const labelRoll = rng();
          const districtLabel = d.kind === "zone" ? (labelRoll < 0.7 ? d.aliases[0] : d.name) : d.kind === "district" && labelRoll < 0.08 ? d.name.replace(/区$/, "") : d.name;
          roster.push({id: `${PREFIX[type]}${d.code}${String(seq).padStart(3, "0")}`, index: roster.length, districtIndex: di, type, ownership, name, opened: year, closed, districtLabel, size});
        }
      }
    }
  });
  return roster;
}

/** The file's rows in order: by year, then facility id. */
export function rowOrder(roster: RosterEntry[]): {year: number; entry: RosterEntry}[] {
  const rows: {year: number; entry: RosterEntry}[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const open = roster.filter((r) => r.opened <= year && r.closed > year).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const entry of open) rows.push({year, entry});
  }
  return rows;
}

function pointIn(rng: Rng, ring: [number, number][]): [number, number] {
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (;;) {
    const p: [number, number] = [x0 + rng() * (x1 - x0), y0 + rng() * (y1 - y0)];
    // stay a little inside the border: points on the edge look like errors on a map
    const inner = (dx: number, dy: number) => inRing(ring, [p[0] + dx, p[1] + dy]);
    if (inner(0, 0) && inner(0.4, 0) && inner(-0.4, 0) && inner(0, 0.4) && inner(0, -0.4)) return p;
  }
}

/** Year-end snapshots for every open facility, scaled so that beds track the national ratios. */
export function facilityRows(roster: RosterEntry[], pop60: number[][], shapes: Shape[], seed: number): FacilityRow[] {
  const traits = roster.map((r) => {
    const rng = makeRng(seed, 0xfac, r.index);
    const occupancyMean = r.type === "institution" ? ({public: 0.5, public_private: 0.45, private: 0.33} as const)[r.ownership] : 0.3;
    const [lon, lat] = toLonLat(pointIn(rng, shapes[r.districtIndex].ringKm));
    const ratedYear = r.type === "institution" && rng() < 0.75 ? randInt(rng, 2019, 2025) : 9999;
    return {
      rng,
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      occupancy: Math.min(0.97, Math.max(0.08, normal(rng, occupancyMean, 0.14))),
      nursingTilt: Math.exp(normal(rng, 0, 0.3)),
      ratedYear,
      star: 1 + pickWeighted(rng, [0.1, 0.25, 0.35, 0.2, 0.1]),
      upgradeYear: rng() < 0.3 ? randInt(rng, 2022, 2026) : 9999,
      platformYear: r.type === "institution" ? randInt(rng, 2016, 2022) : r.type === "community" ? randInt(rng, 2017, 2024) : randInt(rng, 2018, rng() < 0.08 ? 2027 : 2025),
      medical: r.type === "institution" ? rng() < 0.4 : r.type === "community" ? rng() < 0.12 : false,
      growth: 1 + normal(rng, 0, 0.02),
    };
  });
  const rows: FacilityRow[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const y = year - FIRST_YEAR;
    const open = roster.filter((r) => r.opened <= year && r.closed > year).sort((a, b) => (a.id < b.id ? -1 : 1));
    const city60 = pop60[y].reduce((a, b) => a + b, 0);
    const bedsTotal = (BEDS_PER_1000[year] * city60) / 1000;
    const rawSize = (r: RosterEntry) => r.size * Math.pow(traits[r.index].growth, year - r.opened);
    const sum = (t: FacilityType) => open.filter((r) => r.type === t).reduce((a, r) => a + rawSize(r), 0);
    const factor = {
      institution: (bedsTotal * (1 - COMMUNITY_BED_SHARE[year])) / sum("institution"),
      community: (bedsTotal * COMMUNITY_BED_SHARE[year]) / sum("community"),
    };
    const bedsOf = (r: RosterEntry) => (r.type === "institution" || r.type === "community" ? Math.max(r.type === "institution" ? 10 : 4, Math.round(rawSize(r) * factor[r.type])) : 0);
    // find the multiplier that brings the city's nursing share to the year's figure despite the cap at 100 %
    const inst = open.filter((r) => r.type === "institution");
    const nursingFor = (r: RosterEntry, k: number) => Math.round(bedsOf(r) * Math.min(1, NURSING_SHARE[year] * k * traits[r.index].nursingTilt));
    let lo = 0.5, hi = 2;
    const instBeds = inst.reduce((a, r) => a + bedsOf(r), 0);
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      const share = inst.reduce((a, r) => a + nursingFor(r, mid), 0) / instBeds;
      if (share < NURSING_SHARE[year]) lo = mid; else hi = mid;
    }
    for (const r of open) {
      const t = traits[r.index];
      const beds = bedsOf(r);
      const nursingBeds = r.type === "institution" ? nursingFor(r, (lo + hi) / 2) : r.type === "community" ? Math.round(beds * 0.25 * t.rng()) : 0;
      const occupancy = Math.min(1, Math.max(0, t.occupancy + normal(t.rng, 0, 0.04)));
      rows.push({
        year,
        id: r.id,
        name: r.name,
        district: r.districtLabel,
        type: r.type,
        ownership: r.ownership,
        beds,
        nursingBeds,
        residents: Math.round(beds * occupancy),
        star: year >= t.ratedYear ? Math.min(5, t.star + (year >= t.upgradeYear ? 1 : 0)) : null,
        onPlatform: year >= t.platformYear,
        medical: t.medical && year >= Math.max(r.opened, 2017),
        lon: t.lon,
        lat: t.lat,
      });
    }
  }
  return rows;
}
