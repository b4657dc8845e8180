// The indicator registry: code, names, definition, formula, unit, target and its basis.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    code, sort_order, indicator_group, name_zh, name_en, definition_zh, definition_en, formula,
    unit_zh, unit_en, decimals, direction, target_value, target_direction, target_from_year,
    target_basis_zh, target_basis_en, scored, weight, record_level,
    -- The Arrow writer takes no lists.
    array_to_string(inputs, ', ') as inputs,
    page
  from marts.indicator_registry
  order by sort_order
`);
