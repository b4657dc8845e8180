-- targets: the indicator must be a code of the registry (temp table _indicator_codes, from indicators/registry.ts)
select _line, 'indicator' as column_name, indicator as value, '不是指标体系中的指标代码 / not an indicator code of the registry' as reason
from (select * from _checked where _ok)
where indicator not in (select code from _indicator_codes)
