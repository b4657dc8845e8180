// The indicator registry: names, units, decimals, directions, and the city's target in force at the as-of year
// (marts.targets_in_force, the one source of targets) that label every chart.
import {writeArrow} from "./lib/warehouse.ts";
import {registryWithTargetInForce} from "./lib/targets.ts";

await writeArrow(registryWithTargetInForce(`
  select code, sort_order, indicator_group, name_zh, name_en, definition_zh, definition_en,
         unit_zh, unit_en, decimals, direction, target_value, target_direction, target_from_year,
         target_basis_zh, target_basis_en, target_source, record_level, page, period_basis`));
