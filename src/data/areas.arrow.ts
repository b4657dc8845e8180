// The city and its districts, city first: codes, names in both languages, display order.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select area_code, name_zh, name_en, kind, is_city, sort_order
  from marts.areas
  order by sort_order, area_code
`);
