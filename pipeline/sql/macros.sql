-- Normalizers shared by the load stage's SQL (validate/typed.ts, sql/load/). Temporary: they live in this connection
-- only, never in the warehouse.

-- full-width digits, letters and punctuation to half-width (NFKC is not available in SQL); text without full-width
-- forms (ASCII: strlen = length; else no U+FF01–FF5E or U+3000) skips the slow translate
create or replace temp macro ao_halfwidth(x) as case when strlen(x) = length(x) or not regexp_matches(x, '[\x{FF01}-\x{FF5E}\x{3000}]') then x else translate(x,
  '０１２３４５６７８９，．－＋：／％　ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ（）',
  '0123456789,.-+:/% ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()') end;

-- The fast path the checks use: each cell is trimmed once in a subquery (ao_trim), then tested against the
-- missing-value tokens (ao_tok) and made half-width (ao_tokhw) on that column, never re-trimming per use.
-- (trim with this set of characters is slow; most cells need none, and one regular expression tells which do)
create or replace temp macro ao_trim(x) as case when regexp_matches(x, '^[ \t\n\r\x{3000}\x{a0}\x{feff}]|[ \t\n\r\x{3000}\x{a0}\x{feff}]$')
  then trim(x, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279)) else x end;
-- (a chain of WHENs, not `t in (…)`: DuckDB turns an IN list of ten strings into a join per use, a dozen per row;
-- the WHENs repeat `t`, so these take a column, never an expression)
create or replace temp macro ao_tok(t) as case t when '' then null when '-' then null when '—' then null when '——' then null when '－' then null when '/' then null when '／' then null when '无' then null when '－－' then null when '--' then null else t end;
create or replace temp macro ao_tokhw(t) as case t when '' then null when '-' then null when '—' then null when '——' then null when '－' then null when '/' then null when '／' then null when '无' then null when '－－' then null when '--' then null else ao_halfwidth(t) end;

-- trimmed text, NULL for the contract's missing-value tokens: empty, -, —, /, 无
create or replace temp macro ao_clean(x) as case when ao_trim(x) in ('', '-', '—', '——', '－', '/', '／', '无', '－－', '--') then null else ao_trim(x) end;

-- a comparison key for labels and names: half-width, lower case, no spaces
create or replace temp macro ao_key(x) as lower(replace(ao_halfwidth(ao_clean(x)), ' ', ''));

-- resident ID numbers (GB 11643): normalized form, check character, birth date, sex
create or replace temp macro ao_idnorm(x) as upper(replace(ao_halfwidth(ao_clean(x)), ' ', ''));
create or replace temp macro ao_id_shaped(v) as regexp_full_match(v, '[0-9]{17}[0-9X]');
-- the check character: Σ digit × weight mod 11 indexes '10X98765432' (written out: list lambdas are slow)
create or replace temp macro ao_id_check(v) as substr('10X98765432', ((try_cast(substr(v, 1, 1) as integer) * 7 + try_cast(substr(v, 2, 1) as integer) * 9 + try_cast(substr(v, 3, 1) as integer) * 10 + try_cast(substr(v, 4, 1) as integer) * 5 + try_cast(substr(v, 5, 1) as integer) * 8 + try_cast(substr(v, 6, 1) as integer) * 4 + try_cast(substr(v, 7, 1) as integer) * 2 + try_cast(substr(v, 8, 1) as integer) * 1 + try_cast(substr(v, 9, 1) as integer) * 6 + try_cast(substr(v, 10, 1) as integer) * 3 + try_cast(substr(v, 11, 1) as integer) * 7 + try_cast(substr(v, 12, 1) as integer) * 9 + try_cast(substr(v, 13, 1) as integer) * 10 + try_cast(substr(v, 14, 1) as integer) * 5 + try_cast(substr(v, 15, 1) as integer) * 8 + try_cast(substr(v, 16, 1) as integer) * 4 + try_cast(substr(v, 17, 1) as integer) * 2) % 11) + 1, 1);
-- (a birth date before 1850 or after today is not a real one: NULL, like 19410230)
create or replace temp macro ao_id_birth(v) as case when try_strptime(substr(v, 7, 8), '%Y%m%d')::date between date '1850-01-01' and current_date
  then try_strptime(substr(v, 7, 8), '%Y%m%d')::date end;
create or replace temp macro ao_id_sex(v) as case when cast(substr(v, 17, 1) as integer) % 2 = 1 then 'male' else 'female' end;
create or replace temp macro ao_mask(v) as case when length(v) > 8 then left(v, 6) || repeat('*', length(v) - 8) || right(v, 2) else repeat('*', length(v)) end;

-- The parsers, on text already cleaned and made half-width (x__txt columns: ao_tokhw(ao_trim(cell))), so each
-- cell is normalized once.
-- (a plain number casts as it is; only other text goes through the regular expression)
-- (DuckDB's cast reads "1_000" as 1000: an underscore is not a way of writing numbers in the contract, so not a number)
create or replace temp macro ao_num_n(x) as case when not contains(x, '_') then coalesce(try_cast(x as double), try_cast(regexp_replace(replace(replace(x, ',', ''), ' ', ''), '%$', '') as double)) end;
create or replace temp macro ao_bool_n(x) as case
  when lower(x) in ('yes', 'true', '1', '是', 'y', 't', '有') then true
  when lower(x) in ('no', 'false', '0', '否', 'n', 'f') then false
end;
-- (ISO forms, by far the most common, cast directly: a failed try_strptime per format is slow.) Not Excel serial day
-- numbers: a number is a date only in an XLSX cell typed as a date (read/xlsx.ts writes those as ISO dates); in
-- text, 12345 is a number, not 1933-10-18.
create or replace temp macro ao_ts_n(x) as coalesce(try_cast(x as timestamp),
  try_strptime(x, ['%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M',
    '%Y-%m-%d', '%Y/%m/%d', '%Y.%m.%d', '%Y年%m月%d日', '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y%m%d']));
-- whether a number's separators group digits by three (1,000 · 1 000 · 1,000.5 · 85%), or it has none; 1,5 does not
create or replace temp macro ao_grouped_n(x) as try_cast(x as double) is not null
  or regexp_full_match(x, '[+-]?([0-9]{1,3}([, ][0-9]{3})+|[0-9]*)(\.[0-9]+)? ?%?');
create or replace temp macro ao_band_n(x) as translate(replace(replace(x, '岁', ''), ' ', ''), '~～—–至到', '------');
create or replace temp macro ao_band_lo_n(b) as try_cast(coalesce(
  nullif(regexp_extract(b, '^([0-9]+)$', 1), ''),
  nullif(regexp_extract(b, '^([0-9]+)-([0-9]+)$', 1), ''),
  nullif(regexp_extract(b, '^([0-9]+)(\+|及以上|以上|及更高|或以上)$', 1), '')) as integer);
create or replace temp macro ao_band_hi_n(b) as try_cast(coalesce(
  nullif(regexp_extract(b, '^([0-9]+)$', 1), ''),
  nullif(regexp_extract(b, '^([0-9]+)-([0-9]+)$', 2), '')) as integer);
create or replace temp macro ao_band_open_n(b) as regexp_matches(b, '^([0-9]+)(\+|及以上|以上|及更高|或以上)$');

