// The indicator values one page shows (observed and projected, city and districts): /data/indicators/<page>.arrow,
// the page's part of marts.indicator_values_public (which indicators: PAGE_INDICATORS in
// src/components/page-indicators.js). The codes it holds go with it (the schema's metadata `codes`), so the page can
// tell an indicator it was not given from one with no values (data.js indicatorCodes).
import {parseArgs} from "node:util";
import {INDICATORS} from "../../../pipeline/indicators/registry.ts";
import {PAGE_INDICATORS, pageIndicatorCodes} from "../../components/page-indicators.js";
import {writeArrow} from "../lib/warehouse.ts";

const COLUMNS = [
  "indicator", "area_code", "year", "value", "target", "status", "projected", "suppressed",
  // v2: the period a value covers, what it is compared with (computed in the marts), and projection intervals
  "period", "months", "period_end", "prior_value", "prior_period_end", "change", "change_pct", "pi_lower", "pi_upper"
];

const {values} = parseArgs({options: {page: {type: "string"}}});
const page = values.page ?? "";
// (the supervision scores belong to the supervision pages, which load their own marts)
const codes = pageIndicatorCodes(page, INDICATORS).filter((c) => c !== "district_score" && c !== "district_rank");
const columns = PAGE_INDICATORS[page]?.columns ?? COLUMNS;
// (registry codes: lower-case words, safe to write into the query)
if (!codes.every((c) => /^[a-z0-9_]+$/.test(c))) throw new Error(`indicator codes: ${codes.join(", ")}`);
await writeArrow(
  `select ${columns.join(", ")}
  from marts.indicator_values_public
  where indicator in (${codes.map((c) => `'${c}'`).join(", ") || "null"})
  order by indicator, area_code, year`,
  undefined,
  {codes: JSON.stringify(codes)}
);
