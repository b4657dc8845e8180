// Facilities of the latest year with their location, for the facility map.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, facility_id, name, type, district_code, lon, lat, beds, nursing_beds, residents, star, on_platform
  from marts.facility_points
  where is_latest
  order by district_code, type, facility_id
`);
