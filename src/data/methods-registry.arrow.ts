// The indicator registry: code, names, definition, formula, unit, and the city's target in force at the as-of year
// with its basis (marts.targets_in_force, the one source of targets); the group's name in both languages from the
// pipeline's registry (INDICATOR_GROUPS, which also titles docs/indicators.md's sections); the formula in Chinese
// (pipeline/indicators/formulas-zh.ts) as formula_zh.
import {writeArrow} from "./lib/warehouse.ts";
import {registryWithTargetInForce} from "./lib/targets.ts";
import {INDICATOR_GROUPS} from "../../pipeline/indicators/registry.ts";
import {FORMULA_ZH} from "../../pipeline/indicators/formulas-zh.ts";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const formulaZh = `case code ${Object.entries(FORMULA_ZH).map(([code, text]) => `when ${quote(code)} then ${quote(text)}`).join(" ")} else formula end`;
const groupName = (lang: "zh" | "en") =>
  `case indicator_group ${INDICATOR_GROUPS.map((g) => `when ${quote(g.group)} then ${quote(g[lang])}`).join(" ")} else indicator_group end`;

await writeArrow(registryWithTargetInForce(`
  select
    code, sort_order, indicator_group, ${groupName("zh")} as group_zh, ${groupName("en")} as group_en,
    name_zh, name_en, definition_zh, definition_en, formula, ${formulaZh} as formula_zh,
    unit_zh, unit_en, decimals, direction, target_value, target_direction, target_from_year,
    target_basis_zh, target_basis_en, target_source, scored, weight, record_level,
    -- The Arrow writer takes no lists.
    array_to_string(inputs, ', ') as inputs,
    page`));
