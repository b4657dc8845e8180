import {checkSql} from "./pipeline/validate/typed.ts";
import {DATASETS} from "./pipeline/datasets/contract.ts";
const d = DATASETS.find((d) => d.name === "elders")!;
const present = new Set(["id_number","birth_date","sex","district","ability_level","assessed_on","living","special","registered_on","died_on"]);
console.log(checkSql(d, present, "2026-11-28").checked);
