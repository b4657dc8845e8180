-- Where each district's projections start: the forecast from the most recent pair of observed years n apart
-- (t − n, t); the backtests to the latest observed year L at every horizon h = k·n the data allow (k = 1 up to the
-- forecast's number of steps, at least 1), from (L − h − n, L − h): purpose 'backtest_5', 'backtest_10', …;
-- status says why a pair is unusable. v2: the city (district_code 'CITY') is projected too, from its own totals
-- (marts.projection_input), and the district projections are raked to it (065).
create or replace table marts.projection_bases as
with params as (
  select horizon_year, step_years from marts.projection_params
),
observed_years as (
  select
    district_code,
    year,
    bool_and(sex in ('male', 'female')) as has_sexes,
    -- the youngest open band over the sexes: the bands at and above it are folded into one
    min(age_lo) filter (where age_hi is null) as open_lo,
    count(distinct sex) filter (where age_hi is null) = count(distinct sex) as has_open_band,
    -- a closed band must lie inside one 5-year band to be added up into 5-year bands
    bool_and(age_hi is null or age_lo // 5 = age_hi // 5) as fits_5_year_bands
  from marts.projection_input
  group by district_code, year
),
last_years as (
  select district_code, max(year) as last_observed_year
  from observed_years
  group by district_code
),
forecast_pairs as (
  select
    'forecast' as purpose,
    t.district_code,
    t.year - p.step_years as year_from,
    t.year as base_year,
    p.horizon_year as target_year,
    row_number() over (partition by t.district_code order by t.year desc) as recency
  from observed_years as t
  cross join params as p
  join observed_years as e on e.district_code = t.district_code and e.year = t.year - p.step_years
),
forecast_steps as (
  -- the forecast's number of steps, for the longest backtest worth running
  select greatest(1, max(ceil((p.horizon_year - f.base_year) / p.step_years)))::integer as k_max
  from forecast_pairs as f
  cross join params as p
  where f.recency = 1
),
backtest_pairs as (
  select
    'backtest_' || (k * p.step_years) as purpose,
    l.district_code,
    l.last_observed_year - (k + 1) * p.step_years as year_from,
    l.last_observed_year - k * p.step_years as base_year,
    l.last_observed_year as target_year,
    1 as recency
  from last_years as l
  cross join params as p
  cross join (select unnest(range(1, coalesce((select k_max from forecast_steps), 1) + 1)) as k)
),
pairs as (
  select * from forecast_pairs where recency = 1
  union all
  select * from backtest_pairs
),
described as (
  select
    pr.purpose,
    pr.district_code,
    pr.year_from,
    pr.base_year,
    pr.target_year,
    l.last_observed_year,
    p.step_years,
    -- sexes only where both years have them; otherwise both years are projected as totals
    case when a.has_sexes and b.has_sexes then 'sex' else 'total' end as sex_mode,
    least(a.open_lo, b.open_lo) // 5 * 5 as open_age,
    case
      when not (a.fits_5_year_bands and b.fits_5_year_bands) then 'bands_not_5_year'
      when not (a.has_open_band and b.has_open_band) then 'no_open_band'
      -- the child–woman ratio needs 15–49 and the indicators need 60+ as closed bands below the open one
      when least(a.open_lo, b.open_lo) // 5 * 5 < 60 then 'open_band_below_60'
      else 'ok'
    end as status,
    case
      when pr.purpose like 'backtest_%' then (pr.target_year - pr.base_year) // p.step_years
      -- enough steps to reach the horizon (the last step may pass it: the years in between are interpolated)
      when p.horizon_year > l.last_observed_year then ceil((p.horizon_year - pr.base_year) / p.step_years)::integer
      else 0
    end as steps
  from pairs as pr
  cross join params as p
  join last_years as l using (district_code)
  join observed_years as a on a.district_code = pr.district_code and a.year = pr.year_from
  join observed_years as b on b.district_code = pr.district_code and b.year = pr.base_year
)
select
  purpose::varchar as purpose,
  district_code,
  year_from::integer as year_from,
  base_year::integer as base_year,
  target_year::integer as target_year,
  last_observed_year::integer as last_observed_year,
  step_years::integer as step_years,
  steps::integer as steps,
  sex_mode::varchar as sex_mode,
  open_age::integer as open_age,
  status::varchar as status,
  -- years from the base year to the backtest's target (NULL for the forecast)
  (case when purpose like 'backtest_%' then target_year - base_year end)::integer as horizon_years
from described
order by purpose, district_code
