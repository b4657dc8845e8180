-- the district scorecard: per-indicator scores against the targets in force, the overall score, rank and tier.
-- The warehouse's scorecard scores every item on its true value; the public scorecard (236) scores the published
-- item values only, through the same macro.

-- Overall score, items, rank, change and tier from a table of item scores (area_code, year, indicator, score, weight,
-- scored). The items scored are recorded per area and year; the change on the year before is computed over the items
-- scored in both years, and marked not comparable when the items differ (spec v2 Supervision).
create or replace temp macro scorecard_from(items_table) as table
with
items as (
    select * from query_table(items_table)
),

overall as (
    select
        area_code,
        year,
        round(sum(weight * score) filter (where scored) / sum(weight) filter (where scored), 8) as score,
        sum(weight * score) filter (where scored) as weighted_score_sum,
        sum(weight) filter (where scored) as weight_sum,
        cast(count(*) filter (where scored) as integer) as indicators_scored,
        cast(count(*) as integer) as indicators_total,
        coalesce(list_sort(list(indicator) filter (where scored)), []::varchar[]) as items
    from items
    group by area_code, year
),

-- like with like: the two years' scores over the items scored in both
common as (
    select
        c.area_code,
        c.year,
        round(sum(c.weight * c.score) / sum(c.weight) - sum(p.weight * p.score) / sum(p.weight), 8) as score_change,
        cast(count(*) as integer) as change_items
    from items as c
    join items as p on p.area_code = c.area_code and p.year = c.year - 1 and p.indicator = c.indicator
    where c.scored and p.scored
    group by c.area_code, c.year
),

-- ranked among districts only; the city row is a benchmark
ranked as (
    select
        o.*,
        case when o.area_code <> 'CITY' and o.score is not null
            then cast(rank() over (partition by o.year, o.area_code = 'CITY', o.score is null order by o.score desc) as integer)
        end as rank
    from overall as o
),

changed as (
    select
        r.*,
        c.score_change,
        c.change_items,
        -- the same items as the year before: the two scores can be drawn as one line
        p.items is not null and p.items = r.items as comparable
    from ranked as r
    left join overall as p on p.area_code = r.area_code and p.year = r.year - 1
    left join common as c on c.area_code = r.area_code and c.year = r.year
),

-- the tier is the band with the highest lower bound the score reaches, as published: to one decimal (89.95 shows as
-- 90.0 and is tier A under "A ≥ 90", never a B beside a 90.0)
tiered as (
    select c.*, t.tier
    from changed as c
    -- no item published: no score, no tier
    asof left join marts.score_tiers as t on round(c.score, 1) >= t.min_score
)

select
    area_code,
    year,
    score,
    weighted_score_sum,
    weight_sum,
    indicators_scored,
    indicators_total,
    items,
    rank,
    score_change,
    change_items,
    comparable,
    tier
from tiered
order by year, area_code = 'CITY' desc, rank, area_code;

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
    where v.value is not null
)

select * from items order by year, area_code, indicator;

create or replace temp view score_items_true as
select area_code, year, indicator, score, weight, true as scored from marts.district_scorecard_items;

create or replace table marts.district_scorecard as
select * from scorecard_from('score_items_true');

insert into marts.indicator_values (indicator, area_code, year, value, numerator, denominator, target, status, projected)
select 'district_score', area_code, year, round(score, 8), round(weighted_score_sum, 8), round(weight_sum, 8), null, null, false
from marts.district_scorecard
union all
select 'district_rank', area_code, year, rank, null, null, null, null, false
from marts.district_scorecard
where area_code <> 'CITY';
