-- the district scorecard: per-indicator scores against the targets in force, the overall score, rank and tier
create or replace table marts.district_scorecard_items as
with
scored as (
    select code as indicator, weight from marts.indicator_registry where scored and weight > 0
),

-- scored indicators exist only for years with facility, order or elder data; such a year may still be
-- flagged projected when its population denominator is estimated between censuses, and is scored all the same
items as (
    select
        v.area_code,
        v.year,
        v.indicator,
        v.value,
        t.target,
        t.direction as target_direction,
        v.status,
        s.weight,
        case
            when t.direction = 'at_most' then case when v.value <= t.target then 100 else t.target / v.value * 100 end
            else case when v.value >= t.target then 100 else greatest(0, v.value / t.target * 100) end
        end as score
    from marts.indicator_values as v
    join scored as s using (indicator)
    join marts.targets_in_force as t using (indicator, area_code, year)
    join marts.indicator_registry as r on r.code = v.indicator
    left join work.iv_all as c using (indicator, area_code, year)
    where v.value is not null
      -- a record-level figure too small to publish (fewer than k records) is left out of the score: the score
      -- and the other published items would otherwise give it away
      and not coalesce(r.record_level and c.cell_n < (select cast(value as double) from meta.params where key = 'k'), false)
)

select * from items order by year, area_code, indicator;

create or replace table marts.district_scorecard as
with
overall as (
    select
        area_code,
        year,
        round(sum(weight * score) / sum(weight), 8) as score,
        sum(weight * score) as weighted_score_sum,
        sum(weight) as weight_sum,
        cast(count(*) as integer) as indicators_scored
    from marts.district_scorecard_items
    group by area_code, year
),

-- ranked among districts only; the city row is a benchmark
ranked as (
    select
        o.*,
        case when o.area_code <> 'CITY'
            then cast(rank() over (partition by o.year, o.area_code = 'CITY' order by o.score desc) as integer)
        end as rank
    from overall as o
),

changed as (
    select r.*, r.score - p.score as score_change
    from ranked as r
    left join overall as p on p.area_code = r.area_code and p.year = r.year - 1
),

-- the tier is the band with the highest lower bound the score reaches
tiered as (
    select c.*, t.tier
    from changed as c
    asof left join marts.score_tiers as t on c.score >= t.min_score
)

select
    area_code,
    year,
    score,
    weighted_score_sum,
    weight_sum,
    indicators_scored,
    rank,
    score_change,
    tier
from tiered
order by year, area_code = 'CITY' desc, rank;

insert into marts.indicator_values (indicator, area_code, year, value, numerator, denominator, target, status, projected)
select 'district_score', area_code, year, round(score, 8), round(weighted_score_sum, 8), round(weight_sum, 8), null, null, false
from marts.district_scorecard
union all
select 'district_rank', area_code, year, rank, null, null, null, null, false
from marts.district_scorecard
where area_code <> 'CITY';
