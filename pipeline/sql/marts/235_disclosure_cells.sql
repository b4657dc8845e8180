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

-- The rows: each year's figure (span 'period'), and for a partial year the same months of the year before (span
-- 'prior', work.iv_prior_span: published as prior_value and change beside the partial year). A prior-span cell is
-- a count of its own (Jan–Oct 2024 orders), related to the others like the year's cells.
create or replace table work.dc_iv_rows as
with
spans as (
    select indicator, area_code, year, value, numerator, denominator, cell_n, 'period' as span from work.iv_all
    union all by name
    select indicator, area_code, year, value, numerator, denominator, cell_n, 'prior' as span from work.iv_prior_span
)

select
    'iv:' || v.indicator || ':' || v.area_code || ':' || v.year || case when v.span = 'prior' then ':prior' else '' end as row_id,
    v.indicator,
    v.area_code,
    v.year,
    v.span,
    p.measure,
    p.kind,
    'iv:' || p.measure || ':' || v.area_code || ':' || v.year || case when v.span = 'prior' then ':prior' else '' end as cell_id,
    coalesce(case p.part when 'value' then v.value when 'numerator' then v.numerator else v.denominator end, 0) as value,
    v.cell_n
from spans as v
join work.dc_iv_parts as p using (indicator);

-- the indicators family: one cell per (count, area, year)
create or replace table work.dc_cells as
with
params as (select cast(value as double) as k from meta.params where key = 'k'),

iv as (
    select
        cell_id,
        'indicators' as family,
        any_value(span) as span,
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

select cell_id, family, span, measure, area_code, year, null::date as month, null::varchar as service, null::varchar as channel, kind, value, is_primary from iv
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
    select 'iv:area:' || measure || ':' || year || ':' || span as relation_id, 'eq' as op, cell_id,
        case when area_code = 'CITY' then -1 else 1 end as coef, case when area_code = 'CITY' then 'total' else 'part' end as role
    from cells
    where family = 'indicators' and measure in ('completed', 'closed', 'online', 'meal', 'rating_sum', 'rated', 'subsidy', 'disabled', 'registered', 'assessed')
    union all
    select 'iv:served:' || year || ':' || span, 'le', cell_id, case when area_code = 'CITY' then 1 else -1 end, case when area_code = 'CITY' then 'total' else 'part' end
    from cells where family = 'indicators' and measure = 'served'
    union all
    select 'iv:served:' || d.year || ':' || d.span || ':' || d.area_code, 'le', x.cell_id, case when x.area_code = 'CITY' then -1 else 1 end, 'part'
    from cells as d
    join cells as x on x.family = 'indicators' and x.measure = 'served' and x.year = d.year and x.span = d.span and x.area_code in ('CITY', d.area_code)
    where d.family = 'indicators' and d.measure = 'served' and d.area_code <> 'CITY'
),

-- categories within a total: meals, online orders, rated orders and persons served are at most the completed
-- orders; completed orders at most the closed ones; visited elders at most the special elders
iv_within as (
    select 'iv:le:' || s.measure || ':' || s.area_code || ':' || s.year || ':' || s.span as relation_id, 'le' as op, x.cell_id,
        case when x.measure = s.measure then 1 else -1 end as coef, 'part' as role
    from cells as s
    join (values ('meal', 'completed'), ('online', 'completed'), ('rated', 'completed'), ('served', 'completed'),
                 ('completed', 'closed'), ('visited_pm', 'special_pm')) as p(small, big) on p.small = s.measure
    join cells as x on x.family = 'indicators' and x.area_code = s.area_code and x.year = s.year and x.span = s.span and x.measure in (p.small, p.big)
    where s.family = 'indicators'
),

-- the same months of the year before are part of that year: at most its count (orders, persons, amounts)
iv_prior as (
    select 'iv:prior:' || p.measure || ':' || p.area_code || ':' || p.year as relation_id, 'le' as op, x.cell_id,
        case when x.span = 'prior' then 1 else -1 end as coef, 'part' as role
    from cells as p
    join cells as x on x.family = 'indicators' and x.measure = p.measure and x.area_code = p.area_code
        and ((x.span = 'prior' and x.year = p.year) or (x.span = 'period' and x.year = p.year - 1))
    where p.family = 'indicators' and p.span = 'prior' and p.measure not in ('visited_pm', 'special_pm')
      and exists (select 1 from cells as y where y.family = 'indicators' and y.span = 'period' and y.measure = p.measure and y.area_code = p.area_code and y.year = p.year - 1)
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
-- the months each annual figure averages (spec v2 periods: up to the period's end; for the same months of the year
-- before, up to the prior period's end), as 140_iv_services.sql takes them
sv_spans as (
    select year, 'period' as span, year as cell_year, period_end as span_end from marts.periods
    union all
    select year - 1, 'prior', year, prior_period_end from marts.periods where period = 'ytd' and prior_comparable
),

sv_in_span as (
    select c.cell_id, c.measure, c.area_code, s.cell_year, s.span, c.value
    from cells as c
    join sv_spans as s on s.year = c.year and c.month <= s.span_end
    where c.family = 'special_visits_monthly'
),

sv_months as (
    select area_code, cell_year, span, count(*) filter (where measure = 'special_elders' and value > 0) as n
    from sv_in_span
    group by area_code, cell_year, span
),

sv_year as (
    select 'sv:' || c.span || ':' || m.measure || ':' || c.area_code || ':' || c.cell_year as relation_id, 'eq' as op, c.cell_id, -1 as coef, 'part' as role
    from sv_in_span as c
    join (values ('visited', 'visited_pm'), ('special_elders', 'special_pm')) as m(measure, annual) on m.measure = c.measure
    where exists (select 1 from cells as a where a.family = 'indicators' and a.measure = m.annual and a.area_code = c.area_code and a.year = c.cell_year and a.span = c.span)
    union all
    select 'sv:' || a.span || ':' || m.measure || ':' || a.area_code || ':' || a.year, 'eq', a.cell_id, n.n, 'total'
    from cells as a
    join (values ('visited', 'visited_pm'), ('special_elders', 'special_pm')) as m(measure, annual) on m.annual = a.measure
    join sv_months as n on n.area_code = a.area_code and n.cell_year = a.year and n.span = a.span
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
    where a.family = 'indicators' and a.measure = 'closed' and a.span = 'period'
      and exists (select 1 from cells as o where o.family = 'orders_monthly' and o.area_code = a.area_code and o.year = a.year)
)

select relation_id, op, cell_id, cast(coef as double) as coef, role from (
    select * from iv_area
    union all select * from iv_within
    union all select * from iv_prior
    union all select * from sv_rel
    union all select * from sv_year
    union all select * from om_year
)
order by relation_id, cell_id;
