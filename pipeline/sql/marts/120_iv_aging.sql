-- aging indicators for observed and projected years, from the population summary
create or replace table work.iv_aging as
with
source as (
    select * from marts.population_summary
),

shares as (
    select
        *,
        pop_65p / nullif(pop_total, 0) * 100 as share_65p
    from source
),

cells as (
    select
        area_code,
        year,
        projected,
        unnest([
            {'indicator': 'pop_total', 'value': pop_total, 'numerator': null::double, 'denominator': null::double},
            {'indicator': 'pop_60p', 'value': pop_60p, 'numerator': null::double, 'denominator': null::double},
            {'indicator': 'pop_65p', 'value': pop_65p, 'numerator': null::double, 'denominator': null::double},
            {'indicator': 'pop_80p', 'value': pop_80p, 'numerator': null::double, 'denominator': null::double},
            {'indicator': 'share_60p', 'value': pop_60p / nullif(pop_total, 0) * 100, 'numerator': pop_60p, 'denominator': pop_total},
            {'indicator': 'share_65p', 'value': share_65p, 'numerator': pop_65p, 'denominator': pop_total},
            {'indicator': 'share_80p_of_60p', 'value': pop_80p / nullif(pop_60p, 0) * 100, 'numerator': pop_80p, 'denominator': pop_60p},
            {'indicator': 'old_age_dependency', 'value': pop_65p / nullif(pop_15_64, 0) * 100, 'numerator': pop_65p, 'denominator': pop_15_64},
            -- the conventional thresholds of 7, 14 and 21 % aged 65+
            {'indicator': 'aging_stage', 'value': case
                when share_65p is null then null
                when share_65p >= 21 then 3
                when share_65p >= 14 then 2
                when share_65p >= 7 then 1
                else 0 end::double, 'numerator': null::double, 'denominator': null::double}
        ], recursive := true)
    from shares
),

-- v2: a projected value v carries the empirical prediction interval of its indicator at its horizon (years since the
-- forecast's base year): [v / (1 + ape_p90 / 100), v / (1 − ape_p90 / 100)] (marts.projection_intervals, from the
-- backtests' absolute errors), which contains v; none where the error reaches 100 %
forecast_bases as (
    select district_code as area_code, base_year from marts.projection_bases where purpose = 'forecast' and status = 'ok'
),

horizons as (
    select
        c.*,
        c.year - coalesce(b.base_year, (select max(base_year) from forecast_bases)) as horizon_years
    from cells as c
    left join forecast_bases as b using (area_code)
)

-- population counts are aggregates handed in by the bureau, not record-level: no disclosure count
select
    h.indicator,
    h.area_code,
    h.year,
    cast(h.value as double) as value,
    h.numerator,
    h.denominator,
    h.projected,
    null::double as cell_n,
    case when h.projected and h.horizon_years > 0 and i.ape_p90 < 100 then cast(h.value / (1 + i.ape_p90 / 100) as double) end as pi_lower,
    case when h.projected and h.horizon_years > 0 and i.ape_p90 < 100 then cast(h.value / (1 - i.ape_p90 / 100) as double) end as pi_upper
from horizons as h
left join marts.projection_intervals as i on i.indicator = h.indicator and i.horizon_years = h.horizon_years;
