-- Input: temp table _clean, the checked rows of population kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/population.ts. Runs on its own given that table.
-- population: a single year is a band of one year; an open band has no upper bound
insert into staging.population
select year::integer, district_code, sex, age_lo, case when age_open then null else age_hi end as age_hi, population
from _clean
order by _line;
