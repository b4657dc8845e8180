-- targets: scope is CITY or a district code (resolved in the checks)
insert into staging.targets
select indicator, scope_code as scope, year::integer, target, direction, basis
from _clean
order by _line;
