// Population by year, area and age band, males and females side by side (observed and projected), for the pyramids.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  select year, area_code, age_lo, age_hi,
         -- whole persons: projected values are fractional, and one row per band (not per sex) keeps the file small
         round(sum(population) filter (where sex = 'male'))::integer as male,
         round(sum(population) filter (where sex = 'female'))::integer as female,
         bool_or(projected) as projected
  from marts.population_pyramid
  where sex in ('male', 'female')
  group by year, area_code, age_lo, age_hi
  order by area_code, year, age_lo
`);
