// Score tiers (A/B/C) and their lower bounds, for the scorecard legend.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`select tier, min_score, label_zh, label_en from marts.score_tiers order by min_score desc`);
