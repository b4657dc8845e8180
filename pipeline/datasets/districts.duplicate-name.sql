-- districts: two districts with the same name (the later rows are rejected, naming the first)
select _line, 'name' as column_name, name as value,
  '名称重复，首次出现在第 ' || first_line || ' 行 / duplicate name, first seen on line ' || first_line as reason
from (select _line, name, min(_line) over (partition by name) as first_line, row_number() over (partition by name order by _line) as n
      from (select * from _checked where _ok))
where n > 1
