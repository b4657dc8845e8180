-- population: the bands of one (year, district, sex) must not overlap and must cover 0 to an open band, with 15, 60,
-- 65 and 80 as boundaries. Rows with a problem of their own are left out (they are rejected already).
with bands as (
    select _line, year, district_code, sex, age_lo, age_hi, age_open, age__txt,
      lag(case when age_open then 999 else age_hi end) over w as prev_hi,
      lag(_line) over w as prev_line
    from (select * from _checked where _ok) window w as (partition by year, district_code, sex order by age_lo, _line)),
  band_overlaps as (
    select _line, age__txt, prev_line from bands where prev_hi >= age_lo),
  groups as (
    select year, district_code, sex,
      min(age_lo) as min_lo, bool_or(age_open) as has_open,
      list_sort(list(age_lo)) as los,
      bool_or(prev_hi is not null and prev_hi + 1 < age_lo) as has_gap,
      bool_or(prev_hi >= age_lo) as has_overlap,
      max(case when not age_open then age_hi end) as max_hi, max(case when age_open then age_lo end) as open_lo
    from bands group by all),
  bad_groups as (
    select *, case
      -- which of two overlapping bands is wrong is unknown: the group's other rows go too, else 60-69 could stand in for 65
      when has_overlap then '同组中有重叠的年龄组 / the group has overlapping bands'
      when min_lo > 0 then '未从0岁开始 / the bands do not start at age 0'
      when has_gap then '年龄组之间有缺口 / the bands leave a gap'
      when not has_open then '缺少开口年龄组（如85+）/ no open-ended band (such as 85+)'
      when open_lo <= max_hi then '开口年龄组与其他年龄组重叠 / the open band overlaps another band'
      when not list_has_all(los, [15, 60, 65, 80]) then '年龄组须以15、60、65、80岁为分界 / 15, 60, 65 and 80 must be band boundaries'
    end as problem
    from groups)
select _line, 'age' as column_name, age__txt as value,
  '与第 ' || prev_line || ' 行的年龄组重叠 / overlaps the band on line ' || prev_line as reason
from band_overlaps
union all
select b._line, 'age', b.age__txt,
  g.problem || '（' || g.year::integer || ' ' || g.district_code || ' ' || g.sex || '）'
from bands b join bad_groups g using (year, district_code, sex)
where g.problem is not null and b._line not in (select _line from band_overlaps)
