// Which indicator values each page loads: one small file per page (src/data/indicators/[page].arrow.ts) instead of
// every page loading every indicator. Read by the loader (in Node, at build time) and by the pages' guard (data.js
// indicatorCodes: a page that asks for an indicator its file does not hold logs an error, which the site tests fail
// on), so a page can never show an empty card for want of a row it was not given.
//
// API
//   PAGE_INDICATORS: {[page]: {groups?, codes?, scored?, all?, columns?}}
//     groups   the registry's groups (pipeline/indicators/registry.ts `group`) whose indicators the page loads
//     codes    single indicators besides
//     scored   also every indicator that can enter the district score (the overview's target matrix)
//     all      every indicator (with `columns`: only those columns, e.g. the methods page counts suppressed cells)
//     columns  the columns of marts.indicator_values_public to load (default: all the pages use)
//   PROFILE_INDICATORS: the key indicators a district profile compares, in order (profile.js)
//   pageIndicatorCodes(page, registry) → the codes the page's file holds; registry: [{code, group, scored}]
// Pure data and functions: no imports, so the Node loader can read it.

export const PROFILE_INDICATORS = [
  "share_60p",
  "share_65p",
  "old_age_dependency",
  "beds_per_1000_60p",
  "nursing_bed_share",
  "occupancy_rate",
  "star3p_share",
  "facility_platform_rate",
  "platform_registration_rate",
  "assessment_coverage",
  "online_order_share",
  "orders_per_1000_60p",
  "special_visit_rate",
  "completion_rate"
];

export const PAGE_INDICATORS = {
  // the overview: its KPI cards, the aging stage, the bed gap and the target matrix of the scored indicators
  overview: {codes: ["share_60p", "share_65p", "pop_60p", "aging_stage", "beds_per_1000_60p", "nursing_bed_share", "occupancy_rate", "bed_gap", "platform_registration_rate", "special_visit_rate"], scored: true},
  aging: {groups: ["aging"]},
  capacity: {groups: ["capacity"]},
  services: {groups: ["services"], codes: ["online_order_share"]},
  informatization: {groups: ["informatization"]},
  // a district profile: its key indicators for every area (it ranks the district among the others)
  profile: {codes: [...PROFILE_INDICATORS, "beds_total"]},
  // the methods page counts the suppressed cells of every indicator
  methods: {all: true, columns: ["indicator", "area_code", "year", "projected", "suppressed"]}
};

export function pageIndicatorCodes(page, registry) {
  const spec = PAGE_INDICATORS[page];
  if (!spec) throw new Error(`no indicator file for page "${page}": add it to PAGE_INDICATORS (src/components/page-indicators.js)`);
  const codes = new Set(spec.codes ?? []);
  for (const r of registry) {
    if (spec.all || (spec.groups ?? []).includes(r.group) || (spec.scored && r.scored)) codes.add(r.code);
  }
  return registry.map((r) => r.code).filter((c) => codes.has(c));
}
