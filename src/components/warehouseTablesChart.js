// Sample chart: tables per warehouse schema, as a horizontal bar chart.
import * as Plot from "npm:@observablehq/plot";
import {pick} from "./i18n.js";

export function warehouseTablesChart(data, {width, lang = "zh"} = {}) {
  return Plot.plot({
    width,
    marginLeft: 80,
    // Counts: label whole numbers only.
    x: {label: pick(lang, {zh: "表数量", en: "Tables"}), grid: true, tickFormat: (d) => (Number.isInteger(d) ? d : "")},
    // The card title names the axis; a rotated CJK label reads badly.
    y: {label: null},
    marks: [
      Plot.barX(data, {x: "tables", y: "schema_name", fill: "var(--theme-foreground-focus)", sort: {y: "-x"}, tip: true}),
      Plot.ruleX([0])
    ]
  });
}
