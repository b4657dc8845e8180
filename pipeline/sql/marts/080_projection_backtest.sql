-- Backtests (v2): the latest observed year L projected from earlier years at every horizon the data allow
-- (030: 'backtest_5' from (L − 10, L − 5), 'backtest_10' from (L − 15, L − 10), …), with the same method as the
-- forecast (the city from its own totals, the districts controlled to it), and compared with what was observed in L,
-- per district and for the city, for each aging indicator:
--   pe  = (projected − observed) / observed × 100   (algebraic percentage error: > 0 projects too high)
--   ape = |pe|
create or replace table marts.projection_backtest as
with
bases as (
  select purpose, district_code, format('{},{}', year_from, base_year) as base_years, base_year, target_year, steps, horizon_years
  from marts.projection_bases
  where purpose like 'backtest_%' and status = 'ok'
),
projected_bands as (
  select c.purpose, c.district_code, c.age_lo, c.age_hi, c.population, c.controlled
  from marts.projection_controlled as c
  join bases as b on b.purpose = c.purpose and b.district_code = c.district_code and c.step = b.steps
),
observed_bands as (
  select b.purpose, o.district_code, o.age_lo, o.age_hi, o.population
  from marts.projection_input as o
  join bases as b on b.district_code = o.district_code and b.target_year = o.year
),
-- the age groups of the aging indicators, summed as in the population summary (105)
sums as (
  select
    purpose, district_code, 'projected' as kind, bool_and(controlled) as controlled,
    sum(population) as pop_total,
    sum(population) filter (where age_lo >= 15 and age_hi <= 64) as pop_15_64,
    sum(population) filter (where age_lo >= 60) as pop_60p,
    sum(population) filter (where age_lo >= 65) as pop_65p,
    sum(population) filter (where age_lo >= 80) as pop_80p
  from projected_bands
  group by purpose, district_code
  union all
  select
    purpose, district_code, 'observed', null,
    sum(population),
    sum(population) filter (where age_lo >= 15 and age_hi <= 64),
    sum(population) filter (where age_lo >= 60),
    sum(population) filter (where age_lo >= 65),
    sum(population) filter (where age_lo >= 80)
  from observed_bands
  group by purpose, district_code
),
indicators as (
  select
    purpose, district_code, kind, controlled,
    unnest([
      {'indicator': 'pop_total', 'value': pop_total},
      {'indicator': 'pop_60p', 'value': coalesce(pop_60p, 0)},
      {'indicator': 'pop_65p', 'value': coalesce(pop_65p, 0)},
      {'indicator': 'pop_80p', 'value': coalesce(pop_80p, 0)},
      {'indicator': 'share_60p', 'value': coalesce(pop_60p, 0) / nullif(pop_total, 0) * 100},
      {'indicator': 'share_65p', 'value': coalesce(pop_65p, 0) / nullif(pop_total, 0) * 100},
      {'indicator': 'share_80p_of_60p', 'value': coalesce(pop_80p, 0) / nullif(pop_60p, 0) * 100},
      {'indicator': 'old_age_dependency', 'value': coalesce(pop_65p, 0) / nullif(pop_15_64, 0) * 100}
    ], recursive := true)
  from sums
),
paired as (
  select
    b.district_code, b.base_years, b.target_year, b.horizon_years, p.indicator,
    o.value as observed, p.value as projected, p.controlled
  from bases as b
  join indicators as p on p.purpose = b.purpose and p.district_code = b.district_code and p.kind = 'projected'
  join indicators as o on o.purpose = b.purpose and o.district_code = b.district_code and o.kind = 'observed' and o.indicator = p.indicator
)
select
  district_code::varchar as district_code,
  base_years::varchar as base_years,
  target_year::integer as target_year,
  indicator::varchar as indicator,
  observed::double as observed,
  projected::double as projected,
  round(abs(projected - observed) / nullif(observed, 0) * 100, 10)::double as ape,
  -- v2 columns
  horizon_years::integer as horizon_years,
  round((projected - observed) / nullif(observed, 0) * 100, 10)::double as pe,
  coalesce(controlled, false)::boolean as controlled
from paired
order by horizon_years, district_code = 'CITY', district_code, indicator;

-- Accuracy per area and horizon: MAPE (mean absolute percentage error: precision) and MALPE (mean algebraic
-- percentage error: bias, > 0 = too high), over the backtests of that area and horizon (one target year per horizon,
-- so n = 1 for a district), and over all districts ('DISTRICTS'): the figure the literature reports for counties.
create or replace table marts.projection_accuracy as
with
errors as (
  select district_code as area_code, horizon_years, indicator, ape, pe from marts.projection_backtest
  union all
  select 'DISTRICTS', horizon_years, indicator, ape, pe from marts.projection_backtest where district_code <> 'CITY'
)
select
  area_code::varchar as area_code,
  horizon_years::integer as horizon_years,
  indicator::varchar as indicator,
  count(pe)::integer as n,
  round(avg(ape), 10)::double as mape,
  round(avg(pe), 10)::double as malpe
from errors
group by area_code, horizon_years, indicator
order by horizon_years, area_code = 'DISTRICTS', area_code = 'CITY', area_code, indicator;

-- Empirical prediction intervals (Rayer, Smith & Tayman 2009, from absolute errors): for each aging indicator and
-- each horizon h of the forecast, the 90th percentile of the districts' absolute backtest percentage errors at that
-- horizon (ape_p90). A projected value v then has the interval [v / (1 + ape_p90 / 100), v / (1 − ape_p90 / 100)]:
-- the values the truth could take if v erred by at most the 90th-percentile error, either way. The interval always
-- contains v, and its width is the size of the errors, not their spread between districts: the districts of one city
-- share one backtest, so their signed errors cluster (Demo City: all −2.1 % to −2.6 % at 10 years), and an interval
-- from the 10th–90th percentiles of the signed errors was a 60-bed sliver lying wholly above the projection. The
-- signed percentiles (pe_p10, pe_p90) stay here and the bias is reported as MALPE (marts.projection_accuracy).
-- Horizons between backtested ones are interpolated linearly from an error of 0 at h = 0; horizons past the longest
-- backtest are scaled from it in proportion to h (basis 'extrapolated').
create or replace table marts.projection_intervals as
with
params as (
  select step_years from marts.projection_params
),
measured as (
  select
    indicator,
    horizon_years,
    count(pe) as n,
    quantile_cont(pe, 0.1) as pe_p10,
    quantile_cont(pe, 0.9) as pe_p90,
    quantile_cont(abs(pe), 0.9) as ape_p90
  from marts.projection_backtest
  where district_code <> 'CITY' and pe is not null
  group by indicator, horizon_years
),
anchored as (
  select indicator, 0 as horizon_years, 0 as n, 0.0 as pe_p10, 0.0 as pe_p90, 0.0 as ape_p90 from (select distinct indicator from measured)
  union all
  select * from measured
),
forecast_horizons as (
  select distinct unnest(range(1, greatest(target_year - base_year, steps * step_years) + 1)) as h
  from marts.projection_bases
  where purpose = 'forecast' and status = 'ok' and steps > 0
),
grid as (
  select i.indicator, h.h from (select distinct indicator from measured) as i cross join forecast_horizons as h
),
bracketed as (
  select
    g.indicator,
    g.h,
    lo.horizon_years as h_lo, lo.pe_p10 as p10_lo, lo.pe_p90 as p90_lo, lo.ape_p90 as a90_lo, lo.n as n_lo,
    hi.horizon_years as h_hi, hi.pe_p10 as p10_hi, hi.pe_p90 as p90_hi, hi.ape_p90 as a90_hi, hi.n as n_hi
  from grid as g
  asof left join anchored as lo on lo.indicator = g.indicator and lo.horizon_years <= g.h
  asof left join (select * from anchored order by horizon_years) as hi on hi.indicator = g.indicator and hi.horizon_years >= g.h
),
final as (
  select
    indicator,
    h as horizon_years,
    case
      when h_hi is not null and h_hi = h then p10_hi
      when h_hi is not null then p10_lo + (p10_hi - p10_lo) * (h - h_lo) / (h_hi - h_lo)
      else p10_lo * h / h_lo
    end as pe_p10,
    case
      when h_hi is not null and h_hi = h then p90_hi
      when h_hi is not null then p90_lo + (p90_hi - p90_lo) * (h - h_lo) / (h_hi - h_lo)
      else p90_lo * h / h_lo
    end as pe_p90,
    case
      when h_hi is not null and h_hi = h then a90_hi
      when h_hi is not null then a90_lo + (a90_hi - a90_lo) * (h - h_lo) / (h_hi - h_lo)
      else a90_lo * h / h_lo
    end as ape_p90,
    case when h_hi is null then 'extrapolated' when h_hi = h then 'backtest' else 'interpolated' end as basis,
    case when h_hi = h or h_lo = 0 then n_hi when h_hi is null then n_lo else least(n_lo, n_hi) end as n_errors
  from bracketed
  -- only where a real backtest exists (the 0 anchor alone is no evidence)
  where exists (select 1 from measured as m where m.indicator = bracketed.indicator)
)
select
  indicator::varchar as indicator,
  horizon_years::integer as horizon_years,
  round(pe_p10, 10)::double as pe_p10,
  round(pe_p90, 10)::double as pe_p90,
  round(ape_p90, 10)::double as ape_p90,
  basis::varchar as basis,
  n_errors::integer as n_errors
from final
order by indicator, horizon_years
