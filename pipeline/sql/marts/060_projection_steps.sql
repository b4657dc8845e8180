-- The projection in steps of n years from the base year t (step 0 = t as observed, in 5-year bands):
--   band x ≥ n:   P(x, t + n) = CCR(x) · P(x − n, t)
--   open band A+: P(A+, t + n) = CCR_open · (P(A − n .. A − 1, t) + P(A+, t))
--   bands < n:    P(x, t + n) = CWR(x) · projected women 15–49 at t + n
create or replace table marts.projection_steps as
with recursive
bases as (
  select purpose, district_code, base_year, step_years, steps, sex_mode,
    open_age // 5 as open_band, step_years // 5 as shift
  from marts.projection_bases
  where status = 'ok' and steps > 0
),
ratios as (
  select purpose, district_code, sex, band, ratio
  from marts.projection_ratios
),
steps(purpose, district_code, sex, band, step, year, population) as (
  select bb.purpose, bb.district_code, bb.sex, bb.band, 0, bb.year, bb.population
  from marts.projection_base_bands as bb
  join bases as b on b.purpose = bb.purpose and b.district_code = bb.district_code and b.base_year = bb.year
  union all
  select
    s.purpose,
    s.district_code,
    s.sex,
    s.band,
    s.step + 1,
    s.year + b.step_years,
    case
      -- the women aged 15–49 at t + n are bands 3..9 then, projected from bands 3 − shift .. 9 − shift now
      when s.band < b.shift then r.ratio * sum(
        case when (s.sex = 'female' or b.sex_mode = 'total') and s.band + b.shift between 3 and 9
          then nxt.ratio * s.population else 0 end
      ) over (partition by s.purpose, s.district_code)
      -- the open band is the last band, so this is bands open − shift .. open
      when s.band = b.open_band then r.ratio * sum(
        case when s.band >= b.open_band - b.shift then s.population else 0 end
      ) over (partition by s.purpose, s.district_code, s.sex)
      else r.ratio * lag(s.population, b.shift) over (partition by s.purpose, s.district_code, s.sex order by s.band)
    end
  from steps as s
  join bases as b on b.purpose = s.purpose and b.district_code = s.district_code
  join ratios as r on r.purpose = s.purpose and r.district_code = s.district_code and r.sex = s.sex and r.band = s.band
  left join ratios as nxt
    on nxt.purpose = s.purpose and nxt.district_code = s.district_code and nxt.sex = s.sex and nxt.band = s.band + b.shift
  where s.step < b.steps
),
final as (
  select
    s.purpose,
    s.district_code,
    s.sex,
    s.step::integer as step,
    s.year::integer as year,
    s.band::integer as band,
    (s.band * 5)::integer as age_lo,
    (case when s.band = b.open_band then null else s.band * 5 + 4 end)::integer as age_hi,
    s.population::double as population
  from steps as s
  join bases as b on b.purpose = s.purpose and b.district_code = s.district_code
)
select * from final
order by purpose, district_code, sex, step, band
