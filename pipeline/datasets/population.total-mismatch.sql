-- population: a total row that differs from its male + female rows (a warning: male and female are used)
with parts as (
  select year, district_code, age_lo, coalesce(age_hi, -1) as hi,
    sum(population) filter (where sex in ('male', 'female')) as male_female,
    count(*) filter (where sex in ('male', 'female')) as n_parts
  from _clean group by all)
select t._line, 'population' as column_name, t.population::varchar as value,
  '合计不等于男女之和（' || p.male_female || '）；使用男女数据 / total differs from male + female (' || p.male_female || '); male and female are used' as reason
from _clean t join parts p on p.year = t.year and p.district_code = t.district_code and p.age_lo = t.age_lo and p.hi = coalesce(t.age_hi, -1)
where t.sex = 'total' and p.n_parts = 2 and p.male_female <> t.population
