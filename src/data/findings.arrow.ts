// Findings the pages and slides state (marts.findings): per indicator in its latest observed year, districts
// meeting or missing their target and the highest and lowest district.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select indicator, year, districts, districts_met, districts_not_met, target, highest_area, highest_value, lowest_area, lowest_value
  from marts.findings
  order by indicator`);
