// Population by year, area, sex and age band (observed and projected) for the pyramids.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, area_code, sex, age_lo, age_hi,
         -- whole persons: projected values are fractional, and integers keep the file small
         round(population)::integer as population,
         projected
  from marts.population_pyramid
  where sex in ('male', 'female')
  order by area_code, year, sex, age_lo
`);
