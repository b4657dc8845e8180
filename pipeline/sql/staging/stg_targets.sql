-- Input: temp table _clean, the checked rows of targets kept by the load stage (pipeline/load.ts): _line and the
-- typed columns of pipeline/datasets/targets.ts. Runs on its own given that table.
-- targets: scope is CITY or a district code (resolved in the checks)
insert into staging.targets
select indicator, scope_code as scope, year::integer, target, direction, basis
from _clean
order by _line;
