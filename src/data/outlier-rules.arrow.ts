// The rules that flag institutions under supervision, with their thresholds.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`select rule, threshold, description_zh, description_en from marts.outlier_rules order by rule`);
