// Population pyramids per area: the latest observed year and the projection horizon only.
import {writeArrow} from "./lib/warehouse.ts";

await writeArrow(`
  with years as (
    select max(year) filter (where not projected) as observed, max(year) as horizon
    from marts.population_pyramid
  )
  select p.area_code, p.year, p.projected, p.sex, p.age_lo, p.age_hi, round(p.population)::integer as population
  from marts.population_pyramid as p, years
  -- Two pyramids per area keep the file small: now and the horizon (usually 2035).
  where p.year in (years.observed, years.horizon)
    -- the pyramid halves; the 'total' rows are their sum
    and p.sex in ('male', 'female')
  order by p.area_code, p.year, p.sex, p.age_lo
`);
