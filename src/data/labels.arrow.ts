// Dataset, column and enum-value labels as the input contract names them (marts.labels), in both languages.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`select kind, dataset, "column", value, zh, en from marts.labels`);
