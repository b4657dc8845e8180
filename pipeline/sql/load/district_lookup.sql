-- The district lookup every `district` column resolves through (after staging.districts is loaded): code, name,
-- English name, aliases, and the name without its suffix.
create or replace temp table _district_lookup as
with keys as (
  select code, name, ao_key(code) as key from staging.districts
  union select code, name, ao_key(name) from staging.districts
  union select code, name, ao_key(name_en) from staging.districts where name_en is not null
  union select code, name, ao_key(unnest(aliases)) from staging.districts
  -- 历下 = 历下区: a name without its suffix, where that leaves a name
  union select code, name, ao_key(regexp_replace(name, '(自治县|自治旗|新区|区|县|市|旗)$', '')) from staging.districts
    where length(regexp_replace(name, '(自治县|自治旗|新区|区|县|市|旗)$', '')) >= 2)
select key, count(distinct code)::integer as n, list(distinct code order by code) as codes, list(distinct name order by name) as names
from keys where key is not null group by key;
