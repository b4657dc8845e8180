-- Each distinct person id as read (_src.person_id) → its keyed hash.
create or replace temp table _pidmap as
  with vals as (select distinct person_id as raw_value from _src where person_id is not null)
  select raw_value, ao_hmac(ao_clean(raw_value)) as h from vals where ao_clean(raw_value) is not null;
