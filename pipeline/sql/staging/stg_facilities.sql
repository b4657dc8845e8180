-- Input: temp table _clean, the checked rows of facilities kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/facilities.ts. Runs on its own given that table.
-- facilities: star 0 or empty means unrated; coordinates outside China's extent were warned about and are dropped
insert into staging.facilities
select year::integer, facility_id, name, district_code, type, ownership, beds::integer, nursing_beds::integer,
  residents::integer, coalesce(star, 0)::integer, on_platform, medical,
  case when lon between 73 and 136 and lat between 3 and 54 then lon end as lon,
  case when lon between 73 and 136 and lat between 3 and 54 then lat end as lat
from _clean
order by _line;
