-- Each distinct person of an order as read (_src.person) → its keyed hash. An order's person is an ID number
-- (normalized like elders' so the two join) or a person id.
create or replace temp table _norm as
  select raw_value, case when ao_id_shaped(ao_idnorm(raw_value)) then ao_idnorm(raw_value) else ao_clean(raw_value) end as v
  from (select distinct person as raw_value from _src where person is not null);
create or replace temp table _personmap as
  select raw_value, ao_hmac(v) as h,
    case when ao_id_shaped(v) and ao_id_check(v) <> right(v, 1) then 'checksum' else 'ok' end as status,
    ao_mask(v) as masked
  from _norm where v is not null;
drop table _norm;
