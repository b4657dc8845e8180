-- Input: temp table _clean, the checked rows of districts kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/districts.ts. Runs on its own given that table.
-- districts: aliases split on the separators people use (; ； , ， 、)
insert into staging.districts
select code, name, name_en, kind,
  list_filter(list_transform(regexp_split_to_array(coalesce(aliases, ''), '[;；,，、]'), a -> trim(a)), a -> a <> '') as aliases,
  area_km2
from _clean
order by _line;
