// The literature beside the backtest (pipeline/projection/literature.ts): every quoted figure carries its citation,
// table, sample, horizon and measure; a study that quotes nothing says why. The checker is tested on crafted entries.
import {describe, expect, it} from "vitest";
import {checkLiterature, literatureFigureRows, PROJECTION_LITERATURE, type LiteratureFinding} from "../../pipeline/projection/literature.ts";

const study = (over: Partial<LiteratureFinding> = {}): LiteratureFinding => ({
  citation: "Author & Other (2000), A title, A journal 1, 1–2",
  doi: "10.1000/example",
  geography: "counties",
  horizons: [10],
  scope_zh: "范围",
  scope_en: "scope",
  finding_zh: "发现",
  finding_en: "finding",
  figures: [{measure: "MAPE", value: 12.3, horizon_years: 10, table: "Table 2", sample: "100 counties, 1990 launch year", what: "total population, linear"}],
  not_quoted_zh: null,
  not_quoted_en: null,
  ...over
});

describe("projection literature", () => {
  it("the shipped list passes the checker, and each study says what it covers", () => {
    expect(checkLiterature(PROJECTION_LITERATURE)).toEqual([]);
    expect(PROJECTION_LITERATURE.length).toBeGreaterThanOrEqual(2);
    for (const s of PROJECTION_LITERATURE) {
      expect(s.citation).toMatch(/\(\d{4}\)/);
      expect(s.scope_en.length).toBeGreaterThan(0);
      expect(s.scope_zh.length).toBeGreaterThan(0);
    }
  });

  it("every quoted figure's row carries its study's citation", () => {
    const rows = literatureFigureRows();
    const quoted = PROJECTION_LITERATURE.reduce((n, s) => n + s.figures.length, 0);
    expect(rows).toHaveLength(quoted);
    for (const r of rows) {
      const source = PROJECTION_LITERATURE.find((s) => s.figures.some((f) => f.table === r.table && f.horizon_years === r.horizon_years && f.value === r.value));
      expect(r.citation).toBe(source?.citation);
    }
    // crafted: two studies' figures keep their own citations
    const crafted = literatureFigureRows([study(), study({citation: "Other (2010), B", figures: [{...study().figures[0], value: 4}]})]);
    expect(crafted.map((r) => [r.citation, r.value])).toEqual([["Author & Other (2000), A title, A journal 1, 1–2", 12.3], ["Other (2010), B", 4]]);
  });

  it("refuses a figure without table, sample or what, off the study's horizons, or a negative MAPE", () => {
    const f = study().figures[0];
    expect(checkLiterature([study()])).toEqual([]);
    expect(checkLiterature([study({figures: [{...f, table: ""}]})]).join()).toMatch(/no table/);
    expect(checkLiterature([study({figures: [{...f, sample: " "}]})]).join()).toMatch(/no sample/);
    expect(checkLiterature([study({figures: [{...f, what: ""}]})]).join()).toMatch(/no what/);
    expect(checkLiterature([study({figures: [{...f, horizon_years: 5}]})]).join()).toMatch(/horizon/);
    expect(checkLiterature([study({figures: [{...f, value: -1}]})]).join()).toMatch(/value -1/);
    expect(checkLiterature([study({figures: [{...f, measure: "MALPE", value: -1}]})])).toEqual([]);
    expect(checkLiterature([study({citation: "no year here"})]).join()).toMatch(/citation/);
    expect(checkLiterature([study({doi: "doi:abc"})]).join()).toMatch(/DOI/);
  });

  it("a study that quotes nothing must say why, and one that quotes must not say it quotes nothing", () => {
    expect(checkLiterature([study({figures: []})]).join()).toMatch(/does not say why/);
    expect(checkLiterature([study({figures: [], not_quoted_zh: "原因", not_quoted_en: "why"})])).toEqual([]);
    expect(checkLiterature([study({not_quoted_zh: "原因", not_quoted_en: "why"})]).join()).toMatch(/says it quotes none/);
  });
});
