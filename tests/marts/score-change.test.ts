// The scorecard's headline on changes (src/components/score-change.js) against the published like-for-like figures
// (marts.district_scorecard_public): it names a "most improved" district only where the change is the score's own
// (same items) or covers at least half of this year's items (and then says over how many), and never contradicts
// the direction the trend chart plots between two connected points.
import {beforeAll, describe, expect, it} from "vitest";
// @ts-expect-error a plain browser module without types
import {changeBasis, improvementFinding, MIN_LIKE_SHARE} from "../../src/components/score-change.js";
import {demoRun} from "../harness/index.ts";
import {query} from "../pipeline/helpers.ts";

interface ScoreRow {
  area_code: string;
  year: number;
  score: number;
  rank: number | null;
  score_change: number | null;
  change_items: number | null;
  indicators_scored: number;
  comparable: boolean | null;
}

const row = (area_code: string, score: number, score_change: number | null, change_items: number, indicators_scored: number, comparable: boolean, rank = 1): ScoreRow =>
  ({area_code, year: 2025, score, rank, score_change, change_items, indicators_scored, comparable});

describe("the scorecard headline on changes", () => {
  it("names no 'most improved' district when the like-for-like basis is under half of this year's items (Demo City 2025: 1 of 7)", () => {
    const f = improvementFinding([row("A", 89.6, 8.7, 1, 7, false), row("B", 86.9, -2.9, 1, 7, false, 2)], {year: 2025});
    expect(f.area_code).toBeNull();
    expect(f.zh).not.toMatch(/进步/);
    expect(f.zh).toContain("仅1项");
    expect(f.zh).toContain("不可比");
    expect(f.en).toContain("not comparable");
    expect(MIN_LIKE_SHARE).toBe(0.5);
  });

  it("names the largest change over the same items, or over at least half of them and then says how many", () => {
    const same = improvementFinding([row("A", 80, 2.5, 7, 7, true, 2), row("B", 90, 4.25, 7, 7, true, 1)], {year: 2025});
    expect([same.area_code, same.basis]).toEqual(["B", "same"]);
    expect(same.zh).toBe("B较上年进步最大（+4.3分）");
    const like = improvementFinding([row("A", 80, 3, 4, 7, false), row("B", 70, 1, 4, 7, false, 2)], {year: 2025});
    expect([like.area_code, like.basis]).toEqual(["A", "like"]);
    expect(like.zh).toBe("按两年均计分的4项，A较上年进步最大（+3.0分）");
    expect(like.en).toContain("over the 4 items scored in both years");
  });

  it("does not call a fall an improvement", () => {
    const f = improvementFinding([row("A", 80, -1.2, 7, 7, true), row("B", 70, -3, 7, 7, true, 2)], {year: 2025});
    expect(f.area_code).toBe("A");
    expect(f.zh).toBe("各区县得分均较上年下降，A降幅最小（−1.2分）");
    expect(f.zh).not.toMatch(/进步/);
  });

  it("classifies the basis: same items, at least half like items, or none", () => {
    expect(changeBasis(row("A", 1, 1, 7, 7, true))).toBe("same");
    expect(changeBasis(row("A", 1, 1, 4, 7, false))).toBe("like");
    expect(changeBasis(row("A", 1, 1, 3, 7, false))).toBe("none");
    expect(changeBasis(row("A", 1, null, 0, 7, false))).toBe("none");
  });
});

describe("the headline over Demo City's published scorecard (scale 0.02, as of 2025-10-31)", () => {
  let rows: ScoreRow[];
  beforeAll(async () => {
    const demo = await demoRun();
    rows = (await query<ScoreRow>(demo.warehouse, `
      select area_code, year, score, rank, score_change, change_items, indicators_scored, comparable
      from marts.district_scorecard_public where area_code <> 'CITY' order by year, area_code`)).map((r) => ({
      ...r, year: Number(r.year), score: Number(r.score), rank: r.rank == null ? null : Number(r.rank),
      score_change: r.score_change == null ? null : Number(r.score_change), change_items: r.change_items == null ? null : Number(r.change_items),
      indicators_scored: Number(r.indicators_scored)
    }));
  }, 300_000);

  it("every year's headline names the district with the largest published like-for-like change, and only on a sufficient basis", () => {
    const years = [...new Set(rows.map((r) => r.year))];
    expect(years.length).toBeGreaterThan(1);
    for (const year of years) {
      const those = rows.filter((r) => r.year === year);
      const f = improvementFinding(those, {year});
      const usable = those.filter((r) => r.score_change != null && (r.comparable || (r.change_items ?? 0) * 2 >= r.indicators_scored));
      if (!usable.length) {
        expect(f.area_code, String(year)).toBeNull();
        continue;
      }
      const top = Math.max(...usable.map((r) => r.score_change!));
      const named = those.find((r) => r.area_code === f.area_code)!;
      expect(named.score_change, String(year)).toBe(top);
      expect(f.change).toBe(named.score_change);
      // the figure in the headline is the published change, to one decimal
      expect(f.zh).toContain(Math.abs(top).toFixed(1));
      // the headline's direction agrees with the chart's connected line where it draws one (same items), and a
      // change over other items says its basis
      const before = rows.find((r) => r.year === year - 1 && r.area_code === f.area_code);
      if (named.comparable && before) expect(Math.sign(named.score - before.score), String(year)).toBe(Math.sign(top));
      if (!named.comparable) expect(f.zh).toContain(`按两年均计分的${named.change_items}项`);
    }
  });

  it("2025 (7 items, 1 scored in 2024) is not ranked on change, so no district is 'most improved' beside a falling point", () => {
    const y2025 = rows.filter((r) => r.year === 2025);
    expect(y2025.every((r) => r.comparable === false)).toBe(true);
    const f = improvementFinding(y2025, {year: 2025});
    expect(f.area_code).toBeNull();
    expect(f.zh).not.toMatch(/进步/);
  });
});
