// What the literature says about Hamilton–Perry accuracy, for the methods page and docs/census-projection.md.
// Only what was checked is stated: the figures of the papers' error tables are left null until someone with the
// papers adds them (a figure quoted unchecked is worse than none).

export interface LiteratureFinding {
  citation: string;
  doi: string;
  scope_zh: string;
  scope_en: string;
  finding_zh: string;
  finding_en: string;
  /** MAPE / MALPE (%) by horizon in years, where checked against the paper; null = not checked. */
  mape: Record<number, number> | null;
  malpe: Record<number, number> | null;
}

export const PROJECTION_LITERATURE: LiteratureFinding[] = [
  {
    citation: "Baker, Swanson & Tayman (2020), The accuracy of Hamilton–Perry population projections for census tracts in the United States, Population Research and Policy Review",
    doi: "10.1007/s11113-020-09601-y",
    scope_zh: "美国65,221个人口普查小区，10年期（1990–2000年比值，预测2010年）",
    scope_en: "65,221 US census tracts, 10-year horizon (1990–2000 ratios, 2010 target)",
    finding_zh: "把分年龄性别的预测控制到总人口预测后，MAPE 和 MALPE 都下降；即使控制后，分年龄预测仍偏高。",
    finding_en: "Controlling the age–sex projections to a projected total lowered both MAPE and MALPE; even controlled, the projections by age were biased upward.",
    mape: null,
    malpe: null
  },
  {
    citation: "Tayman, Swanson & Baker (2021), Using synthetic adjustments and controlling to improve county population forecasts from the Hamilton–Perry method, Population Research and Policy Review 40, 1355–1383",
    doi: "10.1007/s11113-021-09646-7",
    scope_zh: "美国各县",
    scope_en: "US counties nationwide",
    finding_zh: "控制到独立的总人口预测可降低预测误差，对人口不足3万或增长15%以上的县效果最明显。",
    finding_en: "Controlling to an independent total lowered forecast errors, most in counties under 30,000 people or growing by 15 % or more.",
    mape: null,
    malpe: null
  }
];
