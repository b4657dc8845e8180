-- capacity indicators: year-end facility stock, disabled elders, and the bed gaps (also for projected years)
create or replace table work.iv_capacity as
with
params as (
    select cast(value as date) as as_of from meta.params where key = 'as_of'
),

facilities as (
    select * from staging.facilities
),

facility_years as (
    select distinct year from facilities
),

-- each facility counts in its district and in the city
located as (
    select *, district_code as area_code from facilities
    union all
    select *, 'CITY' as area_code from facilities
),

stock as (
    select
        a.area_code,
        y.year,
        -- stations and canteens have no care beds to speak of; the spec counts institutions and community centres
        coalesce(sum(l.beds) filter (where l.type in ('institution', 'community')), 0) as beds_total,
        coalesce(sum(l.beds) filter (where l.type = 'institution'), 0) as institution_beds,
        coalesce(sum(l.nursing_beds) filter (where l.type = 'institution'), 0) as institution_nursing_beds,
        coalesce(sum(l.residents) filter (where l.type = 'institution'), 0) as institution_residents,
        coalesce(sum(l.nursing_beds), 0) as nursing_beds_all,
        count(l.facility_id) as facilities,
        count(l.facility_id) filter (where l.type = 'institution') as institutions,
        count(l.facility_id) filter (where l.type = 'institution' and l.star >= 1) as institutions_rated,
        count(l.facility_id) filter (where l.type = 'institution' and l.star >= 3) as institutions_star3p
    from marts.areas as a
    cross join facility_years as y
    left join located as l on l.area_code = a.area_code and l.year = y.year
    group by a.area_code, y.year
),

with_population as (
    select s.*, p.pop_60p, p.pop_65p, coalesce(p.projected, false) as population_projected
    from stock as s
    left join marts.population_summary as p using (area_code, year)
),

-- the standards the gaps are measured against: the target in force, else the registry default
standards as (
    select
        g.area_code,
        g.year,
        coalesce(b.target, (select target_value from marts.indicator_registry where code = 'beds_per_1000_60p')) as beds_per_1000,
        coalesce(n.target, (select target_value from marts.indicator_registry where code = 'nursing_bed_share')) as nursing_share_pct
    from (select area_code, year from marts.population_summary union select area_code, year from stock) as g
    left join marts.targets_in_force as b on b.indicator = 'beds_per_1000_60p' and b.area_code = g.area_code and b.year = g.year
    left join marts.targets_in_force as n on n.indicator = 'nursing_bed_share' and n.area_code = g.area_code and n.year = g.year
),

-- the prediction intervals of the projected population aged 60+ and 65+ (120), for the figures divided by them
population_intervals as (
    select
        area_code,
        year,
        max(pi_lower) filter (where indicator = 'pop_60p') as p60_lower,
        max(pi_upper) filter (where indicator = 'pop_60p') as p60_upper,
        max(pi_lower) filter (where indicator = 'pop_65p') as p65_lower,
        max(pi_upper) filter (where indicator = 'pop_65p') as p65_upper
    from work.iv_aging
    where projected and pi_lower is not null
    group by area_code, year
),

-- bed gap for every population year from the first stock year on, carrying the latest observed beds forward
area_bed_gap as (
    select
        p.area_code,
        p.year,
        -- no population, no gap (not a gap of 0: greatest() skips nulls)
        -- in whole beds: a district short of 3.2 beds needs 4 (ceil; the round() to 9 places keeps a product such
        -- as 35 × 3000 / 1000 that floating point leaves at 105.00000000000001 from counting one bed too many), so
        -- the city's sum is exactly what the district bars add up to
        case when p.pop_60p is not null then greatest(0, ceil(round(st.beds_per_1000 * p.pop_60p / 1000 - s.beds_total, 9))) end as value,
        p.projected or s.year < p.year as projected,
        -- v2: the gap at the ends of the projected 60+ population's prediction interval; none without one
        -- (greatest() skips nulls: greatest(0, null) is 0, which would publish a 0–0 interval)
        case when i.p60_lower is not null then greatest(0, ceil(round(st.beds_per_1000 * i.p60_lower / 1000 - s.beds_total, 9))) end as pi_lower,
        case when i.p60_upper is not null then greatest(0, ceil(round(st.beds_per_1000 * i.p60_upper / 1000 - s.beds_total, 9))) end as pi_upper
    from marts.population_summary as p
    asof join stock as s on s.area_code = p.area_code and p.year >= s.year
    join standards as st on st.area_code = p.area_code and st.year = p.year
    left join population_intervals as i on i.area_code = p.area_code and i.year = p.year
),

-- The city's gap is the sum of its districts' shortfalls, each against the district's own target in force: beds in a
-- district with a surplus do not house the elders of another, and a planner adding up the district bars gets the city
-- figure. (Computed from city totals at the city target it would net surpluses against shortfalls and apply the city
-- target where a district has its own: Demo City 2025 2,969 against the bars' 2,996, in fractional beds then.) Its interval is the sum of the
-- districts' bounds. No city figure for a year in which a district has none.
district_count as (
    select count(*) as n from marts.areas where area_code <> 'CITY'
),

bed_gap as (
    select * from area_bed_gap where area_code <> 'CITY'
    union all
    select
        'CITY' as area_code,
        year,
        sum(value) as value,
        bool_or(projected) as projected,
        case when count(pi_lower) = count(*) then sum(pi_lower) end as pi_lower,
        case when count(pi_upper) = count(*) then sum(pi_upper) end as pi_upper
    from area_bed_gap
    where area_code <> 'CITY' and value is not null
    group by year
    having count(*) = (select n from district_count)
),

-- the nursing-care bed gap the same way: per district against its target, the city the sum of the districts'
nursing_gap_districts as (
    -- in whole beds, as the bed gap
    select s.area_code, s.year, greatest(0, ceil(round(st.nursing_share_pct / 100 * s.institution_beds - s.institution_nursing_beds, 9))) as value
    from stock as s
    join standards as st using (area_code, year)
    where s.area_code <> 'CITY'
),

nursing_gap as (
    select * from nursing_gap_districts
    union all
    select 'CITY', year, sum(value)
    from nursing_gap_districts
    where value is not null
    group by year
    having count(*) = (select n from district_count)
),

-- elder stock is counted from the year the platform registered its first elder to the as-of year
elder_years as (
    select cast(unnest(generate_series(year(min(registered_on)), (select year(as_of) from params))) as integer) as year
    from staging.elders
),

-- v2 (register figures by year): an elder counts in year y when, at the end of y (the as-of date in the as-of
-- year), they were registered, aged 60 or over and alive, with ability level 2 and above (moderate disability or
-- worse, GB/T 42195-2022). The register keeps only the latest assessment, so the level is today's for every year.
-- Counted as +1 when the elder is both registered and 60 (the later of the two dates) and −1 at death, as running
-- sums (joining every elder to every year does not fit in memory at 8 M elders). No birth date: taken as 60+.
disabled_spans as (
    select
        district_code,
        greatest(registered_on, coalesce(cast(birth_date + interval 60 year as date), registered_on)) as entered_on,
        died_on
    from staging.elders
    where ability_level >= 2 and registered_on is not null
),

disabled_events as (
    select district_code, entered_on as on_date, 1 as delta from disabled_spans
    union all
    -- a death before the elder entered (never counted) cancels the entry on the same day
    select district_code, greatest(died_on, entered_on), -1 from disabled_spans where died_on is not null
),

disabled_deltas as (
    select area_code, cast(year(on_date) as integer) as year, sum(delta) as delta
    from (
        select district_code as area_code, on_date, delta from disabled_events
        union all
        select 'CITY', on_date, delta from disabled_events
    )
    -- events after the as-of date are not known at that date
    where on_date <= (select as_of from params)
    group by all
),

disabled_running as (
    select area_code, year, sum(delta) over (partition by area_code order by year rows between unbounded preceding and current row) as n
    from disabled_deltas
),

disabled as (
    select a.area_code, y.year, coalesce(r.n, 0)::bigint as disabled_elders
    from marts.areas as a
    cross join elder_years as y
    asof left join disabled_running as r on r.area_code = a.area_code and r.year <= y.year
),

cells as (
    select 'beds_total' as indicator, area_code, year, beds_total as value, null as numerator, null as denominator, false as projected, null as cell_n
    from stock
    union all
    select 'beds_per_1000_60p', area_code, year, beds_total / nullif(pop_60p, 0) * 1000, beds_total, pop_60p, population_projected, null
    from with_population
    union all
    select 'beds_per_1000_65p', area_code, year, beds_total / nullif(pop_65p, 0) * 1000, beds_total, pop_65p, population_projected, null
    from with_population
    union all
    select 'nursing_bed_share', area_code, year, institution_nursing_beds / nullif(institution_beds, 0) * 100, institution_nursing_beds, institution_beds, false, null
    from stock
    union all
    select 'occupancy_rate', area_code, year, institution_residents / nullif(institution_beds, 0) * 100, institution_residents, institution_beds, false, null
    from stock
    union all
    select 'facilities_count', area_code, year, facilities, null, null, false, null
    from stock
    union all
    select 'rated_share', area_code, year, institutions_rated / nullif(institutions, 0) * 100, institutions_rated, institutions, false, null
    from stock
    union all
    select 'star3p_share', area_code, year, institutions_star3p / nullif(institutions, 0) * 100, institutions_star3p, institutions, false, null
    from stock
    union all
    select 'disabled_elders', area_code, year, disabled_elders, null, null, false, disabled_elders
    from disabled
    union all
    select 'nursing_bed_pressure', d.area_code, d.year, d.disabled_elders / nullif(s.nursing_beds_all, 0), d.disabled_elders, s.nursing_beds_all, false, d.disabled_elders
    from disabled as d
    join stock as s using (area_code, year)
    union all
    select 'bed_gap', area_code, year, value, null, null, projected, null
    from bed_gap
    union all
    select 'nursing_bed_gap', area_code, year, value, null, null, false, null
    from nursing_gap
),

cell_intervals as (
    select 'bed_gap' as indicator, area_code, year, pi_lower, pi_upper from bed_gap where pi_lower is not null
    union all
    select 'beds_per_1000_60p', w.area_code, w.year, w.beds_total / nullif(i.p60_upper, 0) * 1000, w.beds_total / nullif(i.p60_lower, 0) * 1000
    from with_population as w join population_intervals as i using (area_code, year)
    union all
    select 'beds_per_1000_65p', w.area_code, w.year, w.beds_total / nullif(i.p65_upper, 0) * 1000, w.beds_total / nullif(i.p65_lower, 0) * 1000
    from with_population as w join population_intervals as i using (area_code, year)
)

select
    c.indicator,
    c.area_code,
    cast(c.year as integer) as year,
    cast(c.value as double) as value,
    cast(c.numerator as double) as numerator,
    cast(c.denominator as double) as denominator,
    c.projected,
    cast(c.cell_n as double) as cell_n,
    cast(case when c.projected then i.pi_lower end as double) as pi_lower,
    cast(case when c.projected then i.pi_upper end as double) as pi_upper
from cells as c
left join cell_intervals as i using (indicator, area_code, year);
