-- service orders: the facility must be one of the facilities loaded before
select _line, 'facility_id' as column_name, facility_id as value, '未知的服务机构编码（不在设施数据中）/ unknown facility (not in facilities)' as reason
from (select * from _checked where _ok) o
where facility_id is not null and not exists (select 1 from staging.facilities f where f.facility_id = o.facility_id)
