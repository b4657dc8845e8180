// What a district score's change on last year may be called (marts.district_scorecard rows).
//
// The mart computes score_change over the items scored in both years (change_items of them); `comparable` is true
// when this year's items are last year's. A change over fewer items than the score it sits beside is a like-for-like
// change of those items, not of the score: Demo City 2025 scores 7 items where 2024 scored 1, and 古槐区's +8.7 on
// that one item sits beside its score falling from 91.3 to 89.6. So:
//   changeBasis(row) → "same"  the items are last year's: the change is the score's change
//                      "like"  at least half of this year's items were scored last year too: a like-for-like change,
//                              shown with its number of items
//                      "none"  no change, or one over fewer than half of this year's items: not shown as a change
//   improvementFinding(rows, {lang, names, fmt, year}) → the headline over the district scores' changes; it names a
//     "most improved" district only among changes of basis "same" or "like", and says how many items a "like" basis
//     covers; with none, it says the scores are not comparable with last year's.

/** A like-for-like change counts as a change of the score when it covers at least this share of this year's items. */
export const MIN_LIKE_SHARE = 0.5;

export function changeBasis(row) {
  if (row?.score_change == null) return "none";
  if (row.comparable) return "same";
  const items = Number(row.change_items ?? 0);
  const scored = Number(row.indicators_scored ?? 0);
  return scored > 0 && items >= MIN_LIKE_SHARE * scored ? "like" : "none";
}

const plain = (v) => new Intl.NumberFormat("en-US", {maximumFractionDigits: 1, minimumFractionDigits: 1}).format(v);

/** "+8.7" / "−2.9" / "±0.0": the sign spelt out, a true minus sign. */
export function signed(v, fmt = plain) {
  return `${v > 0 ? "+" : v < 0 ? "−" : "±"}${fmt(Math.abs(v))}`;
}

/**
 * The scorecard's headline on changes. `rows`: one year's district rows (not the city); `names(code)` → the name to
 * use in a headline (the short name); `fmt(v)` → one decimal in the page's language.
 * Returns {zh, en, area_code, change, basis}; area_code is null when no district is named.
 */
export function improvementFinding(rows, {names = (c) => c, fmt = plain, year = null} = {}) {
  const districts = Array.from(rows ?? []).filter((d) => !d.is_city && d.area_code !== "CITY");
  const withChange = districts.filter((d) => d.score_change != null);
  if (!withChange.length) {
    return {zh: `${year ?? "本"}年为首个评分年度，暂无上年对比`, en: `${year ?? "This"} is the first scored year: no change on last year yet`, area_code: null, change: null, basis: "none"};
  }
  const usable = withChange.filter((d) => changeBasis(d) !== "none");
  if (!usable.length) {
    const scored = Math.max(...withChange.map((d) => Number(d.indicators_scored ?? 0)));
    const like = Math.max(...withChange.map((d) => Number(d.change_items ?? 0)));
    return {
      zh: `${year ?? "本"}年计分${scored}项，与上年相同的仅${like}项：综合得分与上年不可比，不比较进退`,
      en: `${year ?? "This year"} scores ${scored} items, only ${like} of them scored last year: scores are not comparable with last year's, so no change is ranked`,
      area_code: null, change: null, basis: "none"
    };
  }
  // the largest change; ties to the better rank, then the lower code
  const best = [...usable].sort((a, b) => b.score_change - a.score_change || (a.rank ?? Infinity) - (b.rank ?? Infinity) || String(a.area_code).localeCompare(String(b.area_code)))[0];
  const name = names(best.area_code);
  const basis = changeBasis(best);
  const value = signed(best.score_change, fmt);
  const items = Number(best.change_items);
  const onZh = basis === "like" ? `按两年均计分的${items}项，` : "";
  const onEn = basis === "like" ? ` over the ${items} items scored in both years` : "";
  let zh, en;
  if (best.score_change > 0) {
    zh = `${onZh}${name}较上年进步最大（${value}分）`;
    en = `${name} improved most on last year (${value} points${onEn})`;
  } else if (best.score_change === 0) {
    zh = `${onZh}各区县得分均未较上年提高，${name}持平`;
    en = `No district's score rose on last year${onEn}; ${name} held level`;
  } else {
    zh = `${onZh}各区县得分均较上年下降，${name}降幅最小（${value}分）`;
    en = `Every district's score fell on last year${onEn}; ${name} fell least (${value} points)`;
  }
  return {zh, en, area_code: best.area_code, change: best.score_change, basis};
}
