// The shape of an indicator in the registry: what the pipeline computes, the pages show and the docs explain.

export type IndicatorGroup = "aging" | "capacity" | "services" | "informatization" | "supervision";
export type Direction = "higher_better" | "lower_better" | "neutral";
export type TargetDirection = "at_least" | "at_most";

export interface DefaultTarget {
  value: number;
  direction: TargetDirection;
  /** The target is in force from this year on (and for every later year). */
  from_year: number;
  basis_zh: string;
  basis_en: string;
}

export interface Indicator {
  code: string;
  name_zh: string;
  name_en: string;
  group: IndicatorGroup;
  definition_zh: string;
  definition_en: string;
  /** The formula in words, as in the spec. */
  formula: string;
  unit_zh: string;
  unit_en: string;
  decimals: number;
  direction: Direction;
  /** A national default target, only where a policy document sets one. */
  target?: DefaultTarget;
  /** Counts in the district scorecard when a target is in force. */
  scored: boolean;
  /** Derived from elders or service orders: subject to disclosure control. */
  record_level: boolean;
  /** Indicators this one is composed of; a composite is hidden where any input is hidden. */
  inputs?: string[];
  /**
   * v2 periods: "flow" (counted over the months the data cover: a partial year is compared with the same months of
   * the year before), "stock" (a value at the year-end, or at the as-of date in a partial year, compared with the
   * previous year-end); absent: population figures, as given for the year.
   */
  period_basis?: "flow" | "stock";
  /** The site page that shows it. */
  page: string;
}

export interface ScoreTier {
  tier: string;
  /** Inclusive lower bound of the overall score (0–100). */
  min_score: number;
  label_zh: string;
  label_en: string;
}

export interface OutlierRule {
  rule: string;
  threshold: number;
  description_zh: string;
  description_en: string;
}
