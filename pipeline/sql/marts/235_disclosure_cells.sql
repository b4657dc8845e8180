-- Disclosure control as one model (spec v2 "Disclosure control"): every count the public tables publish is a cell
-- here, with the linear relations its published neighbours satisfy declared beside it. One routine
-- (pipeline/disclosure/protect.ts) then chooses the hidden cells for all public tables at once, an LP audit
-- (pipeline/disclosure/audit.ts) checks that no hidden cell can be narrowed below k, and 236–241 publish
-- from work.dc_hidden.
--
-- work.dc_cells    one row per published count or amount: family, kind (count | amount), true value, primary flag
-- work.dc_members  cells published as one row (a rate with its numerator and denominator): hidden together
-- work.dc_terms    the relations: Σ coef · cell = 0 (op 'eq') or ≤ 0 (op 'le'); role 'total' or 'part'. Complementary
--                  suppression protects every relation with a total (an inequality with a total, like persons served
--                  in the city against its districts, as if it were an equation); the audit uses them all.

-- Which count each record-level indicator publishes, and where (value, numerator, denominator). One count can
-- appear in several indicators (completed orders are orders_completed, the numerator of the completion rate and
-- of orders per 1,000, the denominator of the online share): it is one cell.
create or replace table work.dc_iv_parts as
select * from (values
    ('orders_completed', 'value', 'completed', 'count'),
    ('orders_per_1000_60p', 'numerator', 'completed', 'count'),
    ('completion_rate', 'numerator', 'completed', 'count'),
    ('completion_rate', 'denominator', 'closed', 'count'),
    ('online_order_share', 'numerator', 'online', 'count'),
    ('online_order_share', 'denominator', 'completed', 'count'),
    ('served_elders', 'value', 'served', 'count'),
    ('meal_orders', 'value', 'meal', 'count'),
    ('avg_rating', 'numerator', 'rating_sum', 'amount'),
    ('avg_rating', 'denominator', 'rated', 'count'),
    ('subsidy_total', 'value', 'subsidy', 'amount'),
    ('special_visit_rate', 'numerator', 'visited_pm', 'count'),
    ('special_visit_rate', 'denominator', 'special_pm', 'count'),
    ('disabled_elders', 'value', 'disabled', 'count'),
    ('nursing_bed_pressure', 'numerator', 'disabled', 'count'),
    ('platform_registration_rate', 'numerator', 'registered', 'count'),
    ('assessment_coverage', 'numerator', 'assessed', 'count')
) as t(indicator, part, measure, kind);

-- a record-level indicator the model does not know would be published without protection: stop the build
select error('disclosure: record-level indicator ' || code || ' has no cells in 235_disclosure_cells.sql')
from marts.indicator_registry
where record_level and len(inputs) = 0 and code not in (select indicator from work.dc_iv_parts);

create or replace table work.dc_iv_rows as
select
    'iv:' || v.indicator || ':' || v.area_code || ':' || v.year as row_id,
    v.indicator,
    v.area_code,
    v.year,
    p.measure,
    p.kind,
    'iv:' || p.measure || ':' || v.area_code || ':' || v.year as cell_id,
    coalesce(case p.part when 'value' then v.value when 'numerator' then v.numerator else v.denominator end, 0) as value,
    v.cell_n
from work.iv_all as v
join work.dc_iv_parts as p using (indicator);

-- the indicators family: one cell per (count, area, year)
create or replace table work.dc_cells as
with
params as (select cast(value as double) as k from meta.params where key = 'k'),

iv as (
    select
        cell_id,
        'indicators' as family,
        any_value(measure) as measure,
        any_value(area_code) as area_code,
        any_value(year) as year,
        any_value(kind) as kind,
        max(value) as value,
        -- a count below k; an amount over fewer than k records (the row's record count)
        bool_or(case when kind = 'count' then value < (select k from params) else cell_n < (select k from params) end) as is_primary
    from work.dc_iv_rows
    group by cell_id
),

-- monthly visits to elders in special hardship (241), by area
sv as (
    select
        'sv:' || measure || ':' || area_code || ':' || strftime(month, '%Y-%m') as cell_id,
        'special_visits_monthly' as family,
        measure,
        area_code,
        year,
        month,
        'count' as kind,
        cast(n as double) as value,
        n < (select k from params) as is_primary
    from marts.special_visits_monthly
    unpivot (n for measure in (special_elders, visited))
),

-- monthly orders (238): the city only, orders of every status. Districts by month and the split by status are not
-- published: their relations (districts → city, statuses → total, months → the annual indicators) tied most
-- small cells of a year into one block, and hid large cells to protect them (docs/indicators.md).
om as (
    select
        'om:orders:' || area_code || ':' || strftime(month, '%Y-%m') || ':' || service || ':' || channel as cell_id,
        'orders_monthly' as family,
        'orders' as measure,
        area_code,
        year,
        month,
        service,
        channel,
        'count' as kind,
        cast(orders as double) as value,
        orders < (select k from params) as is_primary
    from marts.orders_monthly
    where area_code = 'CITY'
)

select cell_id, family, measure, area_code, year, null::date as month, null::varchar as service, null::varchar as channel, kind, value, is_primary from iv
union all by name
select * from sv
union all by name
select * from om;

-- rows published as a unit: an indicator row shows value, numerator and denominator together
create or replace table work.dc_members as
select distinct row_id, cell_id from work.dc_iv_rows;

create or replace table work.dc_terms as
with
cells as (select * from work.dc_cells),

-- districts → city: the city's count is the sum of its districts' (persons served are distinct within each area,
-- so the city's figure is at most the districts' sum and at least each district's: inequalities)
iv_area as (
    select 'iv:area:' || measure || ':' || year as relation_id, 'eq' as op, cell_id,
        case when area_code = 'CITY' then -1 else 1 end as coef, case when area_code = 'CITY' then 'total' else 'part' end as role
    from cells
    where family = 'indicators' and measure in ('completed', 'closed', 'online', 'meal', 'rating_sum', 'rated', 'subsidy', 'disabled', 'registered', 'assessed')
    union all
    select 'iv:served:' || year, 'le', cell_id, case when area_code = 'CITY' then 1 else -1 end, case when area_code = 'CITY' then 'total' else 'part' end
    from cells where family = 'indicators' and measure = 'served'
    union all
    select 'iv:served:' || d.year || ':' || d.area_code, 'le', x.cell_id, case when x.area_code = 'CITY' then -1 else 1 end, 'part'
    from cells as d
    join cells as x on x.family = 'indicators' and x.measure = 'served' and x.year = d.year and x.area_code in ('CITY', d.area_code)
    where d.family = 'indicators' and d.measure = 'served' and d.area_code <> 'CITY'
),

-- categories within a total: meals, online orders, rated orders and persons served are at most the completed
-- orders; completed orders at most the closed ones; visited elders at most the special elders
iv_within as (
    select 'iv:le:' || s.measure || ':' || s.area_code || ':' || s.year as relation_id, 'le' as op, x.cell_id,
        case when x.measure = s.measure then 1 else -1 end as coef, 'part' as role
    from cells as s
    join (values ('meal', 'completed'), ('online', 'completed'), ('rated', 'completed'), ('served', 'completed'),
                 ('completed', 'closed'), ('visited_pm', 'special_pm')) as p(small, big) on p.small = s.measure
    join cells as x on x.family = 'indicators' and x.area_code = s.area_code and x.year = s.year and x.measure in (p.small, p.big)
    where s.family = 'indicators'
),

-- districts → city by month, and visited at most the special elders
sv_rel as (
    select 'sv:area:' || measure || ':' || strftime(month, '%Y-%m') as relation_id, 'eq' as op, cell_id,
        case when area_code = 'CITY' then -1 else 1 end as coef, case when area_code = 'CITY' then 'total' else 'part' end as role
    from cells where family = 'special_visits_monthly'
    union all
    select 'sv:le:' || area_code || ':' || strftime(month, '%Y-%m'), 'le', cell_id, case when measure = 'visited' then 1 else -1 end, 'part'
    from cells where family = 'special_visits_monthly'
),

-- months → year: the annual visit rate's numerator and denominator are monthly means over the months with special
-- elders (a month without any has no visits either): n · mean = Σ months
sv_months as (
    select area_code, year, count(*) filter (where special_elders > 0) as n
    from marts.special_visits_monthly
    group by area_code, year
),

sv_year as (
    select 'sv:year:' || m.measure || ':' || c.area_code || ':' || c.year as relation_id, 'eq' as op, c.cell_id, -1 as coef, 'part' as role
    from cells as c
    join (values ('visited', 'visited_pm'), ('special_elders', 'special_pm')) as m(measure, annual) on m.measure = c.measure
    where c.family = 'special_visits_monthly'
      and exists (select 1 from cells as a where a.family = 'indicators' and a.measure = m.annual and a.area_code = c.area_code and a.year = c.year)
    union all
    select 'sv:year:' || m.measure || ':' || a.area_code || ':' || a.year, 'eq', a.cell_id, n.n, 'total'
    from cells as a
    join (values ('visited', 'visited_pm'), ('special_elders', 'special_pm')) as m(measure, annual) on m.annual = a.measure
    join sv_months as n using (area_code, year)
    where a.family = 'indicators'
),

-- months → year for orders: the orders of all statuses in a year are at least the annual closed (completed +
-- cancelled) orders of the completion rate
om_year as (
    select 'om:year:' || area_code || ':' || year as relation_id, 'le' as op, cell_id, -1 as coef, 'part' as role
    from cells where family = 'orders_monthly'
    union all
    select 'om:year:' || a.area_code || ':' || a.year, 'le', a.cell_id, 1, 'part'
    from cells as a
    where a.family = 'indicators' and a.measure = 'closed'
      and exists (select 1 from cells as o where o.family = 'orders_monthly' and o.area_code = a.area_code and o.year = a.year)
)

select relation_id, op, cell_id, cast(coef as double) as coef, role from (
    select * from iv_area
    union all select * from iv_within
    union all select * from sv_rel
    union all select * from sv_year
    union all select * from om_year
)
order by relation_id, cell_id;
