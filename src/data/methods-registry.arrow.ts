// The indicator registry: code, names, definition, formula, unit, and the city's target in force at the as-of year
// with its basis (marts.targets_in_force, the one source of targets).
import {writeArrow} from "./lib/warehouse.ts";
import {registryWithTargetInForce} from "./lib/targets.ts";

await writeArrow(registryWithTargetInForce(`
  select
    code, sort_order, indicator_group, name_zh, name_en, definition_zh, definition_en, formula,
    unit_zh, unit_en, decimals, direction, target_value, target_direction, target_from_year,
    target_basis_zh, target_basis_en, target_source, scored, weight, record_level,
    -- The Arrow writer takes no lists.
    array_to_string(inputs, ', ') as inputs,
    page`));
