// Facilities of the latest year with their location, for the facility map: the facilities on the books in the latest
// year of the facility data (a facility whose last record is older has closed; counting it gave 44 institutions on the
// capacity page against 40 in facilities_by_type and on the scorecard).
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, facility_id, name, type, district_code, lon, lat, beds, nursing_beds, residents, star, on_platform
  from marts.facility_points
  where year = (select max(year) from marts.facility_points)
  order by district_code, type, facility_id
`);
