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
)

-- population counts are aggregates handed in by the bureau, not record-level: no disclosure count
select indicator, area_code, year, cast(value as double) as value, numerator, denominator, projected, null::double as cell_n
from cells;
