// The indicator registry: names, units, decimals, directions and targets that label every chart.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select code, sort_order, indicator_group, name_zh, name_en, definition_zh, definition_en,
         unit_zh, unit_en, decimals, direction, target_value, target_direction, target_from_year,
         target_basis_zh, target_basis_en, record_level, page, period_basis
  from marts.indicator_registry
  order by sort_order
`);
