// Facilities, beds and nursing beds by year, area and facility type.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, area_code, type, facilities, beds, nursing_beds, residents, on_platform, rated
  from marts.facilities_by_type
  order by area_code, year, type
`);
