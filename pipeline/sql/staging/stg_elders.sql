-- Input: temp table _clean, the checked rows of elders kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/elders.ts. Runs on its own given that table.
-- elders: the pseudonym of the ID number (or person id); birth date and sex from a valid ID win over typed ones
insert into staging.elders
select coalesce(id_key, pid_key) as person_key, coalesce(id_birth, birth_date_given) as birth_date,
  coalesce(id_sex, sex_given) as sex, district_code, ability_level::integer, assessed_on, living,
  coalesce(special, 'none') as special, registered_on, died_on
from _clean;
