-- Hamilton–Perry ratios per (district, sex, band), held constant over the projection:
--   ccr       CCR(x) = P(x, t) / P(x − n, t − n)
--   ccr_open  P(A+, t) / (P(A − n .. A − 1, t − n) + P(A+, t − n))
--   cwr       bands under n: P(band, sex, t) / P(women 15–49, t), persons 15–49 where only totals exist
-- A zero denominator gives CCR 1 (the cohort is carried forward unchanged) and CWR 0.
create or replace table marts.projection_ratios as
with bases as (
  select purpose, district_code, year_from, base_year, sex_mode, open_age // 5 as open_band, step_years // 5 as shift
  from marts.projection_bases
  where status = 'ok'
),
base_bands as (
  select bb.*, b.year_from, b.base_year, b.sex_mode, b.open_band, b.shift
  from marts.projection_base_bands as bb
  join bases as b using (purpose, district_code)
),
now as (
  select * from base_bands where year = base_year
),
earlier as (
  select * from base_bands where year = year_from
),
women_15_49 as (
  -- bands 3..9 are ages 15–49; the sex split of the children comes with each sex's own ratio
  select purpose, district_code, sum(population) as population
  from now
  where band between 3 and 9 and (sex = 'female' or sex_mode = 'total')
  group by purpose, district_code
),
cohorts as (
  -- the earlier bands each band of t grew out of: band − shift, and for the open band everything from there up
  select
    n.purpose, n.district_code, n.sex, n.band,
    sum(e.population) as population
  from now as n
  join earlier as e
    on e.purpose = n.purpose and e.district_code = n.district_code and e.sex = n.sex
   and e.band between n.band - n.shift and (case when n.band = n.open_band then n.open_band else n.band - n.shift end)
  where n.band >= n.shift
  group by n.purpose, n.district_code, n.sex, n.band
),
ratios as (
  select
    n.purpose,
    n.district_code,
    n.sex,
    n.band,
    case when n.band < n.shift then 'cwr' when n.band = n.open_band then 'ccr_open' else 'ccr' end as ratio_kind,
    n.population as numerator,
    case when n.band < n.shift then w.population else c.population end as denominator,
    n.open_band
  from now as n
  left join women_15_49 as w using (purpose, district_code)
  left join cohorts as c using (purpose, district_code, sex, band)
),
final as (
  select
    purpose,
    district_code,
    sex,
    band::integer as band,
    (band * 5)::integer as age_lo,
    (case when band = open_band then null else band * 5 + 4 end)::integer as age_hi,
    ratio_kind::varchar as ratio_kind,
    numerator::double as numerator,
    coalesce(denominator, 0)::double as denominator,
    (case
      when coalesce(denominator, 0) > 0 then numerator / denominator
      when ratio_kind = 'cwr' then 0
      else 1
    end)::double as ratio
  from ratios
)
select * from final
order by purpose, district_code, sex, band
