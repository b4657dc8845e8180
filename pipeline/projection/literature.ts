// What the literature says about the accuracy of small-area (county, tract) population projections, for the methods
// page and docs/census-projection.md, beside the platform's own backtest MAPE / MALPE.
//
// Rule: a figure is quoted only when it was read in the paper's own table, and then with everything needed to compare
// like with like: the table, the sample, the horizon and what the figure measures. A study whose figures could not be
// read says why (`not_quoted_*`) and quotes nothing — a figure quoted unchecked is worse than none. `checkLiterature`
// enforces this (tests/projection/literature.test.ts).

export interface LiteratureFigure {
  measure: "MAPE" | "MALPE";
  /** Percent; MALPE > 0 = projected too high. */
  value: number;
  horizon_years: number;
  /** Where in the paper, e.g. "Table 3". */
  table: string;
  /** The units and years the figure averages over, e.g. "2,971 US counties, launch years 1960 and 1970". */
  sample: string;
  /** What is projected and how, e.g. "total population, linear extrapolation". */
  what: string;
}

export interface LiteratureFinding {
  /** Authors (year), title, journal, volume and pages as far as checked. */
  citation: string;
  /** null: the DOI could not be checked. */
  doi: string | null;
  /** The kind of area studied, for the comparison with districts. */
  geography: "counties" | "census tracts";
  /** The horizons (years) the study reports. */
  horizons: number[];
  scope_zh: string;
  scope_en: string;
  finding_zh: string;
  finding_en: string;
  /** Figures read in the paper's tables; empty when none could be checked. */
  figures: LiteratureFigure[];
  /** Why no figure is quoted (required when `figures` is empty). */
  not_quoted_zh: string | null;
  not_quoted_en: string | null;
}

const NOT_FOUND_ZH = "本次通过资料检索（公开网页与文档库）只找到摘要、目录或表题，未找到论文误差表的数值，无法核对，故不引用数值。";
const NOT_FOUND_EN = "A search of stored public pages and documentation found the abstract, contents or table titles only, not the values of the paper's error tables, so they could not be checked and no figure is quoted.";

export const PROJECTION_LITERATURE: LiteratureFinding[] = [
  {
    citation: "Baker, Swanson & Tayman (2020), The accuracy of Hamilton–Perry population projections for census tracts in the United States, Population Research and Policy Review",
    doi: "10.1007/s11113-020-09601-y",
    geography: "census tracts",
    horizons: [10],
    scope_zh: "美国65,221个人口普查小区，10年期（1990–2000年比值，预测2010年）",
    scope_en: "65,221 US census tracts, 10-year horizon (1990–2000 ratios, 2010 target)",
    finding_zh: "把分年龄性别的预测控制到总人口预测后，MAPE 和 MALPE 都下降；即使控制后，分年龄预测仍偏高。",
    finding_en: "Controlling the age–sex projections to a projected total lowered both MAPE and MALPE; even controlled, the projections by age were biased upward.",
    figures: [],
    not_quoted_zh: `${NOT_FOUND_ZH}此外其对象为普查小区，不是县。`,
    not_quoted_en: `${NOT_FOUND_EN} Its units are census tracts, not counties.`
  },
  {
    citation: "Tayman, Swanson & Baker (2021), Using synthetic adjustments and controlling to improve county population forecasts from the Hamilton–Perry method, Population Research and Policy Review 40, 1355–1383",
    doi: "10.1007/s11113-021-09646-7",
    geography: "counties",
    horizons: [],
    scope_zh: "美国各县",
    scope_en: "US counties nationwide",
    finding_zh: "控制到独立的总人口预测可降低预测误差，对人口不足3万或增长15%以上的县效果最明显。",
    finding_en: "Controlling to an independent total lowered forecast errors, most in counties under 30,000 people or growing by 15 % or more.",
    figures: [],
    not_quoted_zh: NOT_FOUND_ZH,
    not_quoted_en: NOT_FOUND_EN
  },
  {
    citation: "Smith (1987), Tests of forecast accuracy and bias for county population projections, Journal of the American Statistical Association 82(400), 991–1012",
    doi: "10.1080/01621459.1987.10478528",
    geography: "counties",
    horizons: [10, 20],
    scope_zh: "美国2,971个县；三种外推方法，以1950、1960、1970、1980年普查数据做两组10年期和一组20年期预测",
    scope_en: "2,971 US counties; three extrapolation techniques, two sets of 10-year and one set of 20-year projections from the 1950–1980 censuses",
    finding_zh: "按人口规模、增长率和预测期分析误差的大小、方向和分布，指出若干一致的规律，并据此讨论预测的置信区间。",
    finding_en: "Analyses the size, direction and distribution of the errors by size of place, growth rate and length of horizon, notes consistent patterns, and extends the results to confidence intervals for projections.",
    figures: [],
    not_quoted_zh: NOT_FOUND_ZH,
    not_quoted_en: NOT_FOUND_EN
  },
  {
    citation: "Swanson, Tayman & Bryan (2011), MAPE-R: a rescaled measure of accuracy for cross-sectional subnational population forecasts, Journal of Population Research 28, 225–243",
    doi: "10.1007/s12546-011-9054-5",
    geography: "counties",
    horizons: [10],
    scope_zh: "美国各县10年期预测与2000年普查比较",
    scope_en: "10-year population forecasts for US counties compared with the 2000 census",
    finding_zh: "绝对百分比误差分布右偏，MAPE 受少数极端误差影响而偏大；提出重标度的 MAPE-R 作为补充。",
    finding_en: "The distribution of absolute percentage errors is right-skewed, so a few extreme errors inflate the MAPE; proposes the rescaled MAPE-R beside it.",
    figures: [],
    not_quoted_zh: NOT_FOUND_ZH,
    not_quoted_en: NOT_FOUND_EN
  },
  {
    citation: "Rayer, Smith & Tayman (2009), Empirical prediction intervals for county population forecasts, Population Research and Policy Review 28",
    doi: null,
    geography: "counties",
    horizons: [],
    scope_zh: "美国各县，历次普查数据，趋势外推",
    scope_en: "US counties, decennial census data, trend extrapolation",
    finding_zh: "以过去预测误差分布构造的经验预测区间能较好反映预测精度，但难以判断偏高还是偏低——本平台的预测区间即按此法构造。",
    finding_en: "Prediction intervals built from the distribution of past errors describe the precision of forecasts well but say little about whether they run high or low — the method this platform's intervals follow.",
    figures: [],
    not_quoted_zh: NOT_FOUND_ZH,
    not_quoted_en: NOT_FOUND_EN
  }
];

/** Problems with the literature list: a quoted figure without its citation, table, sample, horizon or measure, or a study that quotes nothing without saying why. Empty = fine. */
export function checkLiterature(studies: readonly LiteratureFinding[]): string[] {
  const problems: string[] = [];
  for (const s of studies) {
    const who = s.citation || "(no citation)";
    if (!/^[^()]+\(\d{4}\), \S/.test(s.citation)) problems.push(`${who}: the citation must start "Authors (year), title"`);
    if (s.doi != null && !/^10\.\d{4,}\/\S+$/.test(s.doi)) problems.push(`${who}: malformed DOI ${s.doi}`);
    for (const f of s.figures) {
      const fig = `${who}: ${f.measure} ${f.horizon_years} y`;
      if (f.measure !== "MAPE" && f.measure !== "MALPE") problems.push(`${fig}: measure must be MAPE or MALPE`);
      if (!Number.isFinite(f.value) || (f.measure === "MAPE" && f.value < 0)) problems.push(`${fig}: value ${f.value}`);
      if (!s.horizons.includes(f.horizon_years)) problems.push(`${fig}: horizon not among the study's horizons`);
      for (const key of ["table", "sample", "what"] as const) if (!f[key]?.trim()) problems.push(`${fig}: no ${key}`);
    }
    if (s.figures.length === 0 && !(s.not_quoted_zh?.trim() && s.not_quoted_en?.trim())) problems.push(`${who}: quotes no figure and does not say why`);
    if (s.figures.length > 0 && (s.not_quoted_zh || s.not_quoted_en)) problems.push(`${who}: quotes figures and says it quotes none`);
  }
  return problems;
}

/** One row per quoted figure, each carrying its full citation (what the methods page shows beside the backtest). */
export function literatureFigureRows(studies: readonly LiteratureFinding[] = PROJECTION_LITERATURE) {
  return studies.flatMap((s) => s.figures.map((f) => ({citation: s.citation, doi: s.doi, geography: s.geography, ...f})));
}
