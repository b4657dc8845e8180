// Institutions under supervision: stars, occupancy, platform connection, nursing share and flags.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select
    p.year,
    p.facility_id,
    p.name,
    p.district_code,
    a.name_zh as district_zh,
    a.name_en as district_en,
    p.ownership,
    p.beds,
    p.nursing_beds,
    p.residents,
    p.star,
    p.on_platform,
    p.occupancy_pct,
    p.nursing_share_pct,
    p.first_year,
    -- The Arrow writer takes no lists: rule codes joined by ';' (empty when none).
    array_to_string(p.flags, ';') as flags,
    p.flag_count
  from marts.provider_supervision as p
  left join marts.areas as a on a.area_code = p.district_code
  order by p.year, p.flag_count desc, p.district_code, p.facility_id
`);
