-- Each distinct ID number as read (_src.id_number) → its keyed hash (ao_hmac) and what the ID tells: status (format,
-- checksum, date, ok). Normalized into a table first: a CTE would be inlined into each of the many uses of v.
-- The identifiers in clear never leave this connection's temp tables.
create or replace temp table _norm as
  select raw_value, ao_idnorm(raw_value) as v from (select distinct id_number as raw_value from _src where id_number is not null);
create or replace temp table _idmap as
  select raw_value, v, ao_hmac(v) as h,
    case when not ao_id_shaped(v) then 'format' when ao_id_check(v) <> right(v, 1) then 'checksum'
         when ao_id_birth(v) is null then 'date' else 'ok' end as status
  from _norm where v is not null;
drop table _norm;
