// 目标值 targets: the city's or a district's target for an indicator of the registry, by year.
import {sqlFile, YEAR, type Dataset} from "./types.ts";

export const targets: Dataset = {
  name: "targets",
  zh: "目标值",
  fileAliases: ["目标值", "目标"],
  required: false,
  columns: [
    {key: "indicator", zh: ["指标", "指标代码"], type: "text", required: true, note: "指标体系中的指标代码，见 docs/indicators.md / an indicator code, see docs/indicators.md"},
    {key: "scope", zh: ["范围"], type: "scope", required: true, note: "没有目标值的指标使用国家默认值 / indicators without a row use the national defaults"},
    YEAR,
    {key: "target", zh: ["目标值"], type: "number", required: true},
    {key: "direction", zh: ["方向"], type: "enum", required: true, labels: {at_least: ["≥", ">=", "不低于", "至少"], at_most: ["≤", "<=", "不高于", "至多"]}},
    {key: "basis", zh: ["依据"], type: "text"}
  ],
  key: {columns: ["indicator", "scope", "year"], sql: ["indicator", "scope_code", "year"]},
  checks: {reject: [sqlFile(import.meta.url, "targets.unknown-indicator.sql")], rowLocal: true}
};
